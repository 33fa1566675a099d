/**
 * AWS formats the AWS Backup API parses itself: six-field cron schedules with `?` in exactly one day field, jobs at
 * least an hour apart, and the lifecycle contract (delete >= cold + 90 days, cold storage only for resource types
 * that support it, the opt-in flag with it), for every rule and every copy action. Config mistakes are refused with
 * the field path; valid variations still synthesize, and the synthesized plans themselves keep the contract.
 */
import { Testing } from 'cdktf';
import type { EnvironmentInput } from '../environments';
import { validateEnvironment } from '../environments/validate';
import { BACKUP_RESOURCE_TYPES, COLD_STORAGE_MINIMUM_DAYS, COLD_STORAGE_SUPPORT } from '../environments/backup-tiers';
import { production } from '../environments/production';
import { BACKUP_PLAN_SCHEDULE, RESTORE_TESTING_SCHEDULE, scheduleProblem } from '../environments/schema/aws-cron';
import { checkBackupLifecycle } from '../environments/schema/data';
import { InfraStack } from '../stacks/infra-stack';
import { expectProblem, mutated, problemsOf } from './support/config';
import { asList, platformStacks, SynthStack, toJson, type Json } from './support/synth';

type Env = Parameters<Parameters<typeof mutated>[1]>[0];
const prod = (change: (env: Env) => void) => mutated(production, change);
/** Index of the first shipped tier with (or without) a move to cold storage: derived, never today's position. */
const tiers = validateEnvironment('production', production).data.backup.tiers;
const coldTier = tiers.findIndex((t) => t.coldAfterDays !== undefined);
const warmTier = tiers.findIndex((t) => t.coldAfterDays === undefined);
const scheduledTier = tiers.findIndex((t) => t.schedule !== undefined);

describe('the AWS cron contract (EventBridge syntax, as AWS Backup parses it)', () => {
  test.each([
    'cron(0 22 * * ? *)', 'cron(0 22 ? * SUN *)', 'cron(0 22 1 * ? *)', 'cron(0 22 1 1 ? *)', 'cron(15 3 ? * MON-FRI *)',
    'cron(0 5 ? * 3#2 *)', 'cron(0 5 L * ? *)', 'cron(0 5 15W * ? *)', 'cron(0 5 ? * 6L *)', 'cron(0 6-18 * * ? *)',
    'cron(0 1 1 JAN,JUL ? 2027-2030)', 'cron(30 0/12 * * ? *)',
  ])('accepts %s for a backup plan', (expression) => expect(scheduleProblem(expression, BACKUP_PLAN_SCHEDULE)).toBeUndefined());

  test.each<[string, string, RegExp]>([
    ['a five-field Unix cron', 'cron(0 22 * * *)', /has 5 fields; AWS cron takes 6/],
    ['a seven-field Quartz cron with seconds', 'cron(0 0 22 * * ? *)', /has 7 fields/],
    ['"*" in both day fields', 'cron(0 22 * * * *)', /exactly one of them must be "\?"/],
    ['"?" in both day fields', 'cron(0 22 ? * ? *)', /exactly one of them must be "\?"/],
    ['a value in both day fields', 'cron(0 22 1 * MON *)', /exactly one of them must be "\?"/],
    ['hour 24', 'cron(0 24 * * ? *)', /hours field "24" is not valid/],
    ['day-of-week 0 (Unix Sunday)', 'cron(0 5 ? * 0 *)', /day-of-week field "0" is not valid/],
    ['"?" in the minutes', 'cron(? 5 * * ? *)', /minutes field "\?" is not valid/],
    ['a year before 1970', 'cron(0 5 * * ? 1969)', /year field "1969" is not valid/],
    ['a backup every 15 minutes', 'cron(0/15 * * * ? *)', /must be a single minute \(jobs at least 60 minutes apart\)/],
    ['a rate expression', 'rate(12 hours)', /does not accept rate/],
    ['no cron( ) wrapper', '0 22 * * ? *', /must be a cron\(\.\.\.\) expression/],
  ])('refuses %s', (_label, expression, rule) => expect(scheduleProblem(expression, BACKUP_PLAN_SCHEDULE)).toMatch(rule));

  test('rate(...) is parsed where a service allows it: unit agreement and the minimum interval', () => {
    const rate = { rate: true, minIntervalMinutes: 60 };
    expect(scheduleProblem('rate(1 hour)', rate)).toBeUndefined();
    expect(scheduleProblem('rate(2 days)', rate)).toBeUndefined();
    expect(scheduleProblem('rate(1 hours)', rate)).toMatch(/singular unit for 1/);
    expect(scheduleProblem('rate(30 minutes)', rate)).toMatch(/at least 60 minutes apart/);
    expect(scheduleProblem('rate(0 days)', rate)).toMatch(/positive integer/);
  });

  test('restore testing takes any valid cron, including more than hourly, but no rate', () => {
    expect(scheduleProblem('cron(0/30 * ? * TUE *)', RESTORE_TESTING_SCHEDULE)).toBeUndefined();
    expect(scheduleProblem('rate(7 days)', RESTORE_TESTING_SCHEDULE)).toMatch(/does not accept rate/);
  });
});

