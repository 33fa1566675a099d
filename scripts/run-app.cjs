'use strict';
/**
 * Runs the cdktf app with plain `node` from its ahead-of-time build (`npm run synth`, cdktf.json's `app`),
 * building it first when a source changed since the last build. See scripts/app-build.cjs.
 */
const { join } = require('node:path');
const { ensureAppBuilt } = require('./app-build.cjs');
const { skipTokenStackTraces } = require('./token-stack-traces.cjs');

const build = ensureAppBuilt(join(__dirname, '..'));
// Read by the synth summary, so the first run after a change says where its extra time went.
if (build.built) process.env.APP_BUILD_MS = String(Math.round(build.ms));
skipTokenStackTraces();
require(join(build.dir, 'main.js'));
