/**
 * Runs one Terraform command against a single provider process started here, in the provider's debug mode, that
 * Terraform attaches to (TF_REATTACH_PROVIDERS) instead of starting its own process per provider configuration.
 * Each of those starts costs the aws provider most of a CPU second (its package set-up and the whole schema), and a
 * run over every stack has a few dozen configurations.
 *
 * Sound only where the process is configured at most once, because the aws provider cannot be configured twice in
 * one process ("unable to add custom RootCAs HTTPClient"):
 * - `terraform validate` of any configuration: its checks are stateless calls (ValidateProviderConfig,
 *   ValidateResourceConfig) and it configures nothing, so one process answers them exactly as many would;
 * - any command (plan, show) on a configuration with a single aws provider block, one process per command.
 * Never a plan of several provider blocks: they would all configure the same process.
 *
 * Usage: node attached-provider.mjs <provider binary> <terraform binary> <terraform args...>
 * cwd and environment as for Terraform (the provider gets the same environment: credentials, GOGC).
 * Terraform's output and exit code pass through; the provider is stopped in every case.
 */
import { spawn } from 'child_process';

const [provider, terraform, ...args] = process.argv.slice(2);
const REATTACH = /TF_REATTACH_PROVIDERS='([^']+)'/;
const START_TIMEOUT_MS = 60_000;

const server = spawn(provider, ['-debug'], { stdio: ['ignore', 'pipe', 'pipe'] });
const stop = () => { if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL'); };
process.on('exit', stop);
// A debug-mode provider waits forever for Terraform: whoever ends this script (a timeout, Ctrl-C) ends it too.
const running = { terraform: undefined };
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) {
  process.on(signal, () => {
    running.terraform?.kill(signal);
    stop();
    process.exit(1);
  });
}

const reattach = await new Promise((resolve, reject) => {
  let output = '';
  const timer = setTimeout(() => reject(new Error(`no TF_REATTACH_PROVIDERS line within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
  const read = (chunk) => {
    output += chunk;
    const found = REATTACH.exec(output);
    if (found) { clearTimeout(timer); resolve(found[1]); }
  };
  server.stdout.on('data', read);
  server.stderr.on('data', read);
  server.on('exit', (code) => { clearTimeout(timer); reject(new Error(`provider exited (${code}) before it could be attached:\n${output}`)); });
  server.on('error', (error) => { clearTimeout(timer); reject(error); });
}).catch((error) => {
  process.stderr.write(`attached-provider.mjs: ${provider} -debug: ${error.message}\n`);
  process.exit(2);
});
// Keep reading, or a chatty provider blocks on a full pipe.
server.stdout.resume();
server.stderr.resume();
server.removeAllListeners('exit');

const run = spawn(terraform, args, { stdio: 'inherit', env: { ...process.env, TF_REATTACH_PROVIDERS: reattach } });
running.terraform = run;
run.on('exit', (code, signal) => {
  stop();
  process.exit(code ?? (signal ? 1 : 0));
});
