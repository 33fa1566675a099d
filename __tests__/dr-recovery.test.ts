/**
 * The recovery environment: registered only on request, linked to the environment it recovers, restoring the
 * database and taking over the public names by config. Its infra stack's real `terraform validate` and offline plan
 * run in terraform-real.test.ts, together with every other stack.
 */
import { Testing } from 'cdktf';
import { loadEnvironments, type EnvironmentConfig } from '../environments';
import { drProduction } from '../environments/dr-production';
import { recoveryLinkProblems } from '../environments/recovery';
import { failoverCommands } from '../scripts/dr-commands';
import { releasePublicNames, type CloudflareCall } from '../scripts/dr-release-names';
import { InfraStack } from '../stacks/infra-stack';
import { expectProblem, mutated } from './support/config';
import { RECOVERY, recoveryStacks } from './support/recovery';
import { asList, SynthStack, toJson } from './support/synth';

const envs = loadEnvironments(RECOVERY);
const dr = envs['dr-production'];
const production = envs.production;

const infraOf = (env: EnvironmentConfig) => { const stack = new InfraStack(Testing.app(), env); return new SynthStack(env.name, toJson(stack)); };
// The shipped recovery environment, its stacks from one app (as `npm run synth` builds them).
const { standby, workloads, gpu } = recoveryStacks();

test('a normal load has no recovery environment; RECOVERY_ENVIRONMENTS adds it; an unknown name is refused', () => {
  expect(Object.keys(loadEnvironments({}))).toEqual(['production', 'staging']);
  expect(Object.keys(envs)).toEqual(['production', 'staging', 'dr-production']);
  expect(() => loadEnvironments({ RECOVERY_ENVIRONMENTS: 'dr-prod' })).toThrow(/environment "dr-prod": \(root\): RECOVERY_ENVIRONMENTS names no recovery environment \(known: dr-production\)/);
  // Not matched by the `production*` stack glob.
  expect('dr-production'.startsWith('production')).toBe(false);
});

test('the recovery environment may take over production\'s public names; any other environment may not', async () => {
  const { checkAcrossEnvironments } = await import('../environments/cross-environment');
  expect(checkAcrossEnvironments(envs)).toEqual([]);
  const impostor = { ...envs['dr-production'], recovery: undefined };
  expect(checkAcrossEnvironments({ ...envs, 'dr-production': impostor }).join('\n')).toMatch(/environment "dr-production": edge\.hostnames\[0\]\.name: "aifeedback\.se" clashes with .* of environment "production"/);
});

test('dr-production runs in production\'s DR region with its own origin zone and state in that region', () => {
  expect(dr).toMatchObject({ tier: 'production', aws: { region: production.dr?.region }, recovery: { of: 'production', publicNames: 'standby' }, state: { region: 'eu-central-1' } });
  expect(dr.edge.originZone).not.toBe(production.edge.originZone);
  expect(standby.json.terraform.backend.s3).toMatchObject({ bucket: 'aifeedback-dr-production-terraform-state', region: 'eu-central-1' });
  expect(asList(standby.json.provider.aws)).toContainEqual(expect.objectContaining({ region: 'eu-central-1' }));
});

test('the database is restored from the replicated automated backups, never replaced by later edits', () => {
  const db = standby.one('aws_db_instance', 'postgres_instance').attrs;
  expect(db.restore_to_point_in_time).toEqual({ source_db_instance_automated_backups_arn: drProduction.recovery?.database.from === 'replicated-backups' ? drProduction.recovery.database.automatedBackupsArn : '', use_latest_restorable_time: true });
  expect(db.lifecycle).toEqual({ prevent_destroy: true, ignore_changes: ['restore_to_point_in_time', 'snapshot_identifier', 'kms_key_id'] });
  expect(db).not.toHaveProperty('username');
  expect(db).toMatchObject({ storage_encrypted: true, manage_master_user_password: true, deletion_protection: true });
});

