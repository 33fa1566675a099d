/**
 * The plan guard against synthetic `terraform show -json` plans: every protected type and every action,
 * every risky-update rule (planted and not), the allow-list with its expiry, and the exit codes 0/1/2.
 */
import { spawnSync } from 'child_process';
import { mkdtempSync, writeFileSync } from 'fs';
import { join } from 'path';
import { AllowListError, MAX_ALLOW_DAYS, parseAllowList, type AllowEntry } from '../lib/plan-guard/allow-list';
import { EXIT, runGuard, stackFromPath } from '../lib/plan-guard/cli';
import { evaluatePlan, formatReport } from '../lib/plan-guard/guard';
import { parsePlan, PlanFormatError, type Json, type ResourceChange } from '../lib/plan-guard/plan';
import { PROTECTED_TYPES, RISKY_CHANGES, ROTATING_TYPES, VANISHED_TYPES } from '../lib/plan-guard/protected-resources';
import { tempDir } from './support/temp-dir';

const TODAY = new Date('2026-03-10T12:00:00Z');
const dir = tempDir('plan-guard-');

function change(type: string, actions: string[], before: Json | null = {}, after: Json | null = {}, extra: Partial<ResourceChange['change']> = {}): ResourceChange {
  return { address: `${type}.main`, type, mode: 'managed', change: { actions, before, after, after_unknown: {}, ...extra } };
}
const plan = (...changes: ResourceChange[]) => ({ format_version: '1.2', terraform_version: '1.11.4', planned_values: {}, resource_changes: changes });
const evaluate = (changes: ResourceChange[], entries: AllowEntry[] = [], stack = 'production') =>
  evaluatePlan(parsePlan(JSON.stringify(plan(...changes)), 'plan.json'), entries, stack, TODAY);

function files(planDoc: unknown, allowYaml = 'entries: []\n'): string[] {
  const sub = mkdtempSync(join(dir, 'case-'));
  writeFileSync(join(sub, 'plan.json'), typeof planDoc === 'string' ? planDoc : JSON.stringify(planDoc));
  writeFileSync(join(sub, 'allow.yaml'), allowYaml);
  return [join(sub, 'plan.json'), '--allow-list', join(sub, 'allow.yaml'), '--stack', 'production'];
}
function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = runGuard(argv, { out: (l) => out.push(l), err: (l) => err.push(l), today: TODAY });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const REPLACE_FORMS = [['delete', 'create'], ['create', 'delete']];

describe.each(Object.keys(VANISHED_TYPES))('a %s the refresh found gone', (type) => {
  const gone = { ...change(type, ['delete'], { name: 'a' }, null) };
  const withDrift = (...changes: ResourceChange[]) => evaluatePlan(parsePlan(JSON.stringify({ ...plan(...changes), resource_drift: [gone] }), 'plan.json'), [], 'production', TODAY);

  test('is blocked when the plan creates it again, saying why', () => {
    const report = withDrift(change(type, ['create'], null, { name: 'a' }));
    expect(report.findings).toEqual([expect.objectContaining({ address: `${type}.main`, action: 'create', status: 'blocked', why: expect.stringContaining('create after the refresh found it gone') })]);
  });

  test('a create of a new one (no drift) passes, and so does a create of another address', () => {
    expect(evaluate([change(type, ['create'], null, { name: 'a' })]).blocked).toBe(false);
    expect(withDrift({ ...change(type, ['create'], null, { name: 'b' }), address: `${type}.other` }).blocked).toBe(false);
  });
});

describe.each(Object.keys(PROTECTED_TYPES))('protected type %s', (type) => {
  test.each(REPLACE_FORMS)('replace (%s, %s) is blocked, naming the attribute that forces it', (...actions) => {
    const report = evaluate([change(type, actions, { name: 'a' }, { name: 'b' }, { replace_paths: [['name']] })]);
    expect(report.blocked).toBe(true);
    expect(report.findings).toEqual([expect.objectContaining({ address: `${type}.main`, action: 'replace', status: 'blocked', why: expect.stringContaining('replace forced by name') })]);
    expect(report.counts.replace).toBe(1);
  });

  test('delete is blocked, with the reason Terraform gives', () => {
    const report = evaluate([{ ...change(type, ['delete'], { name: 'a' }, null), action_reason: 'delete_because_no_resource_config' }]);
    expect(report.findings).toEqual([expect.objectContaining({ action: 'delete', status: 'blocked', why: expect.stringContaining('removed from the configuration') })]);
  });

  test.each([['create'], ['no-op'], ['read'], ['forget']])('%s passes', (action) => {
    expect(evaluate([change(type, [action])]).blocked).toBe(false);
  });

  test('an in-place update of an unrelated attribute passes', () => {
    expect(evaluate([change(type, ['update'], { tags: { a: '1' } }, { tags: { a: '2' } })]).blocked).toBe(false);
  });
});

