/**
 * The kubernetes and helm providers of a stack that works inside the environment's cluster (`<env>-workloads`,
 * `<env>-gpu`). Endpoint, CA and name come from the `<env>` stack by cdktf cross-stack reference.
 */
import { DataAwsEksClusterAuth } from '@cdktf/provider-aws/lib/data-aws-eks-cluster-auth';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { Fn } from 'cdktf';
import type { Construct } from 'constructs';
import { HELM_DRIVER } from '../../lib/kubernetes-api';
import type { EksCluster } from '../eks/eks-cluster';

export interface ClusterProvidersProps {
  /** The `<env>` stack's cluster (name, endpoint and CA by cross-stack reference). */
  readonly cluster: EksCluster;
  readonly region: string;
  /** `token`: a token data source (Terraform Cloud runners have no aws CLI); `exec`: `aws eks get-token` per call. */
  readonly auth: 'token' | 'exec';
}

export function clusterProviders(scope: Construct, props: ClusterProvidersProps): void {
  const { cluster } = props;
  const connection = { host: cluster.endpoint, clusterCaCertificate: Fn.base64decode(cluster.certificateAuthorityData) };
  // Exec auth refreshes tokens on long local applies; a token from the data source lasts 15 minutes.
  const exec = { apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'aws', args: ['eks', 'get-token', '--cluster-name', cluster.name, '--region', props.region] };
  const token = props.auth === 'token' ? new DataAwsEksClusterAuth(scope, 'cluster-auth', { name: cluster.name }).token : undefined;
  new KubernetesProvider(scope, 'kubernetes', { ...connection, ...(token ? { token } : { exec: [exec] }) });
  // Release records in ConfigMaps, so a plan can refresh releases without reading Secrets (lib/kubernetes-api.ts).
  new HelmProvider(scope, 'helm', { helmDriver: HELM_DRIVER, kubernetes: { ...connection, ...(token ? { token } : { exec }) } });
}
