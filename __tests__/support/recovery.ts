/** The shipped recovery environment (`dr-production`) and its stacks, built from one app as `npm run synth` builds them. */
import { Testing } from 'cdktf';
import { loadEnvironments } from '../../environments';
import { GpuStack } from '../../stacks/gpu-stack';
import { InfraStack } from '../../stacks/infra-stack';
import { WorkloadsStack } from '../../stacks/workloads-stack';
import { SynthStack, toJson } from './synth';

/** What `RECOVERY_ENVIRONMENTS=dr-production` adds to a normal load. */
export const RECOVERY = { RECOVERY_ENVIRONMENTS: 'dr-production' };

export function recoveryStacks(): { standby: SynthStack; workloads: SynthStack; gpu: SynthStack } {
  const dr = loadEnvironments(RECOVERY)['dr-production'];
  const app = Testing.app();
  const infra = new InfraStack(app, dr);
  const apps = new WorkloadsStack(app, dr, infra);
  const gpu = new GpuStack(app, dr, infra, apps);
  return {
    standby: new SynthStack(dr.name, toJson(infra)),
    workloads: new SynthStack(`${dr.name}-workloads`, toJson(apps)),
    gpu: new SynthStack(`${dr.name}-gpu`, toJson(gpu)),
  };
}