test('a named recovery point restores from its snapshot; a point in time is passed through', () => {
  const snapshotArn = 'arn:aws:rds:eu-central-1:111111111111:snapshot:awsbackup:job-abc123';
  const fromPoint = infraOf({ ...dr, recovery: { ...dr.recovery!, database: { from: 'recovery-point', snapshotArn } } });
  expect(fromPoint.one('aws_db_instance', 'postgres_instance').attrs).toMatchObject({ snapshot_identifier: snapshotArn });
  expect(fromPoint.one('aws_db_instance', 'postgres_instance').attrs.restore_to_point_in_time).toBeUndefined();
});

test('Redis starts empty, buckets are the replicas, secrets get holders of their own', () => {
  expect(standby.one('aws_elasticache_replication_group').attrs.snapshot_arns).toBeUndefined();
  expect(standby.resources('aws_s3_bucket').map((b) => b.attrs.bucket)).not.toContain('aifeedback-dr-production-assets');
  expect(standby.json.output.assets_bucket.value).toBe('aifeedback-production-assets-eu-central-1');
  expect(standby.json.output.backups_bucket.value).toBe('aifeedback-production-backups-eu-central-1');
  const secrets = standby.resources('aws_secretsmanager_secret');
  expect(secrets.map((s) => s.attrs.name)).toContain('aifeedback/dr-production/JWT_SECRET');
  for (const s of secrets) expect(s.attrs.replica).toBeUndefined();
});

test('standby publishes no public names; serving points every public name at the DR origin', () => {
  const proxied = (stack: SynthStack) => stack.resources('cloudflare_dns_record').filter((r) => r.attrs.proxied === true);
  expect(proxied(standby)).toEqual([]);
  const serving = infraOf({ ...dr, recovery: { ...dr.recovery!, publicNames: 'serving' } });
  const records = proxied(serving);
  // Every public name but the static-asset names, which production's (global) CloudFront distribution keeps serving.
  const assetNames = production.assetsCdn?.hostnames ?? [];
  expect(assetNames.length).toBeGreaterThan(0);
  expect(records.map((r) => r.attrs.name).sort()).toEqual(production.edge.hostnames.map((h) => h.name).filter((n) => !assetNames.includes(n)).sort());
  for (const r of records) expect(r.attrs.content).toMatch(/\.origin-dr\.aifeedback\.se$/);
  // Zone-wide rules stay production's: the recovery environment creates none.
  expect(serving.resources('cloudflare_ruleset', 'cloudflare_zone_setting')).toEqual([]);
});

test('the workloads and GPU stacks bring up the add-ons and every app service with production\'s public names', () => {
  const releases = [workloads, gpu].flatMap((s) => s.resources('helm_release')).map((r) => r.attrs.name);
  expect(releases).toEqual(expect.arrayContaining(['external-secrets', 'aws-load-balancer-controller', 'kube-prometheus-stack', ...Object.keys(production.workloads.services)]));
  const text = JSON.stringify(workloads.json);
  for (const host of ['api.aifeedback.se', 'aifeedback.se', 'business.aifeedback.se']) expect(text).toContain(host);
  expect(text).toContain('aifeedback/dr-production/');
});

