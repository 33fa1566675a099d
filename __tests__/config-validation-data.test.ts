/** Data-layer validation rules: bad input is rejected with the environment, the field path and the rule. */
import type { EnvironmentInput } from '../environments';
import { production } from '../environments/production';
import { windowsOverlap } from '../environments/schema/data';
import { staging } from '../environments/staging';
import { expectProblem, mutated, problemsOf as problemsOfKey } from './support/config';

const problemsOf = (input: EnvironmentInput) => problemsOfKey(input.name, input);

type Data = Parameters<Parameters<typeof mutated>[1]>[0]['data'];

/** A copy of `base` with its data section changed. */
const mutatedData = (base: EnvironmentInput, change: (data: Data) => void) => mutated(base, (env) => change(env.data));

test.each([['production', production], ['staging', staging]] as const)('the shipped %s data config is valid', (_name, input) => {
  expect(problemsOf(input)).toEqual([]);
});

const cases: [string, EnvironmentInput, string, RegExp][] = [
  ['production without Multi-AZ', mutatedData(production, (d) => { d.postgres.multiAz = false; }), 'data.postgres.multiAz', /must be true in production/],
  ['backup retention below 7 days in production', mutatedData(production, (d) => { d.postgres.backupRetentionDays = 3; }),
    'data.postgres.backupRetentionDays', /at least 7 days in production, got 3/],
  ['backup retention 0', mutatedData(staging, (d) => { d.postgres.backupRetentionDays = 0; }), 'data.postgres.backupRetentionDays', /at least 1/],
  ['backup retention above the RDS limit', mutatedData(staging, (d) => { d.postgres.backupRetentionDays = 40; }), 'data.postgres.backupRetentionDays', /at most 35/],
  ['storage ceiling below allocated storage', mutatedData(production, (d) => { d.postgres.maxAllocatedStorageGb = 50; }),
    'data.postgres.maxAllocatedStorageGb', /at least data.postgres.allocatedStorageGb \(100\), got 50/],
  ['free-storage alarm at or above the allocated storage', mutatedData(staging, (d) => { d.alarms = { dbFreeStorageGb: 20 }; }),
    'data.alarms.dbFreeStorageGb', /must be below data.postgres.allocatedStorageGb \(20\)/],
  ['PostgreSQL older than 15', mutatedData(production, (d) => { d.postgres.engineVersion = '14.9'; }), 'data.postgres.engineVersion', /PostgreSQL 15 or newer/],
  ['invalid backup window hours', mutatedData(production, (d) => { d.postgres.backupWindow = '25:00-26:00'; }), 'data.postgres.backupWindow', /hours 00-23/],
  ['invalid maintenance window', mutatedData(production, (d) => { d.postgres.maintenanceWindow = 'sunday:04:00-05:00'; }), 'data.postgres.maintenanceWindow', /ddd:hh:mm-ddd:hh:mm/],
  ['backup window shorter than 30 minutes', mutatedData(production, (d) => { d.postgres.backupWindow = '03:00-03:15'; }), 'data.postgres.backupWindow', /at least 30 minutes/],
  ['maintenance window overlapping the backup window', mutatedData(production, (d) => { d.postgres.maintenanceWindow = 'sun:03:30-sun:04:30'; }),
    'data.postgres.maintenanceWindow', /overlaps data.postgres.backupWindow \(03:00-04:00\)/],
  ['Performance Insights retention AWS rejects', mutatedData(production, (d) => { d.postgres.performanceInsightsRetentionDays = 30; }),
    'data.postgres.performanceInsightsRetentionDays', /7 or a multiple of 31/],
  ['reserved master user name', mutatedData(production, (d) => { d.postgres.masterUsername = 'postgres'; }), 'data.postgres.masterUsername', /reserved/],
  ['Redis in production with 1 replica', mutatedData(production, (d) => { d.redis.replicas = 1; }), 'data.redis.replicas', /at least 2 in production .*got 1/],
  ['Redis in production without Multi-AZ', mutatedData(production, (d) => { d.redis.multiAz = false; }), 'data.redis.multiAz', /must be true in production/],
  ['Redis Multi-AZ without a replica', mutatedData(staging, (d) => { d.redis.replicas = 0; }), 'data.redis.multiAz', /needs data.redis.replicas >= 1/],
  ['Redis snapshot retention below 7 days in production', mutatedData(production, (d) => { d.redis.snapshotRetentionDays = 5; }),
    'data.redis.snapshotRetentionDays', /at least 7 days in production, got 5/],
  ['invalid Redis snapshot window', mutatedData(production, (d) => { d.redis.snapshotWindow = '25:00-26:00'; }), 'data.redis.snapshotWindow', /hours 00-23/],
  ['Redis maintenance overlapping snapshots', mutatedData(production, (d) => { d.redis.maintenanceWindow = 'sun:04:00-sun:05:00'; }),
    'data.redis.maintenanceWindow', /overlaps data.redis.snapshotWindow/],
  ['Redis engine version of another engine', mutatedData(production, (d) => { d.redis.engine = 'valkey'; d.redis.engineVersion = '7.1'; }),
    'data.redis.engineVersion', /not a supported valkey version/],
  ['secret name not UPPER_SNAKE_CASE', mutatedData(production, (d) => { d.secrets[0] = 'database-url'; }), 'data.secrets[0]', /UPPER_SNAKE_CASE/],
  ['secret listed twice', mutatedData(production, (d) => { d.secrets.push('JWT_SECRET'); }), `data.secrets[${production.data.secrets.length}]`, /listed twice/],
  ['copy region equal to the primary region', mutatedData(production, (d) => { d.backup.copyRegion = 'eu-north-1'; }), 'data.backup.copyRegion', /must differ from aws.region/],
  ['unknown copy region', mutatedData(production, (d) => { d.backup.copyRegion = 'eu-nowhere-1'; }), 'data.backup.copyRegion', /supported regions/],
  ['vault lock shorter than the yearly tier', mutatedData(production, (d) => { d.backup.vaultLock = { mode: 'compliance', maxRetentionDays: 365 }; }),
    'data.backup.vaultLock.maxRetentionDays', /at least 2557/],
  ['vault lock minimum above the daily tier', mutatedData(production, (d) => { d.backup.vaultLock = { mode: 'governance', minRetentionDays: 90 }; }),
    'data.backup.vaultLock.minRetentionDays', /at most 30/],
  ['compliance grace period under 3 days', mutatedData(production, (d) => { d.backup.vaultLock = { mode: 'compliance', changeableForDays: 1 }; }),
    'data.backup.vaultLock.changeableForDays', /at least 3 days/],
];

