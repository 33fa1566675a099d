/** VPC and security-group rules (docs/policy-checks.md: security groups / VPC). */
import { asList } from '../support/synth';
import type { Json, SynthStack } from '../support/synth';
import { relatedRule, resourceRule, type PolicyRule } from './rule';

const OPEN = ['0.0.0.0/0', '::/0'];
const SG_TYPES = ['aws_security_group', 'aws_security_group_rule', 'aws_vpc_security_group_ingress_rule', 'aws_vpc_security_group_egress_rule'];

/** Ingress rules of any SG-ish resource, normalised to { cidrs, from, to, protocol }. */
function rulesOf(type: string, attrs: Json, direction: 'ingress' | 'egress'): { cidrs: string[]; from: number; to: number; protocol: string }[] {
  const norm = (r: Json) => ({
    cidrs: [...asList<string>(r.cidr_blocks), ...asList<string>(r.ipv6_cidr_blocks), ...asList<string>(r.cidr_ipv4), ...asList<string>(r.cidr_ipv6)],
    from: Number(r.from_port ?? -1),
    to: Number(r.to_port ?? -1),
    protocol: String(r.protocol ?? r.ip_protocol ?? '-1'),
  });
  if (type === 'aws_security_group') return asList<Json>(attrs[direction]).map(norm);
  if (type === 'aws_security_group_rule') return attrs.type === direction ? [norm(attrs)] : [];
  if (type === `aws_vpc_security_group_${direction}_rule`) return [norm(attrs)];
  return [];
}

const coversPort = (r: { from: number; to: number; protocol: string }, port: number) =>
  r.protocol === '-1' || r.protocol === 'all' || (r.from <= port && port <= r.to);

function openIngressRule(id: string, port: number | 'all', mirrors?: string): PolicyRule {
  return resourceRule(id, `no ${OPEN.join('/')} ingress to ${port === 'all' ? 'all ports' : `port ${port}`}`, SG_TYPES, (r) => {
    const open = rulesOf(r.type, r.attrs, 'ingress').filter((rule) => rule.cidrs.some((c) => OPEN.includes(c)));
    const bad = open.filter((rule) => (port === 'all' ? rule.protocol === '-1' || (rule.from <= 0 && rule.to >= 65535) : coversPort(rule, port)));
    return bad.length > 0 ? `ingress open to the internet on ${port}` : undefined;
  }, mirrors);
}

/**
 * Well-known database and data-store ports: SQL Server, Oracle, MySQL/Aurora, PostgreSQL, Redshift, Redis/Valkey,
 * Cassandra, Elasticsearch/OpenSearch (HTTP and transport), Memcached, MongoDB.
 */
export const DATABASE_PORTS = [1433, 1521, 3306, 5432, 5439, 6379, 9042, 9200, 9300, 11211, 27017] as const;

/** The ports the stack's own data stores listen on (a database moved to another port stays covered). */
const dataStorePorts = (stack: SynthStack): number[] => stack.resources('aws_db_instance', 'aws_rds_cluster', 'aws_elasticache_replication_group', 'aws_elasticache_cluster', 'aws_docdb_cluster', 'aws_opensearch_domain')
  .map((r) => Number(r.attrs.port)).filter((p) => Number.isInteger(p) && p > 0);

export const networkRules: PolicyRule[] = [
  resourceRule('CKV_AWS_130', 'subnets do not assign public IPs on launch', ['aws_subnet'],
    (r) => (r.attrs.map_public_ip_on_launch === true ? 'map_public_ip_on_launch is true' : undefined), 'AVD-AWS-0164'),
  resourceRule('CKV_AWS_23', 'security groups and their rules have descriptions', SG_TYPES, (r) => {
    if (r.type === 'aws_security_group') {
      if (!r.attrs.description) return 'security group has no description';
      const inline = [...asList<Json>(r.attrs.ingress), ...asList<Json>(r.attrs.egress)];
      return inline.some((rule) => !rule.description) ? 'an inline rule has no description' : undefined;
    }
    return r.attrs.description ? undefined : 'rule has no description';
  }, 'AVD-AWS-0099/0124'),
  openIngressRule('CKV_AWS_24', 22, 'AVD-AWS-0107'),
  openIngressRule('CKV_AWS_25', 3389, 'AVD-AWS-0107'),
  openIngressRule('CKV_AWS_260', 80),
  openIngressRule('CKV_AWS_277', 'all'),
  resourceRule('SG_DATABASE_PORTS_CLOSED', `no ${OPEN.join('/')} ingress to a database port (${DATABASE_PORTS.join(', ')}, or a port a data store of the stack uses)`, SG_TYPES, (r, stack) => {
    const ports = [...new Set([...DATABASE_PORTS, ...dataStorePorts(stack)])];
    const open = rulesOf(r.type, r.attrs, 'ingress').filter((rule) => rule.cidrs.some((c) => OPEN.includes(c)));
    const exposed = ports.filter((port) => open.some((rule) => coversPort(rule, port)));
    return exposed.length > 0 ? `database port${exposed.length > 1 ? 's' : ''} ${exposed.join(', ')} open to the internet` : undefined;
  }, 'AVD-AWS-0107'),
  resourceRule('CKV_AWS_382', 'no allow-all egress to the internet', SG_TYPES, (r) => {
    const bad = rulesOf(r.type, r.attrs, 'egress').filter((rule) => rule.protocol === '-1' && rule.cidrs.some((c) => OPEN.includes(c)));
    return bad.length > 0 ? 'egress allows every protocol to 0.0.0.0/0' : undefined;
  }, 'AVD-AWS-0104'),
  {
    id: 'CKV2_AWS_5',
    title: 'every security group is attached to something',
    evaluate: (stack) => stack.resources('aws_security_group').flatMap((sg) => {
      const users = stack.referencing(sg.address).filter((r) => !SG_TYPES.includes(r.type) || r.type === 'aws_security_group');
      const outputs = Object.values(stack.json.output ?? {}).some((o) => JSON.stringify(o).includes(`${sg.address}.`));
      return users.length > 0 || outputs ? [] : [{ address: sg.address, message: 'security group is not attached to any resource' }];
    }),
  },
  relatedRule('CKV2_AWS_11', 'every VPC has flow logs', 'aws_vpc', ['aws_flow_log'], () => true, 'VPC has no aws_flow_log', 'AVD-AWS-0178'),
  relatedRule('CKV2_AWS_12', "the VPC's default security group has no rules", 'aws_vpc', ['aws_default_security_group'],
    (d) => asList(d.attrs.ingress).length === 0 && asList(d.attrs.egress).length === 0,
    'default security group is not managed to have zero rules', 'AVD-AWS-0173'),
  resourceRule('CKV_AWS_148', 'the default VPC is not managed', ['aws_default_vpc'], () => 'aws_default_vpc is managed', 'AVD-AWS-0101'),
];
