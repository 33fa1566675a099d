/** The RPO statement derived from config: production meets 1 h, and switching off any protection breaks it. */
import { spawnSync } from 'child_process';
import type { EnvironmentConfig } from '../environments';
import { formatRpo, RPO_OBJECTIVE_MINUTES, rpoOf } from '../environments/rpo';
import { testEnvironments } from './support/synth';

const production = testEnvironments().production;
type Dr = NonNullable<EnvironmentConfig['dr']>;
/** Production's resolved config with one DR protection changed (validation would refuse it; the statement must too). */
const withDr = (change: (dr: Dr) => Dr): EnvironmentConfig => ({ ...production, dr: change(structuredClone(production.dr as Dr)) });

test(`production's RPO is at most ${RPO_OBJECTIVE_MINUTES} minutes and derived from its config`, () => {
  const rpo = rpoOf(production);
  expect(rpo).toMatchObject({ drRegion: 'eu-central-1', restoresTested: true, meetsObjective: true });
  expect(rpo.worstMinutes).toBeLessThanOrEqual(RPO_OBJECTIVE_MINUTES);
  expect(Object.fromEntries(rpo.lines.map((l) => [l.data, l.minutes]))).toEqual({ database: 20, buckets: 15, secrets: 5, redis: undefined });
});

const defects: [string, (dr: Dr) => Dr, string][] = [
  ['automated-backup replication off', (dr) => ({ ...dr, database: { ...dr.database, replicateAutomatedBackups: false } }), 'database'],
  ['bucket replication off', (dr) => ({ ...dr, buckets: { ...dr.buckets, replicate: false } }), 'buckets'],
  ['replication time control off', (dr) => ({ ...dr, buckets: { ...dr.buckets, replicationTimeControl: false } }), 'buckets'],
  ['secret replicas off', (dr) => ({ ...dr, secrets: { replicate: false } }), 'secrets'],
];

test.each(defects)('misses the objective with %s', (_label, change, data) => {
  const rpo = rpoOf(withDr(change));
  expect(rpo.meetsObjective).toBe(false);
  expect(rpo.lines.find((l) => l.data === data)?.minutes).toBeGreaterThan(RPO_OBJECTIVE_MINUTES);
});

test('misses the objective when restores are never tested, and without any dr section', () => {
  expect(rpoOf(withDr((dr) => ({ ...dr, restoreTesting: { ...dr.restoreTesting, enabled: false } }))).meetsObjective).toBe(false);
  const none = rpoOf({ ...production, dr: undefined });
  expect(none.meetsObjective).toBe(false);
  expect(formatRpo(none)).toMatch(/worst case unbounded: MISSES the 60 min objective/);
});

test('`npm run rpo` prints the statement and succeeds for the shipped config', () => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/rpo.ts'], { encoding: 'utf8' });
  expect(run.stdout).toMatch(/RPO of production \(objective 60 min\), DR region eu-central-1:[\s\S]*worst case 20 min: meets the 60 min objective/);
  expect(run.status).toBe(0);
});