test('unprotected resources may be replaced and deleted', () => {
  const report = evaluate([change('aws_security_group_rule', ['delete', 'create']), change('aws_iam_role_policy', ['delete'])]);
  expect(report).toMatchObject({ blocked: false, findings: [], counts: { replace: 1, delete: 1 } });
});

describe.each(Object.entries(ROTATING_TYPES))('a plain delete of rotating type %s', (type, rule) => {
  /** Values with the rule's identity (e.g. labels.NodeGroup) and name attribute. */
  const values = (identity: string, name: string): Json =>
    ({ [rule.nameAttribute]: name, ...rule.identityPath.reduceRight<unknown>((inner, key) => ({ [key]: inner }), identity) as Json });
  const removed = { ...change(type, ['delete'], values('general', 'general-aaaa1111'), null), action_reason: 'delete_because_no_resource_config' };
  const created = (identity: string, name: string, extra: Partial<ResourceChange['change']> = {}): ResourceChange =>
    ({ ...change(type, ['create'], null, values(identity, name), extra), address: `${type}.successor` });

  test('planted: a delete with no successor is blocked, saying what goes, why, and how to do it safely', () => {
    const report = evaluate([removed]);
    expect(report.findings).toEqual([expect.objectContaining({ address: `${type}.main`, action: 'delete', status: 'blocked' })]);
    const why = report.findings[0].why;
    expect(why).toContain(`${rule.what} ${rule.identityPath.at(-1)} "general"`);
    expect(why).toContain('removed from the configuration');
    expect(why).toContain(rule.plainDelete);
    expect(formatReport(report, 'stack production')).toMatch(new RegExp(`BLOCKED delete  ${type}\.main: `));
  });

  test('planted: a create under another identity (a renamed key) is no successor, so the delete is blocked', () => {
    expect(evaluate([removed, created('general-v2', 'general-v2-bbbb2222')]).findings).toEqual([expect.objectContaining({ action: 'delete', status: 'blocked' })]);
  });

  test('planted: a successor under the same name is blocked (the create fails while the old one exists)', () => {
    expect(evaluate([removed, created('general', 'general-aaaa1111')]).findings)
      .toEqual([expect.objectContaining({ status: 'blocked', why: expect.stringContaining(`same ${rule.nameAttribute} "general-aaaa1111"`) })]);
  });

  test.each<[string, ResourceChange]>([
    ['a new name', created('general', 'general-bbbb2222')],
    ['a name known only after apply', created('general', 'ignored', { after_unknown: { [rule.nameAttribute]: true } })],
  ])('a delete next to the create of its successor under %s is a rotation: it passes and is listed', (_label, successor) => {
    const report = evaluate([removed, successor]);
    expect(report).toMatchObject({ blocked: false, findings: [], counts: { create: 1, delete: 1 } });
    expect(report.rotations).toEqual([expect.objectContaining({ address: `${type}.main`, action: 'delete', cause: expect.stringContaining(`${type}.successor`) })]);
    expect(formatReport(report, 'stack production')).toMatch(new RegExp(`ROTATE  delete  ${type}\.main: "general-aaaa1111" -> .*created as ${type}\.successor`));
  });

  test('a reviewed allow-list entry lets the plain delete through', () => {
    const entry: AllowEntry = { stack: 'production', address: `${type}.main`, action: 'delete', reason: 'group retired, its pods moved to general-v2', expires: '2026-03-20' };
    expect(evaluate([removed], [entry])).toMatchObject({ blocked: false, findings: [{ status: 'allowed' }] });
  });
});

