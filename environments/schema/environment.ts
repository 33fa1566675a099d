/** The whole typed environment: composed from one schema per layer plus cross-field rules. */
import { z } from 'zod';
import { AWS_REGION_ZONES } from '../../lib/aws-regions';
import { checkEks, eksSchema } from './eks';
import { checkEdge, checkOperatorHostsRestricted, edgeSchema } from './edge';
import { checkData, dataSchema } from './data';
import { checkDr, drSchema, recoverySchema } from './dr';
import { checkRegionalArns } from './regional-ids';
import { checkNetwork, networkSchema } from './network';
import { accountId, awsRegion, dnsName, logRetentionDays, resourceName, tags } from './primitives';
import { checkCloudExecution, checkState, stateSchema } from './state';
import { alarmNotificationsSchema, checkAlarmNotifications } from './alarm-notifications';
import { checkRunnerNetwork, runnerNetworkSchema } from './runner-network';
import { assetsCdnSchema, checkHostnameOrigins } from './assets-cdn';
import { checkSubnetCapacity } from './subnet-capacity';
import { checkWorkloads, workloadsSchema } from './workloads';
import { checkMonitoring, monitoringSchema } from './monitoring';
import { costSchema } from './cost';
import { checkPipelineClusterAccess, pipelineSchema } from './pipeline';
import { checkDerivedNames } from './derived-names';
import { checkClusterUniqueness } from './uniqueness';
import type { IssueReporter } from './issues';

export const awsSchema = z.object({
  /** Primary region. */
  region: awsRegion,
  /** The account this environment deploys into; the provider refuses any other. */
  accountId,
  /** Availability zones, in subnet order. */
  availabilityZones: z.array(z.string()).min(2, 'needs at least 2 availability zones'),
});

export const environmentSchema = z
  .object({
    /** Environment name; also the infra stack's name. */
    name: resourceName,
    /** `production` and `staging` get the strict rules (remote state, HA, retention); `development` is throwaway. */
    tier: z.enum(['production', 'staging', 'development']),
    /** Project slug used in resource names. */
    project: resourceName,
    aws: awsSchema,
    /** Public domain (Cloudflare zone). */
    domain: z.object({ apex: dnsName }),
    /** DNS and edge: Route53 origin and private zones, ACM, Cloudflare (docs/edge.md). */
    edge: edgeSchema,
    state: stateSchema,
    network: networkSchema,
    data: dataSchema,
    eks: eksSchema,
    /** The `<env>-workloads` stack: app services and cluster add-ons. */
    workloads: workloadsSchema,
    /** Prometheus, Grafana, Alertmanager and exporters in the workloads stack (docs/monitoring.md). */
    monitoring: monitoringSchema,
    /** Usage assumptions of the monthly cost report (docs/cost.md). @default every assumption's default */
    cost: costSchema.default({}),
    /** Disaster recovery: continuous copies in a second region; `recovery` marks an environment that recovers another (docs/disaster-recovery.md). */
    dr: drSchema.optional(),
    recovery: recoverySchema.optional(),
    /** GitHub Actions OIDC roles for this environment's account (the `pipeline-<env>` stack); none when absent. */
    pipeline: pipelineSchema.optional(),
    /** How the deploy runner reaches a private-only EKS API (Transit Gateway or peering routes); required then. */
    runnerNetwork: runnerNetworkSchema.optional(),
    /** Static-asset hostnames served from the assets bucket through CloudFront. @default none */
    assetsCdn: assetsCdnSchema.optional(),
    /** Who receives the CloudWatch alarms (SNS subscriptions); required in production. */
    alarmNotifications: alarmNotificationsSchema.default({}),
    /** Default retention of this environment's CloudWatch log groups. */
    logRetentionDays,
    /** Extra tags on every AWS resource (provider default_tags). */
    tags: tags.default({}),
  })
  .superRefine((env, ctx) => {
    const report: IssueReporter = (path, message, options) =>
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: [...path], message, params: options?.consequence ? { consequence: true } : undefined });
    checkEnvironment(env, report);
  });

