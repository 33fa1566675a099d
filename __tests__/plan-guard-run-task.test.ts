/**
 * The plan guard's run task against a fake Terraform Cloud API on 127.0.0.1: it serves the run's JSON plan (through
 * the redirect Terraform Cloud answers with) and records the callback, in the formats of the run task integration API.
 */
import { spawnSync } from 'child_process';
import { createHmac } from 'crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { createServer, type IncomingMessage, type Server } from 'http';
import type { AddressInfo } from 'net';
import { handleRunTask, validSignature } from '../lib/plan-guard/run-task';
import type { Json } from '../lib/plan-guard/plan';
import { tempDir } from './support/temp-dir';

const KEY = 'run-task-hmac-key-for-tests';
const TODAY = new Date('2026-12-06T12:00:00Z');
const WORKSPACE_PREFIX = 'aifeedback-';

interface Recorded { method: string; url: string; headers: IncomingMessage['headers']; body: string }
let server: Server;
let origin = '';
let plan: Json = {};
let recorded: Recorded[] = [];
/** Where the plan API redirects to (Terraform Cloud answers with a temporary URL on its archive host). */
let archive = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      recorded.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      if (req.url === '/api/v2/plans/plan-1/json-output') {
        if (req.headers.authorization !== 'Bearer run-token') return void res.writeHead(401).end();
        return void res.writeHead(307, { location: archive }).end();
      }
      if (req.url === '/archive/plan-1') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(plan));
      if (req.url === '/api/v2/task-results/taskrs-1/callback' && req.method === 'PATCH') return void res.writeHead(200).end('{}');
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
/** Terraform Cloud's archive host: another origin, which must not get the run's token. */
let archiveServer: Server;
let archiveHeaders: IncomingMessage['headers'][] = [];
beforeAll(async () => {
  archiveServer = createServer((req, res) => {
    archiveHeaders.push(req.headers);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(plan));
  });
  await new Promise<void>((resolve) => archiveServer.listen(0, '127.0.0.1', resolve));
});
afterAll(() => new Promise<void>((resolve) => server.close(() => archiveServer.close(() => resolve()))));
beforeEach(() => {
  recorded = [];
  archive = `${origin}/archive/plan-1`;
});

const change = (address: string, actions: string[], extra: Json = {}) => ({ address, type: address.split('.')[0], mode: 'managed', change: { actions, before: {}, after: {}, after_unknown: {}, ...extra } });
const planOf = (...changes: Json[]) => ({ format_version: '1.2', terraform_version: '1.11.4', planned_values: {}, resource_changes: changes });

function request(overrides: Json = {}, key = KEY) {
  const body = JSON.stringify({
    payload_version: 1, stage: 'post_plan', access_token: 'run-token', is_speculative: false, organization_name: 'acme-infra',
    run_id: 'run-1', task_result_id: 'taskrs-1', task_result_enforcement_level: 'mandatory',
    plan_json_api_url: `${origin}/api/v2/plans/plan-1/json-output`, task_result_callback_url: `${origin}/api/v2/task-results/taskrs-1/callback`,
    workspace_name: 'aifeedback-staging', workspace_id: 'ws-1', ...overrides,
  });
  return { body, headers: { 'x-tfc-task-signature': createHmac('sha512', key).update(body).digest('hex') } };
}

const deps = (allowList = 'entries: []\n') => ({
  hmacKey: KEY, allowList, origin, fetch, today: () => TODAY,
  stackOf: (w: string) => (w.startsWith(WORKSPACE_PREFIX) ? w.slice(WORKSPACE_PREFIX.length) : undefined),
});
const callback = () => {
  const calls = recorded.filter((r) => r.method === 'PATCH');
  expect(calls).toHaveLength(1);
  expect(calls[0].headers).toMatchObject({ authorization: 'Bearer run-token', 'content-type': 'application/vnd.api+json' });
  return JSON.parse(calls[0].body).data;
};

test('a safe plan passes', async () => {
  plan = planOf(change('aws_s3_bucket_versioning.v', ['update']), change('aws_vpc.main', ['create']));
  expect(await handleRunTask(request(), deps())).toEqual({ statusCode: 200, body: 'passed' });
  const data = callback();
  expect(data).toMatchObject({ type: 'task-results', attributes: { status: 'passed', message: expect.stringContaining('plan-guard: OK workspace aifeedback-staging (stack staging)') } });
  expect(data.relationships.outcomes.data).toEqual([]);
});