test('data sources are never findings', () => {
  expect(evaluate([{ ...change('aws_kms_key', ['delete', 'create']), mode: 'data' }]).findings).toEqual([]);
});

/** A triggering before/after and a harmless one for every risky-update rule. */
const RISKY_CASES: Record<string, [trigger: [unknown, unknown], harmless: [unknown, unknown]]> = {
  'aws_db_instance.engine_version': [['16.4', '17.2'], ['16.3', '16.4']],
  'aws_db_instance.instance_class': [['db.r6g.large', 'db.r6g.xlarge'], ['db.r6g.large', 'db.r6g.large']],
  'aws_db_instance.storage_type': [['gp2', 'gp3'], ['gp3', 'gp3']],
  'aws_db_instance.deletion_protection': [[true, false], [false, true]],
  'aws_db_instance.skip_final_snapshot': [[false, true], [true, false]],
  'aws_db_instance.backup_retention_period': [[14, 0], [14, 7]],
  'aws_rds_cluster.engine_version': [['15.4', '16.1'], ['16.1', '16.2']],
  'aws_rds_cluster.db_cluster_instance_class': [['db.r6gd.large', 'db.r6gd.xlarge'], ['db.r6gd.large', 'db.r6gd.large']],
  'aws_rds_cluster.deletion_protection': [[true, false], [false, true]],
  'aws_rds_cluster_instance.instance_class': [['db.r6g.large', 'db.r6g.2xlarge'], ['db.r6g.large', 'db.r6g.large']],
  'aws_elasticache_replication_group.node_type': [['cache.r7g.large', 'cache.r7g.xlarge'], ['cache.r7g.large', 'cache.r7g.large']],
  'aws_elasticache_replication_group.engine_version': [['6.2', '7.1'], ['7.0', '7.1']],
  'aws_elasticache_replication_group.snapshot_retention_limit': [[7, 0], [7, 3]],
  'aws_eks_node_group.ami_type': [['AL2023_x86_64_STANDARD', 'BOTTLEROCKET_x86_64'], ['AL2023_x86_64_NVIDIA', 'AL2023_x86_64_NVIDIA']],
  'aws_eks_node_group.instance_types': [[['m7i.large'], ['m7i.xlarge']], [['m7i.large'], ['m7i.large']]],
  'aws_eks_node_group.capacity_type': [['ON_DEMAND', 'SPOT'], ['SPOT', 'SPOT']],
  'aws_kms_alias.target_key_id': [['key-a', 'key-b'], ['key-a', 'key-a']],
  'aws_kms_key.is_enabled': [[true, false], [false, true]],
  'aws_s3_bucket.force_destroy': [[false, true], [true, false]],
  'aws_route53_zone.force_destroy': [[false, true], [true, false]],
  'aws_backup_vault.force_destroy': [[false, true], [true, false]],
  'aws_route53_hosted_zone_dnssec.signing_status': [['SIGNING', 'NOT_SIGNING'], ['NOT_SIGNING', 'SIGNING']],
};

test('every risky-update rule has a test case', () => {
  expect(RISKY_CHANGES.map((r) => `${r.type}.${r.attribute}`).sort()).toEqual(Object.keys(RISKY_CASES).sort());
});

describe.each(RISKY_CHANGES.map((r) => [`${r.type}.${r.attribute}`, r] as const))('risky update %s', (key, rule) => {
  const [[b1, a1], [b2, a2]] = RISKY_CASES[key];
  const state = (value: unknown) => ({ [rule.attribute]: value, apply_immediately: true });

  test('planted: blocked as an in-place update, listing before -> after and why', () => {
    const report = evaluate([change(rule.type, ['update'], state(b1), state(a1))]);
    expect(report.findings).toEqual([expect.objectContaining({ action: 'update', status: 'blocked', why: expect.stringContaining(`${rule.attribute}: ${JSON.stringify(b1)} -> ${JSON.stringify(a1)}`) })]);
    expect(report.findings[0].why).toContain(rule.why);
  });

  test('harmless values pass', () => {
    expect(evaluate([change(rule.type, ['update'], state(b2), state(a2))]).blocked).toBe(false);
  });

  test('a value known only after apply is treated as risky', () => {
    const unknown = change(rule.type, ['update'], state(b1), { apply_immediately: true }, { after_unknown: { [rule.attribute]: true } });
    expect(evaluate([unknown]).findings[0]?.why).toContain('(known after apply)');
  });

  if (rule.onlyIfAppliedImmediately) {
    test('waits for the maintenance window when not applied immediately, so passes', () => {
      const deferred = change(rule.type, ['update'], { [rule.attribute]: b1, apply_immediately: false }, { [rule.attribute]: a1, apply_immediately: false });
      expect(evaluate([deferred]).blocked).toBe(false);
    });
  }
});

