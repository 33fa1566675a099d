import { Network } from '../constructs/network';
import { synthConstruct } from './support/scope';
import { asList, parsePolicy, platformStack } from './support/synth';

const zones = ['eu-north-1a', 'eu-north-1b', 'eu-north-1c'];
const baseProps = {
  namePrefix: 'acme-test',
  region: 'eu-north-1',
  accountId: '111111111111',
  vpcCidr: '10.0.0.0/16',
  availabilityZones: zones,
  subnetCidrs: {
    public: ['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24'],
    private: ['10.0.32.0/19', '10.0.64.0/19', '10.0.96.0/19'],
    isolated: ['10.0.200.0/24', '10.0.201.0/24', '10.0.202.0/24'],
  },
  flowLogs: { trafficType: 'ALL' as const, retentionDays: 365 },
  logsKmsKeyArn: 'arn:aws:kms:eu-north-1:111111111111:key/test',
};

describe('Network', () => {
  const stack = synthConstruct((scope) => new Network(scope, 'net', { ...baseProps, interfaceEndpoints: ['ecr.api', 'sts'] }));

  test('one subnet per zone per tier, none assigning public IPs, each in its zone', () => {
    const subnets = stack.resources('aws_subnet');
    expect(subnets).toHaveLength(9);
    for (const tier of ['public', 'private', 'isolated']) {
      const tierSubnets = subnets.filter((s) => s.attrs.tags.Tier === tier);
      expect(tierSubnets.map((s) => s.attrs.availability_zone).sort()).toEqual(zones);
    }
    expect(subnets.every((s) => s.attrs.map_public_ip_on_launch === false)).toBe(true);
  });

  test('load-balancer discovery tags on public and private subnets', () => {
    const tagsOf = (tier: string) => stack.resources('aws_subnet').filter((s) => s.attrs.tags.Tier === tier).map((s) => s.attrs.tags);
    expect(tagsOf('public').every((t) => t['kubernetes.io/role/elb'] === '1')).toBe(true);
    expect(tagsOf('private').every((t) => t['kubernetes.io/role/internal-elb'] === '1')).toBe(true);
    expect(tagsOf('isolated').every((t) => !('kubernetes.io/role/elb' in t) && !('kubernetes.io/role/internal-elb' in t))).toBe(true);
  });

  test('a NAT gateway per zone by default, each private route table using its own zone', () => {
    const nats = stack.resources('aws_nat_gateway');
    expect(nats).toHaveLength(3);
    const privateRoutes = stack.resources('aws_route').filter((r) => r.attrs.nat_gateway_id);
    expect(new Set(privateRoutes.map((r) => r.attrs.nat_gateway_id)).size).toBe(3);
  });

  test('a single NAT gateway when asked', () => {
    const single = synthConstruct((scope) => new Network(scope, 'net', { ...baseProps, natGateways: 'single' }));
    expect(single.resources('aws_nat_gateway')).toHaveLength(1);
    expect(single.resources('aws_route').filter((r) => r.attrs.nat_gateway_id)).toHaveLength(3);
  });

  test('isolated subnets have no default route', () => {
    const isolatedTable = stack.one('aws_route_table', 'isolated');
    const routesOfIsolated = stack.referencing(isolatedTable.address, 'aws_route');
    expect(routesOfIsolated).toEqual([]);
    const associations = stack.referencing(isolatedTable.address, 'aws_route_table_association');
    expect(associations).toHaveLength(3);
  });

  test('the public route table routes to the internet gateway', () => {
    const route = stack.resources('aws_route').find((r) => r.attrs.gateway_id);
    expect(route?.attrs.destination_cidr_block).toBe('0.0.0.0/0');
    expect(route?.attrs.gateway_id).toMatch(/^\$\{aws_internet_gateway\./);
  });

  test('the default security group is stripped of every rule', () => {
    const sg = stack.one('aws_default_security_group');
    expect(sg.attrs.ingress).toEqual([]);
    expect(sg.attrs.egress).toEqual([]);
    expect(sg.attrs.vpc_id).toBe(`\${${stack.one('aws_vpc').address}.id}`);
  });

  test('flow logs go to an encrypted log group through a role scoped to that group', () => {
    const group = stack.one('aws_cloudwatch_log_group');
    expect(group.attrs).toMatchObject({ kms_key_id: baseProps.logsKmsKeyArn, retention_in_days: 365 });
    const flowLog = stack.one('aws_flow_log');
    expect(flowLog.attrs).toMatchObject({ traffic_type: 'ALL', log_destination_type: 'cloud-watch-logs', log_destination: `\${${group.address}.arn}` });
    const policy = parsePolicy(stack.one('aws_iam_role_policy').attrs.policy);
    expect(policy.Statement[0].Resource).toEqual([`\${${group.address}.arn}`, `\${${group.address}.arn}:*`]);
    const trust = parsePolicy(stack.one('aws_iam_role').attrs.assume_role_policy);
    expect(trust.Statement[0].Condition.StringEquals['aws:SourceAccount']).toBe('111111111111');
  });

  test('S3 gateway endpoint on private and isolated route tables; interface endpoints admit only the VPC on 443', () => {
    const s3 = stack.resources('aws_vpc_endpoint').find((e) => e.attrs.vpc_endpoint_type === 'Gateway');
    expect(s3?.attrs.service_name).toBe('com.amazonaws.eu-north-1.s3');
    expect(s3?.attrs.route_table_ids).toHaveLength(4);
    const interfaces = stack.resources('aws_vpc_endpoint').filter((e) => e.attrs.vpc_endpoint_type === 'Interface');
    expect(interfaces.map((e) => e.attrs.service_name).sort()).toEqual(['com.amazonaws.eu-north-1.ecr.api', 'com.amazonaws.eu-north-1.sts']);
    expect(interfaces.every((e) => e.attrs.private_dns_enabled === true && e.attrs.subnet_ids.length === 3)).toBe(true);
    const ingress = stack.one('aws_vpc_security_group_ingress_rule');
    expect(ingress.attrs).toMatchObject({ cidr_ipv4: '10.0.0.0/16', from_port: 443, to_port: 443, ip_protocol: 'tcp' });
    expect(stack.resources('aws_vpc_security_group_egress_rule')).toEqual([]);
  });

  test('rejects a subnet list that does not match the zones', () => {
    expect(() => synthConstruct((scope) => new Network(scope, 'net', {
      ...baseProps, subnetCidrs: { ...baseProps.subnetCidrs, isolated: ['10.0.200.0/24'] },
    }))).toThrow(/subnetCidrs.isolated needs one CIDR per zone \(3\)/);
  });
});

describe('Network in the environments', () => {
  test('production: NAT per zone and the configured interface endpoints', () => {
    const production = platformStack('production');
    expect(production.resources('aws_nat_gateway')).toHaveLength(3);
    expect(production.resources('aws_vpc_endpoint').filter((e) => e.attrs.vpc_endpoint_type === 'Interface')).toHaveLength(10);
    expect(production.one('aws_vpc').attrs.cidr_block).toBe('10.10.0.0/16');
  });
  test('staging: one NAT, same three-zone shape', () => {
    const staging = platformStack('staging');
    expect(staging.resources('aws_nat_gateway')).toHaveLength(1);
    expect(staging.resources('aws_subnet')).toHaveLength(9);
    expect(asList(staging.one('aws_vpc').attrs.cidr_block)).toEqual(['10.20.0.0/16']);
  });
  test('no data source calls AWS APIs in the infra stacks (docs/decisions/0012-offline-deterministic-synth.md)', () => {
    for (const name of ['production', 'staging']) {
      const apiCalling = platformStack(name).dataSources().filter((d) => !['aws_iam_policy_document'].includes(d.type));
      expect(apiCalling.map((d) => d.address)).toEqual([]);
    }
  });
});
