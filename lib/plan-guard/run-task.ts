/**
 * The plan guard as a Terraform Cloud run task (post-plan, mandatory): Terraform Cloud posts a signed request
 * after every plan, the task reads the run's JSON plan, evaluates it with this repository's allow-list, and reports
 * `passed` or `failed` on the callback, with one outcome per blocked address. A failed mandatory task stops the run
 * before anyone can apply it.
 *
 * Request and callback follow the run task integration API (HCP Terraform docs, "Run tasks integration API", read
 * 2026-12-06): the body is signed with HMAC-SHA512 under the task's key (header `X-TFC-Task-Signature`, hex); the plan
 * is read with the request's `access_token` from `plan_json_api_url`; the result is a JSON:API `PATCH` of
 * `task-results` to `task_result_callback_url`. The verification request sent when the task is created carries the
 * access token `test-token` and gets a 200 without a callback.
 */
import { createHmac, timingSafeEqual } from 'crypto';
import { parseAllowList } from './allow-list';
import { evaluatePlan, formatReport } from './guard';
import { parsePlan } from './plan';

export interface RunTaskRequest {
  readonly body: string;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string | undefined>>;
}

export interface RunTaskResponse {
  readonly statusCode: number;
  readonly body: string;
}

export interface RunTaskDeps {
  /** The HMAC key the run task was created with. */
  readonly hmacKey: string;
  /** `plan-guard-allow-list.yaml` as shipped with the task. */
  readonly allowList: string;
  /** The stack whose allow-list entries apply, from the workspace name (`<workspacePrefix>-<stack>`). */
  readonly stackOf: (workspaceName: string) => string | undefined;
  /**
   * The Terraform Cloud origin (`https://app.terraform.io`): the plan and callback URLs must be on it, so the run's
   * token is never sent anywhere else.
   */
  readonly origin: string;
  readonly fetch: typeof fetch;
  readonly today: () => Date;
}

const SIGNATURE_HEADER = 'x-tfc-task-signature';
/** Terraform Cloud shows at most this much of a result message. */
const MESSAGE_LIMIT = 1000;

/** Is `signature` the hex HMAC-SHA512 of `body` under `key`? Compared in constant time. */
export function validSignature(body: string, signature: string | undefined, key: string): boolean {
  if (!signature || !/^[0-9a-f]{128}$/i.test(signature)) return false;
  const expected = createHmac('sha512', key).update(body).digest();
  return timingSafeEqual(expected, Buffer.from(signature, 'hex'));
}

export async function handleRunTask(request: RunTaskRequest, deps: RunTaskDeps): Promise<RunTaskResponse> {
  if (!validSignature(request.body, request.headers[SIGNATURE_HEADER], deps.hmacKey)) {
    return { statusCode: 401, body: 'signature does not match the run task HMAC key' };
  }
  let payload: Record<string, unknown>;
  try {
    payload = JSON.parse(request.body);
  } catch {
    return { statusCode: 400, body: 'the body is not JSON' };
  }
  if (payload.access_token === 'test-token') return { statusCode: 200, body: 'verification request' };
  const callback = String(payload.task_result_callback_url ?? '');
  const planUrl = String(payload.plan_json_api_url ?? '');
  const token = String(payload.access_token ?? '');
  const onOrigin = (url: string) => url.startsWith(`${deps.origin}/`);
  if (payload.payload_version !== 1 || !onOrigin(callback)) {
    return { statusCode: 400, body: `not a run task request of ${deps.origin} (payload_version 1, callback URL on that host)` };
  }

  const workspace = String(payload.workspace_name ?? '');
  const result = onOrigin(planUrl)
    ? await evaluateRun(planUrl, token, workspace, deps)
    : { status: 'failed' as const, message: `plan-guard: the plan URL ${planUrl} is not on ${deps.origin}; the run's token is not sent there`, outcomes: [] };
  const reply = await deps.fetch(callback, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/vnd.api+json' },
    body: JSON.stringify({
      data: {
        type: 'task-results',
        attributes: { status: result.status, message: result.message.slice(0, MESSAGE_LIMIT) },
        relationships: { outcomes: { data: result.outcomes.map((o) => ({ type: 'task-result-outcomes', attributes: o })) } },
      },
    }),
  });
  // Not an error to Terraform Cloud: it would post the request again, and a finished task refuses a second result.
  // A result that never arrives fails the mandatory task when it times out.
  if (!reply.ok) {
    console.error(`plan-guard run task: the callback answered ${reply.status} for ${String(payload.run_id ?? '')}`);
    return { statusCode: 200, body: `${result.status}; callback answered ${reply.status}` };
  }
  return { statusCode: 200, body: result.status };
}

interface Outcome { readonly 'outcome-id': string; readonly description: string; readonly body: string; readonly tags: Record<string, { label: string; level: string }[]> }

async function evaluateRun(planUrl: string, token: string, workspace: string, deps: RunTaskDeps): Promise<{ status: 'passed' | 'failed'; message: string; outcomes: Outcome[] }> {
  let text: string;
  try {
    const response = await deps.fetch(planUrl, { headers: { authorization: `Bearer ${token}` }, redirect: 'follow' });
    if (!response.ok) throw new Error(`${planUrl} answered ${response.status}`);
    text = await response.text();
  } catch (error) {
    return { status: 'failed', message: `plan-guard could not read the plan: ${(error as Error).message}`, outcomes: [] };
  }
  try {
    const stack = deps.stackOf(workspace);
    const today = deps.today();
    const report = evaluatePlan(parsePlan(text, `run plan of ${workspace}`), parseAllowList(deps.allowList, 'plan-guard-allow-list.yaml', today), stack, today);
    const outcomes = report.findings.filter((f) => f.status !== 'allowed').map((f) => ({
      'outcome-id': `${f.action}:${f.address}`, description: `${f.action} ${f.address}`, body: f.why,
      tags: { Status: [{ label: f.status, level: 'error' }] },
    }));
    return { status: report.blocked ? 'failed' : 'passed', message: formatReport(report, `workspace ${workspace} (stack ${stack ?? 'unknown'})`), outcomes };
  } catch (error) {
    return { status: 'failed', message: `plan-guard could not evaluate the plan: ${(error as Error).message}`, outcomes: [] };
  }
}
