/**
 * Who can assume each role: the trust policy evaluated with realistic requests. What a role is for comes from how
 * the stacks use it (the service a resource hands it to, the pod identity association that binds it, the pipeline's
 * OIDC subjects), never from the trust policy under review, so a trust that drifts from the usage is caught.
 */
import { evaluate, type Decision } from './simulate';
import type { ModelRole } from './roles';
import type { EnvironmentModel, Json } from './stack-model';

export interface TrustScenario {
  readonly label: string;
  readonly principal: string;
  readonly action: string;
  readonly context: Readonly<Record<string, string | string[]>>;
  readonly expect: 'allow' | 'deny';
}

export interface TrustFinding {
  readonly role: string;
  readonly scenario: TrustScenario;
  readonly decision: Decision;
}

/** Which service a resource hands a role to, by the attribute that names the role. */
const PASSED_TO: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  aws_eks_cluster: { role_arn: 'eks.amazonaws.com' },
  aws_eks_node_group: { node_role_arn: 'ec2.amazonaws.com' },
  aws_db_instance: { monitoring_role_arn: 'monitoring.rds.amazonaws.com' },
  aws_db_proxy: { role_arn: 'rds.amazonaws.com' },
  aws_flow_log: { iam_role_arn: 'vpc-flow-logs.amazonaws.com' },
  aws_backup_selection: { iam_role_arn: 'backup.amazonaws.com' },
  aws_backup_restore_testing_selection: { iam_role_arn: 'backup.amazonaws.com' },
  aws_s3_bucket_replication_configuration: { role: 's3.amazonaws.com' },
};

export interface PodBinding { readonly clusterArn: string; readonly namespace: string; readonly serviceAccount: string }

export interface RoleUsage {
  /** Services the stacks hand the role to. */
  readonly services: Set<string>;
  /** Service accounts bound to the role through EKS Pod Identity. */
  readonly pods: PodBinding[];
}


/** How every role of the model is used, keyed by role ARN. */
export function roleUsage(model: EnvironmentModel): Map<string, RoleUsage> {
  const usage = new Map<string, RoleUsage>();
  const of = (arn: string) => usage.get(arn) ?? usage.set(arn, { services: new Set(), pods: [] }).get(arn)!;
  const clusterArn = (r: { stack: string; attrs: Json }) => {
    const name = String(model.resolve(r.attrs.cluster_name, r.stack));
    const cluster = model.resources().find((c) => c.type === 'aws_eks_cluster' && model.identifier(c) === name);
    return cluster ? model.arn(cluster) : `unresolved cluster ${name}`;
  };
  for (const r of model.resources()) {
    for (const [attr, service] of Object.entries(PASSED_TO[r.type] ?? {})) {
      if (r.attrs[attr] !== undefined) of(String(model.resolve(r.attrs[attr], r.stack))).services.add(service);
    }
    if (r.type === 'aws_eks_pod_identity_association') {
      of(String(model.resolve(r.attrs.role_arn, r.stack))).pods.push({
        clusterArn: clusterArn(r), namespace: String(model.resolve(r.attrs.namespace, r.stack)), serviceAccount: String(model.resolve(r.attrs.service_account, r.stack)),
      });
    }
    if (r.type === 'aws_eks_addon') {
      for (const association of [r.attrs.pod_identity_association ?? []].flat() as Json[]) {
        // Managed add-ons run in kube-system (vpc-cni's aws-node, the EBS CSI controller).
        of(String(model.resolve(association.role_arn, r.stack))).pods.push({ clusterArn: clusterArn(r), namespace: 'kube-system', serviceAccount: String(model.resolve(association.service_account, r.stack)) });
      }
    }
  }
  return usage;
}

const podTags = (p: PodBinding) => ({
  'aws:RequestTag/eks-cluster-arn': p.clusterArn,
  'aws:RequestTag/kubernetes-namespace': p.namespace,
  'aws:RequestTag/kubernetes-service-account': p.serviceAccount,
});

/** Requests that must succeed and requests that must fail for a role used as `usage` says. */
export function serviceTrustScenarios(usage: RoleUsage, accountId: string, otherClusterArn: string): TrustScenario[] {
  const scenarios: TrustScenario[] = [];
  for (const service of usage.services) {
    const context = { 'aws:SourceAccount': accountId };
    scenarios.push({ label: `${service} assumes it`, principal: service, action: 'sts:AssumeRole', context, expect: 'allow' });
    scenarios.push({ label: `another service (lambda.amazonaws.com) cannot`, principal: 'lambda.amazonaws.com', action: 'sts:AssumeRole', context, expect: 'deny' });
  }
  for (const pod of usage.pods) {
    const own = podTags(pod);
    const who = `${pod.namespace}/${pod.serviceAccount}`;
    for (const action of ['sts:AssumeRole', 'sts:TagSession']) {
      scenarios.push({ label: `${action} for pods of ${who}`, principal: 'pods.eks.amazonaws.com', action, context: own, expect: 'allow' });
    }
    scenarios.push(
      { label: `a pod of ${who} in another namespace cannot`, principal: 'pods.eks.amazonaws.com', action: 'sts:AssumeRole', context: { ...own, 'aws:RequestTag/kubernetes-namespace': `${pod.namespace}-other` }, expect: 'deny' },
      { label: `another service account in ${pod.namespace} cannot`, principal: 'pods.eks.amazonaws.com', action: 'sts:AssumeRole', context: { ...own, 'aws:RequestTag/kubernetes-service-account': `${pod.serviceAccount}-other` }, expect: 'deny' },
      { label: `${who} on another cluster cannot`, principal: 'pods.eks.amazonaws.com', action: 'sts:AssumeRole', context: { ...own, 'aws:RequestTag/eks-cluster-arn': otherClusterArn }, expect: 'deny' },
    );
  }
  return scenarios;
}

/** The GitHub OIDC token claims of a job: `sub` as GitHub forms it (docs.github.com, "About security hardening with OpenID Connect"). */
export function githubToken(providerArn: string, sub: string, aud = 'sts.amazonaws.com'): Pick<TrustScenario, 'principal' | 'action' | 'context'> {
  const host = providerArn.split('oidc-provider/')[1];
  return { principal: providerArn, action: 'sts:AssumeRoleWithWebIdentity', context: { [`${host}:sub`]: sub, [`${host}:aud`]: aud } };
}

/** Evaluates each scenario against the role's trust policy; returns the ones whose outcome differs from the expectation. */
export async function trustFindings(role: ModelRole, scenarios: readonly TrustScenario[], accountId: string): Promise<TrustFinding[]> {
  const findings: TrustFinding[] = [];
  for (const scenario of scenarios) {
    const decision = await evaluate({ label: scenario.label, principal: scenario.principal, identityPolicies: [] },
      { action: scenario.action, resource: role.arn, resourceAccount: accountId, context: scenario.context, resourcePolicy: role.trust });
    if (decision.allowed !== (scenario.expect === 'allow')) findings.push({ role: role.name, scenario, decision });
  }
  return findings;
}

export const describeTrustFinding = (f: TrustFinding) =>
  `${f.role}: trust: ${f.scenario.label}: expected ${f.scenario.expect}, got ${f.decision.result} (${f.scenario.action} by ${f.scenario.principal}; ${f.decision.reason}; statement: ${f.decision.statements.join(', ') || `${f.role} trust`})`;
