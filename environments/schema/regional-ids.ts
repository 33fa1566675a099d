/**
 * Regional identifiers: a Transit Gateway, VPC, subnet, security group or peering connection id, and the ARN of a
 * KMS key, ACM certificate or any other regional resource, each name a resource of exactly one region. An
 * environment can only use those of the region it runs in; a recovery environment in another region cannot reuse
 * the ones of the environment it recovers (environments/recovery.ts checks that across environments).
 */
import { checkArnHome, parseArn } from './aws-arn';
import type { IssuePath, IssueReporter } from './issues';

/** Prefixes of EC2/VPC resource ids, each a resource of one region (the id carries no region of its own). */
export const REGIONAL_ID_KINDS: Readonly<Record<string, string>> = {
  tgw: 'Transit Gateway',
  'tgw-attach': 'Transit Gateway attachment',
  'tgw-rtb': 'Transit Gateway route table',
  vpc: 'VPC',
  subnet: 'subnet',
  sg: 'security group',
  pcx: 'VPC peering connection',
  vpce: 'VPC endpoint',
  rtb: 'route table',
  igw: 'internet gateway',
  nat: 'NAT gateway',
  eni: 'network interface',
  vgw: 'virtual private gateway',
  cgw: 'customer gateway',
  pl: 'prefix list',
};

const ID = /^([a-z]+(?:-[a-z]+)?)-[0-9a-f]{8,17}$/;

/** A regional identifier found in config, with what it names and its region when the value says (ARNs). */
export interface RegionalIdentifier {
  readonly path: IssuePath;
  readonly value: string;
  /** e.g. `Transit Gateway`, `kms ARN`. */
  readonly kind: string;
  /** The region an ARN names; `undefined` for bare ids. */
  readonly region?: string;
}

/** What a string names, if it is a regional identifier. */
export function regionalIdentifier(value: string): Omit<RegionalIdentifier, 'path' | 'value'> | undefined {
  const arn = parseArn(value);
  if (arn) return arn.region ? { kind: `${arn.service} ARN`, region: arn.region } : undefined;
  const prefix = ID.exec(value)?.[1];
  return prefix && prefix in REGIONAL_ID_KINDS ? { kind: REGIONAL_ID_KINDS[prefix] } : undefined;
}

/** Every regional identifier anywhere in `config`, in config order (fields added later are covered without a change here). */
export function regionalIdentifiers(config: unknown, path: IssuePath = []): RegionalIdentifier[] {
  if (typeof config === 'string') {
    const found = regionalIdentifier(config);
    return found ? [{ path, value: config, ...found }] : [];
  }
  if (Array.isArray(config)) return config.flatMap((item, i) => regionalIdentifiers(item, [...path, i]));
  // Tags are labels, not references: a tag value may mention any id.
  if (config !== null && typeof config === 'object') return Object.entries(config).filter(([key]) => key !== 'tags').flatMap(([key, item]) => regionalIdentifiers(item, [...path, key]));
  return [];
}

/** The parts of an environment the rule reads. */
export interface RegionalSubject {
  readonly aws: { readonly region: string };
}

/** Config sections whose regional ARNs are checked elsewhere: state (checkState: the bucket's region), recovery (checkDr: with the account). */
const CHECKED_ELSEWHERE = ['state', 'recovery'];
/** ARNs a global service requires in one fixed region, by section and service: CloudFront uses ACM certificates of us-east-1 only. */
const FIXED_REGIONS: readonly { section: string; service: string; region: string; field: string }[] = [
  { section: 'assetsCdn', service: 'acm', region: 'us-east-1', field: 'CloudFront\'s certificate region' },
];

/** Every regional ARN in the config must name aws.region (or the fixed region its service requires there). */
export function checkRegionalArns(env: RegionalSubject, report: IssueReporter): void {
  for (const id of regionalIdentifiers(env)) {
    const section = String(id.path[0]);
    if (!id.region || CHECKED_ELSEWHERE.includes(section)) continue;
    const fixed = FIXED_REGIONS.find((f) => f.section === section && id.kind === `${f.service} ARN`);
    checkArnHome(id.value, fixed ? { region: fixed.region, regionField: fixed.field } : { region: env.aws.region }, id.path, report);
  }
}