test('a database replacement fails, naming the address', async () => {
  plan = planOf(change('aws_db_instance.data_postgres', ['delete', 'create'], { replace_paths: [['identifier']] }));
  expect((await handleRunTask(request(), deps())).body).toBe('failed');
  const data = callback();
  expect(data.attributes).toMatchObject({ status: 'failed', message: expect.stringMatching(/BLOCKED +replace aws_db_instance.data_postgres: RDS instance/) });
  expect(data.relationships.outcomes.data).toEqual([expect.objectContaining({ type: 'task-result-outcomes', attributes: expect.objectContaining({ 'outcome-id': 'replace:aws_db_instance.data_postgres', body: expect.stringContaining('replace forced by identifier') }) })]);
});

test('an allow-listed replacement passes', async () => {
  plan = planOf(change('aws_db_instance.data_postgres', ['delete', 'create'], { replace_paths: [['identifier']] }));
  const allowList = [
    'entries:',
    '  - stack: staging',
    '    address: aws_db_instance.data_postgres',
    '    action: replace',
    '    reason: Restored from snapshot rds:staging-2026-12-05 and verified by the data team.',
    '    expires: 2026-12-20',
  ].join('\n');
  expect((await handleRunTask(request(), deps(allowList))).body).toBe('passed');
  expect(callback().attributes.message).toMatch(/allowed until 2026-12-20/);
});

test('a bad signature is rejected, with no callback and no plan read', async () => {
  plan = planOf(change('aws_vpc.main', ['create']));
  expect(await handleRunTask(request({}, 'another-key'), deps())).toMatchObject({ statusCode: 401 });
  const tampered = request();
  expect(await handleRunTask({ ...tampered, body: tampered.body.replace('aifeedback-staging', 'aifeedback-production') }, deps())).toMatchObject({ statusCode: 401 });
  expect(await handleRunTask({ body: tampered.body, headers: {} }, deps())).toMatchObject({ statusCode: 401 });
  expect(recorded).toEqual([]);
});

test('the plan is read through the redirect to another host, which does not get the run\'s token', async () => {
  plan = planOf(change('aws_vpc.main', ['create']));
  archive = `http://localhost:${(archiveServer.address() as AddressInfo).port}/plan-1`; // another origin than 127.0.0.1
  archiveHeaders = [];
  expect((await handleRunTask(request(), deps())).body).toBe('passed');
  expect(archiveHeaders).toHaveLength(1);
  expect(archiveHeaders[0].authorization).toBeUndefined();
});

test('a callback Terraform Cloud refuses is logged, and answered with a 200 so the request is not posted again', async () => {
  plan = planOf(change('aws_vpc.main', ['create']));
  const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  const answer = await handleRunTask(request({ task_result_callback_url: `${origin}/api/v2/task-results/finished/callback` }), deps());
  expect(answer).toEqual({ statusCode: 200, body: 'passed; callback answered 404' });
  expect(error).toHaveBeenCalledWith(expect.stringContaining('the callback answered 404'));
  error.mockRestore();
});

test('an unreachable plan fails the task, with the reason', async () => {
  archive = 'http://127.0.0.1:9/archive/plan-1'; // the discard port: nothing answers
  expect((await handleRunTask(request(), deps())).body).toBe('failed');
  expect(callback().attributes).toMatchObject({ status: 'failed', message: expect.stringMatching(/^plan-guard could not read the plan: .+/) });
});

