/** A bare test stack with an AWS provider, for construct tests. */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Testing, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { SynthStack, toJson } from './synth';

export function synthConstruct(build: (scope: Construct) => void): SynthStack {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  new AwsProvider(stack, 'aws', { region: 'eu-north-1' });
  build(stack);
  return new SynthStack('test', toJson(stack));
}
