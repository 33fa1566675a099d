/** CloudWatch Logs and alarms, KMS keys and requests, Secrets Manager, Route53 zones/queries/health checks, Cloudflare plan. */
import type { PricingContext, Resource } from '../pricing-context';
import { byName } from './storage';
import type { Pricer } from './pricer';

const MONTHS_PER_DAY = 12 / 365;
/** Never-expiring log groups are shown at one year's accumulation (they keep growing). */
const NEVER_EXPIRES_MONTHS = 12;

export const managementPricer: Pricer = {
  types: [
    'aws_cloudwatch_log_group', 'aws_cloudwatch_metric_alarm', 'aws_kms_key', 'aws_secretsmanager_secret',
    'aws_route53_zone', 'aws_route53_health_check',
  ],
  price(ctx) {
    for (const group of ctx.resources('aws_cloudwatch_log_group')) priceLogGroup(ctx, group);
    for (const alarm of ctx.resources('aws_cloudwatch_metric_alarm')) priceAlarm(ctx, alarm);
    priceKms(ctx);
    priceSecrets(ctx);
    priceRoute53(ctx);
    priceCloudflarePlan(ctx);
  },
};

function priceLogGroup(ctx: PricingContext, group: Resource): void {
  const name = String(group.attrs.name ?? group.name);
  const gb = byName(ctx.assumptions.logIngestGb, name);
  const ingest = ctx.regional(group.region, 'logsIngestGb', `${group.address} ingestion`);
  if (ingest) ctx.add('CloudWatch Logs', ingest, gb, `${name}: ingested (assumed logIngestGb)`);
  const days = Number(group.attrs.retention_in_days ?? 0);
  const months = days > 0 ? days * MONTHS_PER_DAY : NEVER_EXPIRES_MONTHS;
  const storage = ctx.regional(group.region, 'logsStorageGbMonth', `${group.address} storage`);
  const kept = days > 0 ? `${days} d retention` : 'never expires (one year shown)';
  if (storage) ctx.add('CloudWatch Logs', storage, gb * ctx.assumptions.logStoredFraction * months, `${name}: stored at steady state, ${kept}`);
}

function priceAlarm(ctx: PricingContext, alarm: Resource): void {
  const queries = (alarm.attrs.metric_query ?? []) as Array<{ metric?: unknown }>;
  const metrics = queries.length > 0 ? queries.filter((q) => q.metric !== undefined).length : 1;
  const highResolution = Number(alarm.attrs.period ?? 60) < 60;
  const price = ctx.regional(alarm.region, highResolution ? 'alarmHighResolutionMonth' : 'alarmStandardMonth', alarm.address);
  if (price) ctx.add('CloudWatch alarms', price, metrics, String(alarm.attrs.alarm_name ?? alarm.name));
}

function priceKms(ctx: PricingContext): void {
  const keys = ctx.resources('aws_kms_key');
  for (const key of keys) {
    const price = ctx.regional(key.region, 'kmsKeyMonth', key.address);
    const spec = key.attrs.customer_master_key_spec ?? 'SYMMETRIC_DEFAULT';
    if (price) ctx.add('KMS', price, 1, `${key.attrs.description ?? key.name} (${spec}, ${key.region})`);
  }
  if (keys.length > 0) {
    const requests = ctx.regional(keys[0].region, 'kmsRequests10k', 'KMS requests');
    if (requests) ctx.add('KMS', requests, ctx.assumptions.kmsRequests / 10_000, `${ctx.assumptions.kmsRequests.toLocaleString('en-US')} requests (assumed kmsRequests)`);
  }
}

function priceSecrets(ctx: PricingContext): void {
  const secrets = ctx.resources('aws_secretsmanager_secret');
  for (const secret of secrets) {
    const price = ctx.regional(secret.region, 'secretMonth', secret.address);
    const replicas = Array.isArray(secret.attrs.replica) ? secret.attrs.replica.length : 0;
    if (price) ctx.add('Secrets Manager', price, 1 + replicas, String(secret.attrs.name ?? secret.name));
  }
  if (secrets.length > 0) {
    const calls = ctx.regional(secrets[0].region, 'secretsApi10k', 'Secrets Manager API calls');
    if (calls) ctx.add('Secrets Manager', calls, ctx.assumptions.secretsApiCalls / 10_000, `${ctx.assumptions.secretsApiCalls.toLocaleString('en-US')} API calls (assumed secretsApiCalls)`);
  }
}

function priceRoute53(ctx: PricingContext): void {
  const zones = ctx.resources('aws_route53_zone');
  for (const zone of zones) {
    const price = ctx.global('route53ZoneMonth', zone.address);
    if (price) ctx.add('Route53', price, 1, `zone ${zone.attrs.name ?? zone.name}`);
  }
  if (zones.length > 0) {
    const queries = ctx.global('route53QueriesMillion', 'Route53 queries');
    if (queries) ctx.add('Route53', queries, ctx.assumptions.route53QueriesMillions, 'standard queries (assumed route53QueriesMillions; alias queries to AWS resources are free)');
  }
  for (const check of ctx.resources('aws_route53_health_check')) {
    const type = String(check.attrs.type ?? '');
    if (!/^HTTPS?(_STR_MATCH)?$|^TCP$/.test(type)) {
      ctx.missing(`${check.address} (${type})`, 'only endpoint health checks are in the price book');
      continue;
    }
    // The probed name resolves to Cloudflare, so these are non-AWS endpoints.
    const features = [type.startsWith('HTTPS'), type.endsWith('_STR_MATCH'), Number(check.attrs.request_interval ?? 30) === 10, check.attrs.measure_latency === true].filter(Boolean).length;
    const base = ctx.global('healthCheckNonAwsMonth', check.address);
    const feature = ctx.global('healthCheckFeatureNonAwsMonth', `${check.address} features`);
    if (base) ctx.add('Route53', base, 1, `health check ${check.attrs.fqdn ?? check.name} (non-AWS endpoint)`);
    if (feature && features > 0) ctx.add('Route53', feature, features, `health check ${check.attrs.fqdn ?? check.name}: optional features (HTTPS, string match, fast interval, latency)`);
  }
}

function priceCloudflarePlan(ctx: PricingContext): void {
  const plan = ctx.assumptions.cloudflarePlan;
  if (plan === 'none') return;
  const prices = ctx.global('cloudflarePlanMonth', `Cloudflare ${plan} plan`);
  const price = prices?.[plan];
  if (price) ctx.add('Cloudflare plan', price, 1, `${plan} (cost.cloudflarePlan)`);
  else if (prices) ctx.missing(`Cloudflare ${plan} plan`, `no ${plan} price in cost/prices.ts`);
}
