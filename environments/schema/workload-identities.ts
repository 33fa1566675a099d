/**
 * The in-cluster identities that get AWS permissions through EKS Pod Identity: one association per namespace and
 * service account. The cluster constructs create them; validation derives role names and checks uniqueness from them.
 */

/** Namespace and service account of every platform workload that gets AWS permissions; the workloads stack uses the same. */
export const WORKLOAD_IDENTITIES = {
  awsLoadBalancerController: { namespace: 'kube-system', serviceAccount: 'aws-load-balancer-controller' },
  externalDns: { namespace: 'external-dns', serviceAccount: 'external-dns' },
  clusterAutoscaler: { namespace: 'kube-system', serviceAccount: 'cluster-autoscaler' },
  externalSecrets: { namespace: 'external-secrets', serviceAccount: 'external-secrets' },
  logShipping: { namespace: 'amazon-cloudwatch', serviceAccount: 'fluent-bit' },
  ebsCsi: { namespace: 'kube-system', serviceAccount: 'ebs-csi-controller-sa' },
  vpcCni: { namespace: 'kube-system', serviceAccount: 'aws-node' },
} as const;
export type WorkloadIdentity = keyof typeof WORKLOAD_IDENTITIES;

/** The monitoring job that mints the Redis exporter's IAM auth token (elasticache:Connect); an app-style identity. */
export const REDIS_TOKEN_IDENTITY = { namespace: 'monitoring', serviceAccount: 'redis-iam-token' } as const;