describe('config mistakes are refused with the field path', () => {
  const cases: [string, EnvironmentInput, string, RegExp][] = [
    ['a five-field backup schedule', prod((e) => { e.data.backup.schedule = 'cron(0 22 * * *)'; }), 'data.backup.schedule', /has 5 fields; AWS cron takes 6/],
    ['"*" in both day fields of the backup schedule', prod((e) => { e.data.backup.schedule = 'cron(0 22 * * * *)'; }), 'data.backup.schedule', /exactly one of them must be "\?"/],
    ['a five-field restore-test schedule', prod((e) => { e.dr!.restoreTesting = { schedule: 'cron(0 5 * * 2)' }; }), 'dr.restoreTesting.schedule', /has 5 fields/],
    ['"*" in both day fields of the restore-test schedule', prod((e) => { e.dr!.restoreTesting = { schedule: 'cron(0 5 * * * *)' }; }), 'dr.restoreTesting.schedule', /exactly one of them must be "\?"/],
    ['a tier scheduled every 30 minutes', prod((e) => { e.data.backup.tiers = tiers.map((t, i) => (i === scheduledTier ? { ...t, schedule: 'cron(0/30 * * * ? *)' } : t)); }),
      `data.backup.tiers[${scheduledTier}].schedule`, /runs more than once an hour/],
    ['deletion less than 90 days after the move to cold storage', prod((e) => { e.data.backup.tiers = tiers.map((t, i) => (i === coldTier ? { ...t, deleteAfterDays: t.coldAfterDays! + 30 } : t)); }),
      `data.backup.tiers[${coldTier}].deleteAfterDays`, new RegExp(`must be at least coldAfterDays \\+ ${COLD_STORAGE_MINIMUM_DAYS} = ${tiers[coldTier].coldAfterDays! + COLD_STORAGE_MINIMUM_DAYS}, got ${tiers[coldTier].coldAfterDays! + 30}`)],
    ['a copy deleted before its 90 days in cold storage', prod((e) => { e.data.backup.tiers = tiers.map((t, i) => (i === warmTier ? { ...t, copy: { deleteAfterDays: 100, coldAfterDays: 30 } } : t)); }),
      `data.backup.tiers[${warmTier}].copy.deleteAfterDays`, /must be at least coldAfterDays \+ 90 = 120, got 100/],
    ['two tiers with one rule name', prod((e) => { e.data.backup.tiers = [...tiers, { ...tiers[0] }]; }), `data.backup.tiers[${tiers.length}].name`, /used by an earlier tier/],
    ['a rule name AWS Backup refuses', prod((e) => { e.data.backup.tiers = tiers.map((t, i) => (i === 0 ? { ...t, name: 'daily backups' } : t)); }), 'data.backup.tiers[0].name', /1-50 letters, digits/],
  ];
  test.each(cases)('%s, in one line', (_label, input, path, rule) => {
    expectProblem(input, path, rule);
    expect(problemsOf(input.name, input)).toHaveLength(1);
  });

  test('cold storage for a plan of resource types that have none is refused; one supporting type is enough', () => {
    const problems: string[] = [];
    const report = (path: readonly (string | number)[], message: string) => problems.push(`${path.join('.')}: ${message}`);
    checkBackupLifecycle({ deleteAfterDays: 365, coldAfterDays: 90 }, ['RDS'], ['tiers', 0], report);
    expect(problems).toEqual([expect.stringMatching(/^tiers\.0\.coldAfterDays: none of the resource types this plan backs up \(RDS\) supports cold storage/)]);
    problems.length = 0;
    checkBackupLifecycle({ deleteAfterDays: 365, coldAfterDays: 90 }, BACKUP_RESOURCE_TYPES, ['tiers', 0], report);
    expect(problems).toEqual([]);
    expect(BACKUP_RESOURCE_TYPES.some((t) => COLD_STORAGE_SUPPORT[t])).toBe(true);
  });
});

/** The lifecycle contract on one synthesized `lifecycle` block. */
function lifecycleProblems(lifecycle: Json | undefined, where: string): string[] {
  const l = asList<Json>(lifecycle)[0];
  if (!l || l.cold_storage_after === undefined) return [];
  const problems: string[] = [];
  if (l.delete_after < l.cold_storage_after + COLD_STORAGE_MINIMUM_DAYS) problems.push(`${where}: delete_after ${l.delete_after} < cold_storage_after ${l.cold_storage_after} + ${COLD_STORAGE_MINIMUM_DAYS}`);
  if (l.opt_in_to_archive_for_supported_resources !== true) problems.push(`${where}: cold storage without opt_in_to_archive_for_supported_resources`);
  return problems;
}