describe('each data rule names the environment, the field and the rule', () => {
  test.each(cases)('%s', (_label, input, path, rule) => {
    const problems = problemsOf(input);
    const matching = problems.filter((p) => p.startsWith(`environment "${input.name}": ${path}: `));
    expect(matching.length).toBeGreaterThan(0);
    expect(matching.join('\n')).toMatch(rule);
  });
});

describe('window overlap', () => {
  test.each([
    ['03:00-04:00', 'sun:04:00-sun:05:00', false], // touching ends are allowed (the platform's 03:00-04:00 backup and Sunday 04:00-05:00 maintenance windows)
    ['03:00-04:00', 'sun:03:59-sun:05:00', true],
    ['23:30-00:30', 'mon:00:00-mon:01:00', true], // daily window crossing midnight
    ['03:00-04:00', 'sat:23:00-sun:03:30', true], // weekly window crossing into Sunday
    ['10:00-11:00', 'sun:23:00-mon:01:00', false], // weekly window wrapping the week end
  ] as const)('%s vs %s → %s', (daily, weekly, expected) => {
    expect(windowsOverlap(daily, weekly)).toBe(expected);
  });
});

describe('RDS Proxy login', () => {
  test('its credentials secret must be one of data.secrets', () => {
    expectProblem(mutatedData(production, (d) => { d.secrets = d.secrets.filter((s) => s !== 'POSTGRES_APP_CREDENTIALS'); }),
      'data.postgres.proxy.credentialsSecret', /"POSTGRES_APP_CREDENTIALS" is not in data.secrets/);
  });
  test('apps never connect as the master user', () => {
    expectProblem(mutatedData(production, (d) => { d.postgres.proxy = { ...d.postgres.proxy, enabled: true, appUser: 'aifeedback_admin' }; }),
      'data.postgres.proxy.appUser', /must not be data.postgres.masterUsername/);
  });
});