describe('planted defects in the recovery config', () => {
  const withDr = (change: (env: EnvironmentConfig) => EnvironmentConfig) => recoveryLinkProblems({ production, 'dr-production': change(structuredClone(dr)) });
  test.each<[string, (env: EnvironmentConfig) => EnvironmentConfig, RegExp]>([
    ['another region than production\'s DR region', (e) => ({ ...e, aws: { ...e.aws, region: 'eu-west-1' } }), /"dr-production": aws\.region: must be dr\.region of production \(eu-central-1\)/],
    ['a missing public name', (e) => ({ ...e, edge: { ...e.edge, hostnames: e.edge.hostnames.slice(1) } }), /edge\.hostnames: must be exactly production's public names/],
    ['production\'s origin zone', (e) => ({ ...e, edge: { ...e.edge, originZone: production.edge.originZone } }), /edge\.originZone: must differ from production's/],
    ['state in the failed region', (e) => ({ ...e, state: production.state }), /state\.region: must differ from production's state region \(eu-north-1\)/],
    ['another account', (e) => ({ ...e, aws: { ...e.aws, accountId: '222222222222' } }), /aws\.accountId: must be production's account/],
    ['an unknown recovered environment', (e) => ({ ...e, recovery: { ...e.recovery!, of: 'prod' } }), /recovery\.of: "prod" is not a registered environment/],
  ])('rejects %s', (_label, change, rule) => expect(withDr(change).join('\n')).toMatch(rule));

  test('the shipped links are valid', () => expect(recoveryLinkProblems(envs)).toEqual([]));

  test.each<[string, Parameters<typeof mutated>[1], string, RegExp]>([
    ['a backup ARN in another region', (e) => { e.recovery = { of: 'production', database: { from: 'replicated-backups', automatedBackupsArn: 'arn:aws:rds:eu-north-1:111111111111:auto-backup:ab-x1' } }; },
      'recovery.database.automatedBackupsArn', /is in eu-north-1, but aws\.region is eu-central-1: rds resources belong to one region/],
    ['a malformed snapshot ARN', (e) => { e.recovery = { of: 'production', database: { from: 'recovery-point', snapshotArn: 'snap-1' } }; }, 'recovery.database.snapshotArn', /must be an RDS snapshot ARN/],
    ['a dr section on a recovery environment', (e) => { e.dr = { region: 'eu-west-1' }; }, 'dr', /must be absent in a recovery environment/],
    ['recovering itself', (e) => { e.recovery = { of: 'dr-production', database: drProduction.recovery!.database }; }, 'recovery.of', /must name another environment/],
    ['a GPU type Frankfurt does not offer', (e) => { e.eks.nodeGroups.gpu.instanceTypes = ['g6.4xlarge']; }, 'eks.nodeGroups.gpu.instanceTypes[0]', /not offered in aws\.region eu-central-1/],
  ])('validation rejects %s', (_label, change, path, rule) => expectProblem(mutated(drProduction, change), path, rule));
});

describe('fail-over tools', () => {
  const records = [
    { id: 'r1', name: 'api.aifeedback.se', type: 'CNAME', content: 'api.origin.aifeedback.se' },
    { id: 'r2', name: 'api.aifeedback.se', type: 'CNAME', content: 'api.origin-dr.aifeedback.se' },
  ];
  const fake = () => {
    const calls: string[] = [];
    const call: CloudflareCall = async (method, path) => {
      calls.push(`${method} ${path}`);
      return method === 'GET' ? { success: true, result: path.includes('api.aifeedback.se') ? records : [] } : { success: true };
    };
    return { calls, call };
  };
  const plan = { zoneId: 'z1', names: ['api.aifeedback.se', 'aifeedback.se'], originZone: 'origin.aifeedback.se' };

  test('release-names: a dry run deletes nothing; --apply deletes only records into the recovered origin zone', async () => {
    const dry = fake();
    expect(await releasePublicNames(plan, dry.call, false)).toEqual([
      'api.aifeedback.se: CNAME api.origin.aifeedback.se would be deleted (dry run; add --apply)', 'aifeedback.se: no record into origin.aifeedback.se (already released)',
    ]);
    expect(dry.calls.filter((c) => c.startsWith('DELETE'))).toEqual([]);
    const applied = fake();
    await releasePublicNames(plan, applied.call, true);
    expect(applied.calls.filter((c) => c.startsWith('DELETE'))).toEqual(['DELETE /zones/z1/dns_records/r1']);
  });

  test('dr:commands lists the deploys in order and copies every secret but DATABASE_URL from the replicas', () => {
    const lines = failoverCommands(dr, production);
    const deploys = lines.filter((l) => l.startsWith('npx cdktf deploy'));
    expect(deploys).toEqual([
      'npx cdktf deploy dr-production --auto-approve', "npx cdktf deploy 'dr-production*' --auto-approve", 'npx cdktf deploy dr-production --auto-approve',
    ]);
    const copies = lines.filter((l) => l.includes('get-secret-value'));
    expect(copies).toHaveLength(dr.data.secrets.length - 1);
    expect(copies.join('\n')).not.toMatch(/DATABASE_URL/);
    expect(copies[0]).toMatch(/--secret-id aifeedback\/dr-production\/\w+ --secret-string "\$\(aws secretsmanager get-secret-value --region eu-central-1 --secret-id aifeedback\/production\//);
  });
});
