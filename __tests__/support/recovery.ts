/**
 * The shipped recovery environment (`dr-production`) and its stacks, from a full app synth as `npm run synth` builds
 * them with RECOVERY_ENVIRONMENTS set (so the workloads and GPU stacks read the infra stack through remote state, as
 * Terraform will). One synth per test run, shared (support/synth.ts).
 */
import { ENVIRONMENT_INPUTS } from '../../environments';
import { sharedSynth, type SynthStack } from './synth';

/** What `RECOVERY_ENVIRONMENTS=dr-production` adds to a normal load. */
export const RECOVERY = { RECOVERY_ENVIRONMENTS: 'dr-production' };
const RECOVERY_NAME = 'dr-production';

/** The full synth with the recovery environment joined: every stack, and where they were written (with cdktf's manifest). */
export function recoverySynth(): { outdir: string; stacks: SynthStack[] } {
  return sharedSynth(ENVIRONMENT_INPUTS, RECOVERY);
}

export function recoveryStacks(): { standby: SynthStack; workloads: SynthStack; gpu: SynthStack } {
  const { stacks } = recoverySynth();
  const named = (name: string) => {
    const found = stacks.find((s) => s.name === name);
    if (!found) throw new Error(`the recovery synth has no stack "${name}"`);
    return found;
  };
  return { standby: named(RECOVERY_NAME), workloads: named(`${RECOVERY_NAME}-workloads`), gpu: named(`${RECOVERY_NAME}-gpu`) };
}
