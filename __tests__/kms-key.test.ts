import { KmsKey as AwsKmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Testing, TerraformStack } from 'cdktf';
import { cloudWatchLogsGrant, KmsKey } from '../constructs/kms-key';
import { synthConstruct } from './support/scope';
import { parsePolicy } from './support/synth';

// cdktf's jest matchers (toHaveResource…), registered only by the files that use them (support/setup.ts).
Testing.setupJest();

describe('KmsKey', () => {
  const stack = synthConstruct((scope) => new KmsKey(scope, 'k', {
    alias: 'acme-logs', description: 'logs', accountId: '111111111111',
    serviceGrants: [cloudWatchLogsGrant('eu-north-1', '111111111111')],
  }));

  test('rotation on, enabled, 30-day deletion window, protected from destroy', () => {
    expect(stack.one('aws_kms_key').attrs).toMatchObject({
      enable_key_rotation: true, is_enabled: true, deletion_window_in_days: 30, lifecycle: { prevent_destroy: true },
    });
  });

  test('the policy gives administration to the account and scopes each service by condition', () => {
    const statements = parsePolicy(stack.one('aws_kms_key').attrs.policy).Statement;
    expect(statements[0]).toMatchObject({ Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'kms:*' });
    expect(statements[1]).toMatchObject({
      Principal: { Service: 'logs.eu-north-1.amazonaws.com' },
      Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:eu-north-1:111111111111:log-group:*' } },
    });
    expect(statements.every((s: { Principal: unknown }) => s.Principal !== '*')).toBe(true);
  });

  test('an alias points at the key', () => {
    const synthesized = Testing.synthScope((scope) => {
      new KmsKey(scope, 'k', { alias: 'acme-logs', description: 'logs', accountId: '111111111111' });
    });
    expect(synthesized).toHaveResourceWithProperties(AwsKmsKey, { enable_key_rotation: true });
    expect(stack.one('aws_kms_alias').attrs).toMatchObject({ name: 'alias/acme-logs', target_key_id: `\${${stack.one('aws_kms_key').address}.key_id}` });
  });

  test('rejects a deletion window AWS does not accept', () => {
    const app = Testing.app();
    expect(() => new KmsKey(new TerraformStack(app, 's'), 'k', {
      alias: 'a', description: 'd', accountId: '111111111111', deletionWindowInDays: 3,
    })).toThrow(/deletionWindowInDays must be 7-30, got 3/);
  });
});
