'use strict';
/**
 * Runs the cdktf app with plain `node` from its ahead-of-time build (`npm run synth`, cdktf.json's `app`),
 * building it first when a source changed since the last build. See scripts/app-build.cjs and
 * docs/performance.md.
 */
const { setFlagsFromString } = require('node:v8');
// Synth allocates a few hundred MB of short-lived objects in a heap of ~40 MB: letting the young generation
// grow four-fold per step to its usual 16 MB limit takes 9 collections instead of 16 (docs/performance.md).
// V8 reads this flag while running (the semi-space size flags only at start-up), so no extra process.
setFlagsFromString('--semi-space-growth-factor=4');
const { join } = require('node:path');
const { ensureAppBuilt } = require('./app-build.cjs');
const { runWithCodeCache } = require('./code-cache.cjs');
const { skipTokenStackTraces } = require('./token-stack-traces.cjs');
const { describeSynthError } = require('./synth-errors.cjs');

let build;
try {
  build = ensureAppBuilt(join(__dirname, '..'), { inChildProcess: true });
} catch (error) {
  // The build process has already printed the source errors with their locations; add one line, not a stack trace.
  const reported = error.reported || (Array.isArray(error.errors) && error.errors.length > 0);
  console.error(reported ? 'The app could not be built: see the errors above.' : `The app could not be built: ${error.message}`);
  process.exit(1);
}
// Read by the synth summary, so the first run after a change says where its extra time went.
if (build.built) process.env.APP_BUILD_MS = String(Math.round(build.ms));
skipTokenStackTraces();
// Deep enough to reach from a construct's throw back to the stack and the environment that built it.
Error.stackTraceLimit = 50;
const bundle = join(build.dir, 'main.js');
try {
  runWithCodeCache(bundle);
} catch (error) {
  // Never Node's default report: it quotes the failing line of the bundle, which is megabytes long.
  if (process.env.SYNTH_FULL_STACK) console.error(error);
  else console.error(describeSynthError(error, bundle, join(__dirname, '..')));
  process.exit(1);
}