/** Every backup plan rule, copy action and restore testing plan of a stack against the AWS contracts. */
function backupContractProblems(stack: SynthStack): string[] {
  const problems: string[] = [];
  for (const plan of stack.resources('aws_backup_plan')) {
    for (const rule of asList<Json>(plan.attrs.rule)) {
      const where = `${stack.name} ${plan.address} rule ${rule.rule_name}`;
      const schedule = scheduleProblem(rule.schedule, BACKUP_PLAN_SCHEDULE);
      if (schedule) problems.push(`${where}: schedule ${rule.schedule} ${schedule}`);
      problems.push(...lifecycleProblems(rule.lifecycle, where));
      for (const copy of asList<Json>(rule.copy_action)) problems.push(...lifecycleProblems(copy.lifecycle, `${where} copy`));
    }
  }
  for (const plan of stack.resources('aws_backup_restore_testing_plan')) {
    const schedule = scheduleProblem(plan.attrs.schedule_expression, RESTORE_TESTING_SCHEDULE);
    if (schedule) problems.push(`${stack.name} ${plan.address}: ${schedule}`);
  }
  return problems;
}

describe('the synthesized plans keep the contract', () => {
  test('every stack of every environment', () => {
    const stacks = platformStacks();
    expect(stacks.flatMap((s) => s.resources('aws_backup_plan')).length).toBeGreaterThan(0);
    expect(stacks.flatMap(backupContractProblems)).toEqual([]);
  });

  test('valid variations synthesize, with their own schedules and copy lifecycles, and keep the contract', () => {
    const variation = prod((e) => {
      e.data.backup.schedule = 'cron(30 21 ? * MON-SAT *)';
      e.data.backup.tiers = [
        ...tiers.map((t, i) => (i === warmTier ? { ...t, copy: { deleteAfterDays: t.deleteAfterDays * 2 } } : t)),
        { name: 'quarterly', schedule: 'cron(0 23 L MAR,JUN,SEP,DEC ? *)', deleteAfterDays: 730, coldAfterDays: 30, copy: { deleteAfterDays: 400, coldAfterDays: 310 } },
      ];
      e.dr!.restoreTesting = { schedule: 'cron(0 4 ? * 2#1 *)' };
    });
    expect(problemsOf('production', variation)).toEqual([]);
    const stack = new SynthStack('production', toJson(new InfraStack(Testing.app(), validateEnvironment('production', variation))));
    const rules = asList<Json>(stack.one('aws_backup_plan').attrs.rule);
    expect(rules.map((r) => r.rule_name)).toEqual([...tiers.map((t) => t.name), 'quarterly']);
    const quarterly = rules.find((r) => r.rule_name === 'quarterly')!;
    expect(quarterly.schedule).toBe('cron(0 23 L MAR,JUN,SEP,DEC ? *)');
    expect(asList<Json>(quarterly.copy_action)[0].lifecycle).toEqual({ delete_after: 400, cold_storage_after: 310, opt_in_to_archive_for_supported_resources: true });
    expect(asList<Json>(rules[warmTier].copy_action)[0].lifecycle).toEqual({ delete_after: tiers[warmTier].deleteAfterDays * 2 });
    expect(rules.find((r) => r.rule_name === tiers[0].name)!.schedule).toBe(tiers[0].schedule ?? 'cron(30 21 ? * MON-SAT *)');
    expect(stack.one('aws_backup_restore_testing_plan').attrs.schedule_expression).toBe('cron(0 4 ? * 2#1 *)');
    expect(backupContractProblems(stack)).toEqual([]);
  });

  test('the check catches planted defects in a synthesized plan', () => {
    const rule = { rule_name: 'monthly', schedule: 'cron(0 22 1 * * *)', lifecycle: { delete_after: 100, cold_storage_after: 90 }, copy_action: [{ lifecycle: { delete_after: 365, cold_storage_after: 90 } }] };
    const planted = new SynthStack('planted', { resource: { aws_backup_plan: { p: { rule: [rule] } }, aws_backup_restore_testing_plan: { t: { schedule_expression: 'cron(0 5 * * 2)' } } } });
    expect(backupContractProblems(planted)).toEqual([
      expect.stringMatching(/rule monthly: schedule cron\(0 22 1 \* \* \*\) day-of-month "1" and day-of-week "\*"/),
      expect.stringMatching(/rule monthly: delete_after 100 < cold_storage_after 90 \+ 90/),
      expect.stringMatching(/rule monthly: cold storage without opt_in/),
      expect.stringMatching(/rule monthly copy: cold storage without opt_in/),
      expect.stringMatching(/aws_backup_restore_testing_plan\.t: has 5 fields/),
    ]);
  });
});
