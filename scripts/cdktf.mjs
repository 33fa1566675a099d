#!/usr/bin/env node
// The project's way to run the cdktf CLI (`npm run diff -- <stack>`, `npm run deploy -- <stack>`,
// `npm run cdktf -- <command> ...`): the same CLI with quiet defaults.
// - CHECKPOINT_DISABLE=1: no version check against HashiCorp's checkpoint service (it fails without
//   network and prints an error on every command).
// - Output that is not a terminal (CI logs, `| tee`) gets no spinner frames and no colour codes: cdktf's
//   ink UI renders only its final frame when CI is set, and diff/deploy/destroy take --no-color.
//   An interactive approval (deploy/destroy without --auto-approve, typed on a terminal) keeps the live UI,
//   since the prompt is one of those frames.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const COLOR_FLAG_COMMANDS = new Set(['diff', 'deploy', 'destroy']);
const APPROVAL_COMMANDS = new Set(['deploy', 'destroy']);

/** Arguments and environment for the cdktf CLI, given ours and whether stdin/stdout are terminals. */
export function quietInvocation(args, env, { stdinTty, stdoutTty }) {
  const command = args.find((a) => !a.startsWith('-'));
  const outEnv = { ...env, CHECKPOINT_DISABLE: env.CHECKPOINT_DISABLE ?? '1' };
  const outArgs = [...args];
  if (!stdoutTty) {
    const waitsForApproval = APPROVAL_COMMANDS.has(command) && !args.includes('--auto-approve') && stdinTty;
    if (!waitsForApproval && outEnv.CI === undefined) outEnv.CI = '1';
    if (COLOR_FLAG_COMMANDS.has(command) && !args.includes('--no-color')) outArgs.push('--no-color');
  }
  return { args: outArgs, env: outEnv };
}

function main() {
  const cli = require.resolve('cdktf-cli/bundle/bin/cdktf.js');
  const { args, env } = quietInvocation(process.argv.slice(2), process.env, {
    stdinTty: Boolean(process.stdin.isTTY),
    stdoutTty: Boolean(process.stdout.isTTY),
  });
  const child = spawn(process.execPath, [cli, ...args], { stdio: 'inherit', env });
  // Ctrl-C reaches the CLI directly (same process group): let it stop Terraform cleanly, do not send a second one.
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
