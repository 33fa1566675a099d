/**
 * Test environments beyond the shipped two: a `development`-tier environment built exactly as docs/environments.md
 * tells an operator to (copy staging, change every listed field), and realistic replacements for placeholders.
 */
import type { EnvironmentInput } from '../../environments';
import { serviceCatalog } from '../../environments/services';
import { staging } from '../../environments/staging';
import { TEST_ORIGIN_PULL_CA } from './origin-pull-test-ca';

/** Realistic stand-ins for the shipped placeholder values (not example ids, not documentation networks). */
export const REALISTIC = {
  accounts: { '111111111111': '402938475610', '222222222222': '518273645091' } as Record<string, string>,
  cloudflareZoneId: '3f2a9c7e5b1d4a6f8e0c2b4d6f8a0c1e',
  transitGatewayId: 'tgw-04f3a9b1c7d2e8f65',
  networks: { '203.0.113.0/24': '185.32.44.0/24', '198.51.100.0/24': '91.198.17.0/24' } as Record<string, string>,
} as const;

/** A copy of `input` with every shipped placeholder replaced by a realistic value. */
export function withoutPlaceholders(input: EnvironmentInput): EnvironmentInput {
  let text = JSON.stringify(input);
  for (const [from, to] of Object.entries(REALISTIC.accounts)) text = text.split(from).join(to);
  for (const [from, to] of Object.entries(REALISTIC.networks)) text = text.split(from).join(to);
  text = text.split('0123456789abcdef0123456789abcdef').join(REALISTIC.cloudflareZoneId);
  text = text.split('tgw-0123456789abcdef0').join(REALISTIC.transitGatewayId);
  const real = JSON.parse(text) as EnvironmentInput;
  // The origin-pull CA defaults to the shipped example: a real deployment gives the zone's own.
  return { ...real, edge: { ...real.edge, originPull: { ...real.edge.originPull, caBundle: TEST_ORIGIN_PULL_CA } } };
}

/**
 * The docs/environments.md walkthrough as code: `environments/dev.ts` copied from staging with the fields docs/environments.md
 * lists changed. `index` shifts the VPC range so several can coexist in one registry.
 */
export function developmentEnvironment(name = 'dev', accountId = '634512789023', index = 0): EnvironmentInput {
  const base = withoutPlaceholders(staging);
  const net = `10.${30 + index}`;
  const host = (prefix: string) => `${prefix}${name}.aifeedback.se`;
  const role = (role: string) => `arn:aws:iam::${accountId}:role/${role}`;
  return {
    ...base,
    name,
    tier: 'development',
    aws: { ...base.aws, accountId },
    // State in the dev account's own bucket (`bootstrap-dev`), through its own backend role.
    state: {
      backend: 's3',
      bucket: `aifeedback-${name}-terraform-state`,
      region: base.aws.region,
      keyPrefix: 'aifeedback',
      roleArn: role(`aifeedback-${name}-terraform-state`),
      trustedRoleArns: [role('terraform-deploy'), role('platform-admin')],
    },
    assetsCdn: { hostnames: [host('cdn-'), host('assets-')] },
    edge: {
      ...base.edge,
      originZone: `origin-${name}.aifeedback.se`,
      privateZone: `${name}.aifeedback.internal`,
      hostnames: [
        { name: host(''), origin: 'app' },
        { name: host('api-'), origin: 'api', cache: 'bypass' },
        { name: host('business-'), origin: 'business' },
        { name: host('cdn-'), origin: 'cdn', cache: 'static' },
        { name: host('assets-'), origin: 'assets', cache: 'static' },
      ],
    },
    network: {
      ...base.network,
      vpcCidr: `${net}.0.0/16`,
      subnets: {
        public: [`${net}.0.0/24`, `${net}.1.0/24`, `${net}.2.0/24`],
        private: [`${net}.32.0/19`, `${net}.64.0/19`, `${net}.96.0/19`],
        isolated: [`${net}.200.0/24`, `${net}.201.0/24`, `${net}.202.0/24`],
      },
    },
    eks: {
      ...base.eks,
      access: { adminRoleArns: [role('platform-admin')], deployRoleArns: [role('terraform-deploy')] },
    },
    workloads: {
      ...base.workloads,
      services: serviceCatalog({ app: host(''), api: host('api-'), business: host('business-') }),
    },
    monitoring: {
      ...base.monitoring,
      alertmanager: {
        ...base.monitoring.alertmanager,
        receivers: [{ name: 'slack', kind: 'slack', secret: 'ALERTMANAGER_SLACK_WEBHOOK_URL', channel: `#alerts-${name}` }],
      },
    },
  } as EnvironmentInput;
}