test('a node group replaced for its AMI type is blocked as a replace', () => {
  const report = evaluate([change('aws_eks_node_group', ['create', 'delete'], { ami_type: 'AL2_x86_64' }, { ami_type: 'AL2023_x86_64_STANDARD' }, { replace_paths: [['ami_type']] })]);
  expect(report.findings).toEqual([expect.objectContaining({ action: 'replace', status: 'blocked' })]);
});

describe('allow-list', () => {
  const db = change('aws_db_instance', ['delete', 'create'], { identifier: 'a' }, { identifier: 'b' }, { replace_paths: [['identifier']] });
  const entry = (over: Partial<AllowEntry> = {}): AllowEntry => ({
    stack: 'production', address: 'aws_db_instance.main', action: 'replace', reason: 'identifier rename, restored from snapshot', expires: '2026-03-10', ...over,
  });

  test('a matching entry lets that one replacement through, until the end of its expiry day', () => {
    const report = evaluate([db], [entry()]);
    expect(report).toMatchObject({ blocked: false, findings: [{ status: 'allowed' }] });
  });

  test('an expired entry blocks again and says so', () => {
    const report = evaluate([db], [entry({ expires: '2026-03-09' })]);
    expect(report).toMatchObject({ blocked: true, findings: [{ status: 'expired' }] });
  });

  test.each([
    ['another stack', { stack: 'staging' }],
    ['another address', { address: 'aws_db_instance.other' }],
    ['another action', { action: 'delete' as const }],
  ])('an entry for %s does not match', (_label, over) => {
    expect(evaluate([db], [entry(over)]).blocked).toBe(true);
  });

  test('an entry that matches nothing is reported as unused', () => {
    expect(evaluate([], [entry()]).unusedEntries).toHaveLength(1);
  });

  const valid = 'entries:\n  - stack: production\n    address: aws_db_instance.main\n    action: replace\n    reason: identifier rename, restored from snapshot\n    expires: 2026-03-20\n';
  test('the YAML file parses', () => {
    expect(parseAllowList(valid, 'allow.yaml', TODAY)).toEqual([entry({ expires: '2026-03-20' })]);
  });

  test.each([
    ['a missing reason', valid.replace(/    reason:.*\n/, ''), /entries\[0\]\.reason: is required/],
    ['a one-word reason', valid.replace(/reason:.*/, 'reason: ok'), /entries\[0\]\.reason: must explain/],
    ['an unknown action', valid.replace('action: replace', 'action: destroy'), /entries\[0\]\.action: must be one of replace, delete, update/],
    ['an impossible date', valid.replace('2026-03-20', '2026-02-30'), /entries\[0\]\.expires: must be a date YYYY-MM-DD/],
    ['an expiry too far ahead', valid.replace('2026-03-20', '2027-03-20'), new RegExp(`at most ${MAX_ALLOW_DAYS} days ahead`)],
    ['a missing address', valid.replace(/    address:.*\n/, ''), /entries\[0\]\.address: is required/],
    ['entries that are not a list', 'entries: {}\n', /entries: must be a list/],
  ])('planted: %s is rejected', (_label, text, message) => {
    expect(() => parseAllowList(text, 'allow.yaml', TODAY)).toThrow(AllowListError);
    expect(() => parseAllowList(text, 'allow.yaml', TODAY)).toThrow(message);
  });
});

