/** The alert table (environments/alerts.ts) as each environment renders it: Prometheus syntax checked before it reaches a PrometheusRule. */
import { z } from 'zod';
import type { IssueReporter } from './issues';

/** Severities Alertmanager routes by (`monitoring.alertmanager.routes[].severity`). */
export const ALERT_SEVERITIES = ['critical', 'warning', 'info'] as const;

/** A Prometheus duration: units from years to milliseconds, largest first, e.g. `5m`, `1h30m`. */
const PROMETHEUS_DURATION = /^(?=\d)(\d+y)?(\d+w)?(\d+d)?(\d+h)?(\d+m)?(\d+s)?(\d+ms)?$/;

/** Brackets and quotes of a PromQL expression pair up (a cheap guard against a truncated edit). */
export function unbalancedPromql(expr: string): string | undefined {
  const closing: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
  const stack: string[] = [];
  let quote: string | undefined;
  for (const ch of expr) {
    if (quote) { if (ch === quote) quote = undefined; continue; }
    if (ch === '"' || ch === "'" || ch === '`') quote = ch;
    else if (closing[ch]) stack.push(closing[ch]);
    else if (ch === ')' || ch === ']' || ch === '}') { if (stack.pop() !== ch) return `"${ch}" has no opening bracket`; }
  }
  if (quote) return `the quote ${quote} is never closed`;
  return stack.length > 0 ? `"${stack[stack.length - 1]}" is missing` : undefined;
}

export const alertRuleSchema = z.object({
  /** Alert name (Prometheus `alert`), unique in the table. */
  alert: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an alert name such as APIGatewayDown (letters, digits, "_")'),
  /** PromQL expression; the alert fires while it returns series. */
  expr: z.string().superRefine((expr, ctx) => {
    if (expr.trim() === '') ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must not be empty: an empty expression makes Prometheus reject the whole rule group' });
    const broken = unbalancedPromql(expr);
    if (broken) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `is not valid PromQL: ${broken}` });
  }),
  /** Prometheus duration the condition must hold. */
  for: z.string().regex(PROMETHEUS_DURATION, 'must be a Prometheus duration such as 30s, 5m or 1h30m'),
  /** Routed by `monitoring.alertmanager.routes`. */
  severity: z.enum(ALERT_SEVERITIES),
  summary: z.string().trim().min(1, 'must not be empty: it is the notification title'),
  description: z.string().trim().min(1, 'must not be empty: it tells the on-call engineer what broke'),
});
export type AlertRuleConfig = z.output<typeof alertRuleSchema>;

/** Unique alert names; every severity has a route (otherwise it reaches only the default receiver and never pages). */
export function checkAlerts(alerts: readonly AlertRuleConfig[], routedSeverities: readonly string[], report: IssueReporter): void {
  alerts.forEach((a, i) => {
    const first = alerts.findIndex((b) => b.alert === a.alert);
    if (first !== i) report(['monitoring', 'alerts', i, 'alert'], `"${a.alert}" is already defined at monitoring.alerts[${first}]`);
  });
  // One line per unrouted severity, at the first alert using it.
  for (const severity of new Set(alerts.map((a) => a.severity))) {
    if (routedSeverities.includes(severity)) continue;
    const users = alerts.filter((a) => a.severity === severity).map((a) => a.alert);
    const at = alerts.findIndex((a) => a.severity === severity);
    report(['monitoring', 'alerts', at, 'severity'], `"${severity}" (alerts ${users.join(', ')}) has no route in monitoring.alertmanager.routes (routed: ${[...new Set(routedSeverities)].join(', ') || 'none'}), so it would only reach the default receiver`);
  }
}