export type EnvironmentInput = z.input<typeof environmentSchema>;
export type EnvironmentConfig = z.output<typeof environmentSchema>;

function checkEnvironment(env: z.output<typeof environmentSchema>, report: IssueReporter): void {
  const strict = env.tier !== 'development';
  const letters = AWS_REGION_ZONES[env.aws.region];
  env.aws.availabilityZones.forEach((zone, index) => {
    if (!letters) return; // aws.region itself is reported
    const letter = zone.startsWith(env.aws.region) ? zone.slice(env.aws.region.length) : undefined;
    if (letter === undefined || !letters.includes(letter)) {
      report(['aws', 'availabilityZones', index], `"${zone}" is not an availability zone of aws.region ${env.aws.region} (expected one of ${letters.map((l) => env.aws.region + l).join(', ')})`);
    }
    if (env.aws.availabilityZones.indexOf(zone) !== index) {
      report(['aws', 'availabilityZones', index], `"${zone}" is listed twice`);
    }
  });
  if (env.tier === 'production' && env.aws.availabilityZones.length < 3) {
    report(['aws', 'availabilityZones'], 'production needs 3 availability zones for high availability');
  }
  if (strict && env.state.backend === 'local') {
    report(['state', 'backend'], `"local" state is only for development; a ${env.tier} environment needs "s3" or "cloud"`);
  }
  if (env.tier === 'production' && env.logRetentionDays < 365) {
    report(['logRetentionDays'], 'must be at least 365 days in production (CKV_AWS_338)');
  }
  checkState(env.state, env.aws.accountId, report);
  checkCloudExecution(env.state, { kubernetesAuth: env.workloads.kubernetesAuth, publicEndpoint: env.eks.endpoint.publicAccess }, report);
  checkAlarmNotifications(env.alarmNotifications, env.tier, report);
  checkRunnerNetwork(env.runnerNetwork, { vpcCidr: env.network.vpcCidr, endpoint: env.eks.endpoint }, report);
  checkHostnameOrigins(env.assetsCdn, { hostnames: env.edge.hostnames.map((h) => h.name), servedByIngress: ingressHostnames(env) }, report);
  checkNetwork(env.network, env.aws.availabilityZones.length, env.tier === 'production', report);
  checkSubnetCapacity(env.network, env.eks.nodeGroups, env.aws.availabilityZones.length, report);
  checkEks(env.eks, env.aws.accountId, env.tier === 'production', report);
  checkPipelineClusterAccess(env, report);
  checkDerivedNames(env, report); // names the AWS and Terraform Cloud APIs would refuse (name-limits.ts)
  checkClusterUniqueness(env, report);
  checkData(env.data, env.tier, env.aws.region, report);
  checkEdge(env.edge, env.domain.apex, report, env.recovery !== undefined);
  checkOperatorHostsRestricted(env.edge, env.tier, ingressHostnames(env), report);
  checkWorkloads(env.workloads, {
    hostnames: env.edge.hostnames.map((h) => h.name),
    secrets: env.data.secrets,
    hasGpuNodeGroup: Object.values(env.eks.nodeGroups).some((g) => g.gpu),
  }, report);
  checkDr(env, report);
  checkRegionalArns(env, report);
  checkMonitoring(env.monitoring, { hostnames: env.edge.hostnames.map((h) => h.name), secrets: env.data.secrets }, report);
}

/** Public hostnames an Ingress serves, with the config field that names each. */
function ingressHostnames(env: z.output<typeof environmentSchema>): Map<string, string> {
  const served = new Map<string, string>();
  for (const [name, svc] of Object.entries(env.workloads.services)) if (svc.hostname) served.set(svc.hostname, `workloads.services.${name}`);
  if (env.monitoring.grafana.hostname) served.set(env.monitoring.grafana.hostname, 'monitoring.grafana');
  return served;
}
