/**
 * The shipped recovery environment (`dr-production`) and its stacks, from a full app synth as `npm run synth` builds
 * them (so the workloads and GPU stacks read the infra stack through remote state, as Terraform will).
 */
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { loadEnvironments } from '../../environments';
import { synthesizeApp, type SynthStack } from './synth';
import { testRunDir } from './test-run';

/** What `RECOVERY_ENVIRONMENTS=dr-production` adds to a normal load. */
export const RECOVERY = { RECOVERY_ENVIRONMENTS: 'dr-production' };

export function recoveryStacks(): { standby: SynthStack; workloads: SynthStack; gpu: SynthStack } {
  const dr = loadEnvironments(RECOVERY)['dr-production'];
  const stacks = synthesizeApp({ [dr.name]: dr }, mkdtempSync(join(testRunDir() ?? tmpdir(), 'recovery-')));
  const named = (name: string) => stacks.find((s) => s.name === name)!;
  return { standby: named(dr.name), workloads: named(`${dr.name}-workloads`), gpu: named(`${dr.name}-gpu`) };
}
