/**
 * The schedule expressions AWS parses itself (AWS Backup plans and restore testing plans use EventBridge's syntax):
 * `cron(minutes hours day-of-month month day-of-week year)`, six fields, `?` in exactly one of the two day fields; and,
 * where a service allows it, `rate(value unit)`. Each rule below is one clause of that contract (docs/api-rules.md).
 */
import { z } from 'zod';

interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  /** Wildcards AWS allows in the field besides values, `,` and `-`. */
  readonly wildcards: string;
  /** Names AWS accepts for values (JAN..DEC as 1..12, SUN..SAT as 1..7). */
  readonly names?: readonly string[];
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** The six fields in order, with the values and wildcards the EventBridge cron reference lists. */
export const CRON_FIELDS: readonly CronField[] = [
  { name: 'minutes', min: 0, max: 59, wildcards: '*/' },
  { name: 'hours', min: 0, max: 23, wildcards: '*/' },
  { name: 'day-of-month', min: 1, max: 31, wildcards: '*?/LW' },
  { name: 'month', min: 1, max: 12, wildcards: '*/', names: MONTHS },
  { name: 'day-of-week', min: 1, max: 7, wildcards: '*?L#', names: WEEKDAYS },
  { name: 'year', min: 1970, max: 2199, wildcards: '*/' },
];

/** One value of a field: a number in range or one of its names; `undefined` when neither. */
function valueOf(token: string, field: CronField): number | undefined {
  const named = field.names?.indexOf(token.toUpperCase()) ?? -1;
  if (named >= 0) return named + 1;
  if (!/^\d+$/.test(token)) return undefined;
  const n = Number(token);
  return n >= field.min && n <= field.max ? n : undefined;
}

/** Why one field is malformed, or `undefined` when it is valid. */
function fieldProblem(text: string, field: CronField): string | undefined {
  const allows = (c: string) => field.wildcards.includes(c);
  const range = `${field.min}-${field.max}${field.names ? ` or ${field.names[0]}-${field.names[field.names.length - 1]}` : ''}`;
  const bad = `${field.name} field "${text}" is not valid (values ${range}, wildcards , - ${field.wildcards.split('').join(' ')})`;
  if (text === '*' || text === '?') return allows(text) ? undefined : bad;
  if (field.name === 'day-of-month' && /^(L|LW|\d{1,2}W|L-\d{1,2})$/.test(text)) return undefined;
  if (field.name === 'day-of-week') {
    const hash = /^(\w+)#([1-5])$/.exec(text);
    if (hash) return valueOf(hash[1], field) !== undefined ? undefined : bad;
    if (/^\w*L$/.test(text) && (text === 'L' || valueOf(text.slice(0, -1), field) !== undefined)) return undefined;
  }
  for (const part of text.split(',')) {
    const [base, step, ...extra] = part.split('/');
    if (extra.length > 0) return bad;
    if (step !== undefined && (!allows('/') || !/^\d+$/.test(step) || Number(step) < 1)) return bad;
    if (base === '*' && step !== undefined) continue;
    const bounds = base.split('-');
    if (bounds.length > 2 || bounds.some((b) => valueOf(b, field) === undefined)) return bad;
  }
  return undefined;
}

/** Options of one service's schedule contract. */
export interface ScheduleContract {
  /** Does the service accept `rate(...)`? */
  readonly rate: boolean;
  /** Smallest interval in minutes the service runs jobs at (AWS Backup: 60). @default 1 (EventBridge) */
  readonly minIntervalMinutes?: number;
}

/** Why `expression` breaks the contract, or `undefined` when AWS accepts it. */
export function scheduleProblem(expression: string, contract: ScheduleContract): string | undefined {
  const rate = /^rate\((.*)\)$/.exec(expression);
  if (rate) {
    if (!contract.rate) return 'must be a cron(...) expression: this schedule does not accept rate(...)';
    const m = /^(\d+) (minute|minutes|hour|hours|day|days)$/.exec(rate[1]);
    if (!m || Number(m[1]) < 1) return 'rate(...) must be "rate(<positive integer> <minute|minutes|hour|hours|day|days>)"';
    const n = Number(m[1]);
    if ((n === 1) !== !m[2].endsWith('s')) return `rate(${rate[1]}) must use the singular unit for 1 and the plural otherwise`;
    const minutes = n * (m[2].startsWith('minute') ? 1 : m[2].startsWith('hour') ? 60 : 1440);
    if (minutes < (contract.minIntervalMinutes ?? 1)) return `runs every ${minutes} minutes: must be at least ${contract.minIntervalMinutes} minutes apart`;
    return undefined;
  }
  const cron = /^cron\((.*)\)$/.exec(expression);
  if (!cron) return `must be a cron(...) expression${contract.rate ? ' or rate(...)' : ''} such as cron(0 5 ? * TUE *)`;
  const fields = cron[1].trim().split(/\s+/);
  if (fields.length !== CRON_FIELDS.length) {
    return `has ${fields.length} fields; AWS cron takes 6 (minutes hours day-of-month month day-of-week year), e.g. cron(0 5 ? * TUE *)`;
  }
  for (const [i, field] of CRON_FIELDS.entries()) {
    const problem = fieldProblem(fields[i], field);
    if (problem) return problem;
  }
  const [minutes, , dayOfMonth, , dayOfWeek] = fields;
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) {
    return `day-of-month "${dayOfMonth}" and day-of-week "${dayOfWeek}": exactly one of them must be "?" (AWS cannot combine both day fields)`;
  }
  if ((contract.minIntervalMinutes ?? 1) >= 60 && !/^\d+$/.test(minutes)) {
    return `minutes field "${minutes}" runs more than once an hour: must be a single minute (jobs at least ${contract.minIntervalMinutes} minutes apart)`;
  }
  return undefined;
}

/** A zod string checked against one service's schedule contract. */
export function scheduleExpression(contract: ScheduleContract): z.ZodEffects<z.ZodString, string, string> {
  return z.string().superRefine((expression, ctx) => {
    const problem = scheduleProblem(expression, contract);
    if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
  });
}

/** AWS Backup plan rules: cron only, in UTC, jobs at least an hour apart. */
export const BACKUP_PLAN_SCHEDULE: ScheduleContract = { rate: false, minIntervalMinutes: 60 };
/** AWS Backup restore testing plans: cron only. */
export const RESTORE_TESTING_SCHEDULE: ScheduleContract = { rate: false };