describe('exit codes and output', () => {
  test('0 and a one-line summary for a safe plan', () => {
    const result = run(files(plan(change('aws_s3_bucket', ['create']), change('aws_db_instance', ['update'], { tags: {} }, { tags: { a: 'b' } }))));
    expect(result.code).toBe(EXIT.safe);
    expect(result.out).toBe('plan-guard: OK stack production: 1 to add, 1 to change, 0 to replace, 0 to delete; no unreviewed protected changes');
  });

  test('1 and one line per blocked address, action and reason', () => {
    const result = run(files(plan(change('aws_kms_key', ['delete', 'create'], {}, {}, { replace_paths: [['customer_master_key_spec']] }), change('cloudflare_zone', ['delete']))));
    expect(result.code).toBe(EXIT.blocked);
    expect(result.err).toMatch(/^plan-guard: BLOCKED stack production: 0 to add, 0 to change, 1 to replace, 1 to delete; 2 protected change\(s\) need review/);
    expect(result.err).toMatch(/BLOCKED replace aws_kms_key\.main: KMS key: .*replace forced by customer_master_key_spec/);
    expect(result.err).toMatch(/BLOCKED delete  cloudflare_zone\.main: Cloudflare zone: /);
  });

  test('0 when the allow-list lets the replacement through, and the entry is shown', () => {
    const allow = 'entries:\n  - {stack: production, address: aws_kms_key.main, action: replace, reason: "key spec change reviewed; data re-encrypted", expires: 2026-03-31}\n';
    const result = run(files(plan(change('aws_kms_key', ['delete', 'create'])), allow));
    expect(result.code).toBe(EXIT.safe);
    expect(result.out).toMatch(/ALLOWED replace aws_kms_key\.main: .*\[allowed until 2026-03-31: key spec change reviewed/);
  });

  test.each([
    ['not JSON', 'terraform plan output, not json', /not JSON/],
    ['a JSON array', '[]', /not a Terraform JSON plan/],
    ['a state file', JSON.stringify({ format_version: '1.0', values: {} }), /a Terraform state/],
    ['an unknown format', JSON.stringify({ format_version: '2.0', resource_changes: [] }), /unsupported plan format_version 2\.0/],
    ['an errored plan', JSON.stringify({ ...plan(), errored: true }), /the plan errored/],
    ['malformed resource_changes', JSON.stringify({ ...plan(), resource_changes: [{ address: 'x' }] }), /resource_changes" is malformed/],
  ])('2 for %s', (_label, text, message) => {
    const result = run(files(text));
    expect(result.code).toBe(EXIT.unusable);
    expect(result.err).toMatch(message);
  });

  test('2 for a missing file, bad arguments and an invalid allow-list', () => {
    expect(run([join(dir, 'absent.json')])).toMatchObject({ code: EXIT.unusable, err: expect.stringMatching(/no such file/) });
    expect(run([])).toMatchObject({ code: EXIT.unusable, err: expect.stringMatching(/usage: npm run plan-guard/) });
    expect(run(['a.json', '--bogus'])).toMatchObject({ code: EXIT.unusable, err: expect.stringMatching(/unknown option --bogus/) });
    expect(run(files(plan(), 'entries:\n  - {stack: production}\n'))).toMatchObject({ code: EXIT.unusable, err: expect.stringMatching(/entries\[0\]\.address: is required/) });
  });

  test('without a stack, a blocked listing says allow-list entries cannot match', () => {
    const [planFile, , allow] = files(plan(change('aws_kms_key', ['delete'])));
    expect(run([planFile, '--allow-list', allow]).err).toMatch(/no --stack given .*pass --stack <name>/);
  });

  test('the stack is taken from a cdktf.out/stacks/<stack>/ path', () => {
    expect(stackFromPath('cdktf.out/stacks/staging/plan.json')).toBe('staging');
    expect(stackFromPath('/tmp/plan.json')).toBeUndefined();
  });

  test('parsePlan rejects what is not a plan', () => {
    expect(() => parsePlan('{}', 'x.json')).toThrow(PlanFormatError);
  });

  test('npm run plan-guard is wired to the CLI and exits 1 on a blocked plan', () => {
    const [planFile, , allow] = files(plan(change('aws_eks_cluster', ['delete'])));
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/plan-guard.ts', planFile, '--allow-list', allow], { encoding: 'utf8', cwd: join(__dirname, '..') });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/BLOCKED delete  aws_eks_cluster\.main/);
  });
});