test('a plan URL off the Terraform Cloud host fails without sending the token there', async () => {
  expect((await handleRunTask(request({ plan_json_api_url: 'https://attacker.example/plan' }), deps())).body).toBe('failed');
  expect(callback().attributes.message).toMatch(/is not on http:\/\/127\.0\.0\.1:\d+; the run's token is not sent there/);
});

test('the verification request when the task is created gets a 200 and no callback', async () => {
  expect(await handleRunTask(request({ access_token: 'test-token' }), deps())).toEqual({ statusCode: 200, body: 'verification request' });
  expect(recorded).toEqual([]);
});

test('signatures: only the hex HMAC-SHA512 of the exact body under the key', () => {
  const sig = createHmac('sha512', KEY).update('x').digest('hex');
  expect(validSignature('x', sig, KEY)).toBe(true);
  expect(validSignature('x ', sig, KEY)).toBe(false);
  expect(validSignature('x', sig.slice(0, 64), KEY)).toBe(false);
  expect(validSignature('x', undefined, KEY)).toBe(false);
});

describe('the Lambda bundle (what the tfc-<env> stack deploys)', () => {
  const bundles = tempDir('run-task-bundle-');
  /** The bundle loaded beside a stand-in for the Lambda runtime's AWS SDK, which returns the HMAC key. */
  function loadBundle(): { handler: (event: Json) => Promise<{ statusCode: number; body: string }>; code: string } {
    const { bundleRunTask } = require('../constructs/terraform-cloud/plan-guard-run-task') as typeof import('../constructs/terraform-cloud/plan-guard-run-task');
    const dir = mkdtempSync(join(bundles, 'bundle-'));
    // Unzipped by another implementation than the one that zipped it (Python's zipfile, with its CRC check).
    const unzip = spawnSync('python3', ['-c', 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(z.namelist()); z.extractall(sys.argv[2])', join(bundleRunTask(), 'code.zip'), dir], { encoding: 'utf8' });
    expect({ status: unzip.status, stderr: unzip.stderr, files: unzip.stdout.trim() }).toEqual({ status: 0, stderr: '', files: "['index.js']" });
    const code = readFileSync(join(dir, 'index.js'), 'utf8');
    const sdk = join(dir, 'node_modules', '@aws-sdk', 'client-secrets-manager');
    mkdirSync(sdk, { recursive: true });
    // Answers with the keys listed in globalThis.runTaskKeys, one per read (an Error entry fails that read).
    writeFileSync(join(sdk, 'index.js'), `exports.GetSecretValueCommand = class { constructor(input) { this.input = input; } };
exports.SecretsManagerClient = class { async send(c) {
  if (c.input.SecretId !== 'arn:secret') throw new Error('wrong secret ' + c.input.SecretId);
  const next = globalThis.runTaskKeys.length > 1 ? globalThis.runTaskKeys.shift() : globalThis.runTaskKeys[0];
  if (next instanceof Error) throw next;
  return { SecretString: next };
} };`);
    process.env.HMAC_SECRET_ARN = 'arn:secret';
    return { handler: require(join(dir, 'index.js')).handler, code };
  }

  test('ships the repository\'s allow-list and the AWS SDK as the runtime\'s', () => {
    const { code } = loadBundle();
    expect(code).toContain(readFileSync(join(__dirname, '..', 'plan-guard-allow-list.yaml'), 'utf8').split('\n')[0]);
    expect(code).toMatch(/require\("@aws-sdk\/client-secrets-manager"\)/);
  });

  const keys = (...values: (string | Error)[]) => { (globalThis as Json).runTaskKeys = values; };

  test('answers a function URL event: the verification request, and a bad signature', async () => {
    keys(KEY);
    const { handler } = loadBundle();
    const good = request({ access_token: 'test-token' });
    expect(await handler({ body: Buffer.from(good.body).toString('base64'), isBase64Encoded: true, headers: { 'X-TFC-Task-Signature': good.headers['x-tfc-task-signature'] } })).toEqual({ statusCode: 200, body: 'verification request' });
    expect((await handler({ body: good.body, headers: { 'x-tfc-task-signature': '00' } })).statusCode).toBe(401);
  });

  test('a key read that failed is read again; a rotated key is picked up without a new container', async () => {
    keys(new Error('throttled'), 'old-key', KEY);
    const { handler } = loadBundle();
    const good = request({ access_token: 'test-token' });
    const event = { body: good.body, headers: good.headers };
    await expect(handler(event)).rejects.toThrow('throttled');
    // Now reads 'old-key' (cached), the signature does not match it, so it reads again and gets the rotated key.
    expect(await handler(event)).toEqual({ statusCode: 200, body: 'verification request' });
  });
});
