/**
 * A full app synth in a child process (`node --import tsx __tests__/support/synth-child.ts <outdir>`), for tests that
 * must control what the synth's own child processes see (PATH without terraform): jest gives each test file a copy
 * of process.env, which child_process does not use. SYNTH_STATE (JSON: environment → state config) replaces the
 * state of the named environments.
 */
import { ENVIRONMENT_INPUTS, type EnvironmentInput } from '../../environments';
import { synthesizeApp, testEnvironments } from './synth';

const states = JSON.parse(process.env.SYNTH_STATE ?? '{}') as Record<string, EnvironmentInput['state']>;
const inputs = Object.fromEntries(Object.entries(ENVIRONMENT_INPUTS).map(([name, input]) => [name, states[name] ? { ...input, state: states[name] } : input]));
synthesizeApp(testEnvironments(inputs), process.argv[2]);
