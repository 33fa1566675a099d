/**
 * AWS Lambda entry of the plan guard's run task (a function URL event in, an HTTP response out). Bundled with the
 * allow-list of the commit it was deployed from (constructs/terraform-cloud/plan-guard-run-task.ts); the HMAC key
 * comes from Secrets Manager at the first request (never an environment variable: those sit in Terraform state).
 */
import { handleRunTask } from './run-task';
// Bundled as text by esbuild (loader `.yaml: text`): the reviewed exceptions ship with the code.
import allowList from '../../plan-guard-allow-list.yaml';

interface FunctionUrlEvent { readonly body?: string; readonly isBase64Encoded?: boolean; readonly headers?: Record<string, string | undefined> }

let hmacKey: Promise<string> | undefined;

/** The key, read once per container with the Lambda runtime's own AWS SDK. */
async function key(): Promise<string> {
  const { SecretsManagerClient, GetSecretValueCommand } = require('@aws-sdk/client-secrets-manager');
  const out = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: process.env.HMAC_SECRET_ARN }));
  return String(out.SecretString);
}

/** The key, cached per container; a failed read is not cached, and `fresh` reads it again (after a rotation). */
async function currentKey(fresh = false): Promise<string> {
  if (fresh || !hmacKey) hmacKey = key().catch((error: unknown) => { hmacKey = undefined; throw error; });
  return hmacKey;
}

export async function handler(event: FunctionUrlEvent): Promise<{ statusCode: number; body: string }> {
  const body = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : event.body ?? '';
  const headers = Object.fromEntries(Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  const prefix = process.env.WORKSPACE_PREFIX ?? '';
  const run = async (hmac: string) => handleRunTask({ body, headers }, {
    hmacKey: hmac, allowList, origin: `https://${process.env.TFC_HOSTNAME ?? 'app.terraform.io'}`, fetch, today: () => new Date(),
    stackOf: (workspace) => (workspace.startsWith(prefix) ? workspace.slice(prefix.length) : undefined),
  });
  const cached = await currentKey();
  const answer = await run(cached);
  if (answer.statusCode !== 401) return answer;
  // The key may have been rotated since this container read it.
  const latest = await currentKey(true);
  return latest === cached ? answer : run(latest);
}
