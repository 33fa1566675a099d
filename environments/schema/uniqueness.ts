/**
 * What an API allows once per cluster: an EKS access entry per principal, a Pod Identity association per namespace and
 * service account. Two claims on one key synthesize fine and fail CreateAccessEntry or CreatePodIdentityAssociation
 * (ResourceInUseException) halfway through an apply. Sources: docs/api-rules.md.
 */
import { partitionOf } from '../../lib/aws-regions';
import { pipelineRoleArns } from './pipeline';
import { REDIS_TOKEN_IDENTITY, WORKLOAD_IDENTITIES } from './workload-identities';
import { usesPodIdentity } from './workloads';
import type { EnvironmentConfig } from './environment';
import type { IssuePath, IssueReporter } from './issues';

/** One claim on a once-per-cluster key, with the config field that makes it (undefined: made by the platform itself). */
interface Claim {
  readonly key: string;
  readonly field?: IssuePath;
  readonly what: string;
}

/** Every principal that gets an access entry: the platform's own first, then eks.access in list order. */
function accessEntryClaims(env: EnvironmentConfig): Claim[] {
  const partition = partitionOf(env.aws.region);
  const roles = pipelineRoleArns(env);
  const automatic: Claim[] = [
    // Managed node groups add the node role's EC2_LINUX entry themselves.
    { key: `arn:${partition}:iam::${env.aws.accountId}:role/${env.project}-${env.name}-node`, what: 'the node role (its entry is made by the managed node groups)' },
    ...roles.plan.map((key) => ({ key, what: 'a pipeline plan role (read-only entry made by the pipeline)' })),
    ...roles.deploy.map((key) => ({ key, what: 'a pipeline deploy role (cluster-admin entry made by the pipeline)' })),
  ];
  const listed = Object.entries(env.eks.access).flatMap(([list, arns]) => arns.map((key, i) => ({ key, field: ['eks', 'access', list, i], what: `eks.access.${list}[${i}]` })));
  return [...automatic, ...listed];
}

function podIdentityClaims(env: EnvironmentConfig): Claim[] {
  const at = (namespace: string, serviceAccount: string) => `${namespace}/${serviceAccount}`;
  return [
    ...Object.values(WORKLOAD_IDENTITIES).map((id) => ({ key: at(id.namespace, id.serviceAccount), what: `the platform's ${id.serviceAccount}` })),
    { key: at(REDIS_TOKEN_IDENTITY.namespace, REDIS_TOKEN_IDENTITY.serviceAccount), what: 'the Redis token job' },
    ...Object.entries(env.workloads.services)
      .filter(([, svc]) => usesPodIdentity(svc))
      .map(([service]) => ({ key: at(env.workloads.namespace, service), field: ['workloads', 'services', service], what: `workloads.services.${service}` })),
  ];
}

/** Reports each configured claim on a key that an earlier claim (platform or config) already holds. */
function reportDuplicates(claims: readonly Claim[], describe: (key: string, first: Claim) => string, report: IssueReporter): void {
  const first = new Map<string, Claim>();
  for (const claim of claims) {
    const before = first.get(claim.key);
    if (!before) first.set(claim.key, claim);
    else if (claim.field) report(claim.field, describe(claim.key, before));
  }
}

/**
 * One access entry per principal and one Pod Identity association per service account, per cluster. Pipeline roles
 * listed under eks.access are reported by checkPipelineClusterAccess, with the fix, and skipped here.
 */
export function checkClusterUniqueness(env: EnvironmentConfig, report: IssueReporter): void {
  const pipeline = pipelineRoleArns(env);
  const pipelineRoles = new Set([...pipeline.plan, ...pipeline.deploy]);
  reportDuplicates(
    accessEntryClaims(env).filter((c) => !(c.field && pipelineRoles.has(c.key))),
    (arn, first) => `${arn} already has an access entry as ${first.what}: EKS allows one access entry per principal per cluster; keep it in one list`,
    report,
  );
  reportDuplicates(
    podIdentityClaims(env),
    (sa, first) => `service account ${sa} already has a Pod Identity association (${first.what}): EKS allows one per service account per cluster; rename the service or move workloads.namespace`,
    report,
  );
}
