/** Construct-level guards and the peering variant of the runner path (production uses the Transit Gateway one). */
import { AlarmSubscriptions } from '../constructs/data/alarm-subscriptions';
import { ClusterAddons } from '../constructs/eks/cluster-addons';
import { RunnerRoutes } from '../constructs/runner-routes';
import { StateBackendRole } from '../constructs/state-access';
import type { RunnerNetworkConfig } from '../environments/schema/runner-network';
import { synthConstruct } from './support/scope';
import { KUBERNETES_VERSIONS, type KubernetesVersionTable } from '../environments/versions';

const peering: RunnerNetworkConfig = { attachment: 'vpc-peering', peeringConnectionId: 'pcx-0123456789abcdef0', cidrs: ['10.100.0.0/16', '10.101.0.0/16'] };

test('vpc-peering: a route per runner CIDR in every given route table, through the peering connection, no attachment', () => {
  const stack = synthConstruct((scope) => new RunnerRoutes(scope, 'runner', { namePrefix: 'acme', vpcId: 'vpc-1', subnetIds: ['s1', 's2'], routeTableIds: ['rt-a', 'rt-b'], network: peering }));
  expect(stack.resources('aws_ec2_transit_gateway_vpc_attachment')).toEqual([]);
  expect(stack.resources('aws_route').map((r) => [r.attrs.route_table_id, r.attrs.destination_cidr_block, r.attrs.vpc_peering_connection_id])).toEqual([
    ['rt-a', '10.100.0.0/16', 'pcx-0123456789abcdef0'], ['rt-a', '10.101.0.0/16', 'pcx-0123456789abcdef0'],
    ['rt-b', '10.100.0.0/16', 'pcx-0123456789abcdef0'], ['rt-b', '10.101.0.0/16', 'pcx-0123456789abcdef0'],
  ]);
});

test.each([
  ['runner routes without route tables', () => new RunnerRoutes(null as never, 'r', { namePrefix: 'acme', vpcId: 'v', subnetIds: [], routeTableIds: [], network: peering }), /no route tables/],
  ['alarm subscriptions without a subscriber', () => new AlarmSubscriptions(null as never, 'a', { topicArn: 't', subscribers: [] }), /at least one subscriber/],
  ['a backend role that is not a role ARN', () => new StateBackendRole(null as never, 's', {
    access: { environment: 'x', roleArn: 'arn:aws:iam::111111111111:user/x', trustedRoleArns: [], stateKeys: [] }, accountId: '1', bucketArn: 'b', keyArn: 'k', region: 'eu-north-1',
  }), /is not a role ARN/],
])('refuses %s', (_label, build, message) => {
  expect(() => synthConstruct(() => build())).toThrow(message);
});

test('coredns and the EBS CSI driver refuse to be created without a non-GPU node group to wait for', () => {
  expect(() => synthConstruct((scope) => {
    const role = { roleArn: 'r', serviceAccount: 's' } as never;
    const versions = Object.values(KUBERNETES_VERSIONS as KubernetesVersionTable)[0].addons;
    new ClusterAddons(scope, 'addons', { clusterName: 'c', versions, roles: { vpcCni: role, ebsCsi: role } }).addAfterNodes([]);
  })).toThrow(/need at least one non-GPU node group/);
});
