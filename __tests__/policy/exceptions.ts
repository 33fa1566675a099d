/**
 * The only place a policy rule may be waived. Each exception names the rule, the environment tiers it applies to, the
 * resource address it covers (a regular expression), and why. Waivers are keyed by tier, never by environment name,
 * so a new environment gets exactly the waivers its tier justifies. A test fails if an exception no longer matches
 * anything.
 */
import type { EnvironmentConfig } from '../../environments';

export type Tier = EnvironmentConfig['tier'];

export interface PolicyException {
  readonly rule: string;
  /** Tiers of the environments whose stacks it covers, or `*` for every stack. */
  readonly tiers: readonly Tier[] | '*';
  /** Matches the Terraform address of the waived resource. */
  readonly address: RegExp;
  readonly reason: string;
}

/** Tiers below production: config validation holds production to the rules these waive. */
const BELOW_PRODUCTION: readonly Tier[] = ['staging', 'development'];

export const POLICY_EXCEPTIONS: readonly PolicyException[] = [
  {
    rule: 'CKV2_AWS_57',
    tiers: '*',
    address: /^aws_secretsmanager_secret\.plan-guard_hmac-secret_/,
    reason: 'The plan-guard run task\'s HMAC key is shared with Terraform Cloud, which signs with it: a rotation Lambda could not change Terraform Cloud\'s copy. It is rotated by applying tfc-<env> with a new TF_VAR_run_task_hmac_key (docs/deploying.md, Terraform Cloud runbook).',
  },
  {
    rule: 'IAM_SERVICE_TRUST_SCOPED',
    tiers: '*',
    address: /^aws_iam_role\.eks_node-role_/,
    reason: 'The EKS node role trusts ec2.amazonaws.com exactly as the EKS user guide ("Amazon EKS node IAM role") gives it: EC2 does not document sending aws:SourceAccount/SourceArn when it assumes an instance profile role, and a condition on a key the service leaves out denies every node its credentials. Who may attach the role is iam:PassRole (the deploy role passes only project roles).',
  },
  {
    rule: 'CKV_AWS_61',
    tiers: '*',
    address: /^aws_iam_role\.backend-role-/,
    reason: 'The state backend role trusts its account only together with an aws:PrincipalArn condition naming the deploy roles (state.trustedRoleArns): IAM refuses trust policies naming roles that do not exist yet, and bootstrap runs before the deploy roles exist.',
  },
  {
    rule: 'CKV_AWS_145',
    tiers: '*',
    address: /^aws_s3_bucket\..*access-logs/,
    reason: 'S3 server access log delivery cannot write to SSE-KMS buckets; log buckets use SSE-S3 (AES256).',
  },
  {
    rule: 'CKV_AWS_18',
    tiers: '*',
    address: /^aws_s3_bucket\..*access-logs/,
    reason: 'An access-log bucket does not log into itself (that would loop); it is the logging target of the others.',
  },
  {
    rule: 'CKV_AWS_338',
    tiers: BELOW_PRODUCTION,
    address: /^aws_cloudwatch_log_group\./,
    reason: 'Below production, logs may be kept less than a year by decision (cost; staging keeps 90 days); config validation enforces >= 365 days for the production tier.',
  },
  {
    rule: 'CKV_AWS_7',
    tiers: '*',
    address: /^aws_kms_key\.edge_origin-zone_dnssec_key_/,
    reason: 'Route53 DNSSEC needs an asymmetric ECC_NIST_P256 SIGN_VERIFY key, and KMS cannot rotate asymmetric keys (checkov skips non-symmetric keys); the key-signing key is rolled by creating a new KSK instead.',
  },
  {
    rule: 'CKV2_AWS_57',
    tiers: '*',
    address: /^aws_secretsmanager_secret\.data_secrets_(STRIPE_SECRET_KEY|STRIPE_WEBHOOK_SECRET|SENDGRID_API_KEY|SENTRY_DSN|OPENAI_API_KEY)_/,
    reason: 'Third-party API keys are issued by Stripe/SendGrid/Sentry/OpenAI: a rotation Lambda cannot mint them. They are rotated at the provider and written to the holder out of band (README: Data layer).',
  },
  {
    rule: 'CKV2_AWS_57',
    tiers: '*',
    address: /^aws_secretsmanager_secret\.data_secrets_(DATABASE_URL|JWT_SECRET|ENCRYPTION_KEY|SESSION_SECRET|QR_ENCRYPTION_KEY|POSTGRES_APP_CREDENTIALS)_/,
    reason: 'App-held keys (JWT, session, encryption, QR) need a coordinated key roll in the apps (old key kept to verify/decrypt), and DATABASE_URL / POSTGRES_APP_CREDENTIALS follow the app database role (apps use IAM tokens; only the RDS Proxy logs in with this password; an AWS rotation Lambda for PostgreSQL is the follow-up); values are set out of band. The RDS master secret is rotated by RDS itself.',
  },
  {
    rule: 'CKV_AWS_157',
    tiers: BELOW_PRODUCTION,
    address: /^aws_db_instance\.data_postgres_instance_/,
    reason: 'Below production a single-AZ database is allowed by decision (cost; restore from backup is acceptable there). Config validation requires data.postgres.multiAz in the production tier.',
  },
  {
    rule: 'CKV_AWS_39',
    tiers: BELOW_PRODUCTION,
    address: /^aws_eks_cluster\./,
    reason: 'Below production the API endpoint may be public, limited to named office/CI networks (CKV_AWS_38 still enforced, 0.0.0.0/0 refused by validation), so hosted CI can deploy without a VPC agent. Production is private-only.',
  },
  {
    rule: 'CKV2_AWS_57',
    tiers: '*',
    address: /^aws_secretsmanager_secret\.data_secrets_(GRAFANA_ADMIN_PASSWORD|ALERTMANAGER_SLACK_WEBHOOK_URL|ALERTMANAGER_PAGERDUTY_ROUTING_KEY|POSTGRES_EXPORTER_PASSWORD)_/,
    reason: 'Monitoring credentials (README: Monitoring): the Slack webhook URL and PagerDuty routing key are issued by Slack/PagerDuty; the Grafana admin password is read by Grafana only when its database is initialised, and the exporter password belongs to a PostgreSQL role created out of band, so a rotation Lambda would desynchronise them. Rotated by hand, values set out of band.',
  },
];

/** The exception waiving `rule` for `address` in a stack of an environment of `tier`, if any. */
export function isExcepted(rule: string, tier: Tier, address: string): PolicyException | undefined {
  return POLICY_EXCEPTIONS.find((e) => e.rule === rule && (e.tiers === '*' || e.tiers.includes(tier)) && e.address.test(address));
}

/** The tier of each stack: `<env>` and `<env>-workloads` have their environment's; `bootstrap` its owner's (production first). */
export function stackTiers(envs: Readonly<Record<string, EnvironmentConfig>>): Record<string, Tier> {
  const tiers: Record<string, Tier> = {};
  for (const env of Object.values(envs)) {
    tiers[env.name] = env.tier;
    tiers[`${env.name}-workloads`] = env.tier;
    tiers[`${env.name}-gpu`] = env.tier;
    // The environment's own state bucket (`bootstrap-<env>`), pipeline roles (`pipeline-<env>`) and Terraform Cloud
    // side (`tfc-<env>`) share its tier.
    tiers[`bootstrap-${env.name}`] = env.tier;
    tiers[`pipeline-${env.name}`] = env.tier;
    tiers[`tfc-${env.name}`] = env.tier;
  }
  return tiers;
}
