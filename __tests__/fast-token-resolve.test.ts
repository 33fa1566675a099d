/**
 * The build's faster `Tokenization.resolve` (lib/fast-token-resolve.ts) returns what cdktf's own resolver
 * returns, for plain data and for every kind of token inside it, and triggers cross-stack references the same
 * way in the preparing pass. The whole-platform comparison is in app-build.test.ts.
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { App, DefaultTokenResolver, Fn, Lazy, StringConcat, TerraformOutput, TerraformStack, Testing, Token, Tokenization, type ResolveOptions } from 'cdktf';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { fastResolve } from '../lib/fast-token-resolve';

const stock = Tokenization.resolve.bind(Tokenization);

function stackWithBucket(): { app: App; stack: TerraformStack; bucket: S3Bucket } {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'one');
  new AwsProvider(stack, 'aws', { region: 'eu-north-1' });
  const bucket = new S3Bucket(stack, 'bucket', { bucket: 'b' });
  return { app, stack, bucket };
}

/** Plain data of every shape, with tokens of every encoding in values, keys and arrays. */
function sample(bucket: S3Bucket): Record<string, unknown> {
  const listToken = Token.asList(Lazy.anyValue({ produce: () => ['x', 'y'] }));
  const numberToken = Token.asNumber(Lazy.anyValue({ produce: () => 7 }));
  const mapToken = Token.asStringMap(Lazy.anyValue({ produce: () => ({ k: 'v' }) }));
  return {
    plain: { s: 'text', n: 1.5, negative: -0, big: 1e21, t: true, f: false, nothing: null, gone: undefined, when: new Date(0) },
    // Plain strings cdktf's number-token pattern matches (they stay literal there too).
    numberLike: ['1e5', 'a-e-1', '2.5E+3', 'name-e-x'],
    nested: [[1, undefined, [undefined]], { deep: { deeper: [{ gone: undefined, kept: '' }] } }, {}],
    escaped: 'literal ${var.x} and }',
    stringToken: `prefix-${bucket.arn}-suffix`,
    reference: bucket.id,
    numberToken,
    numberInString: `count=${numberToken}`,
    listToken,
    mixedList: ['a', bucket.arn, 3],
    mapToken,
    keyed: { [`key-${bucket.bucket}`]: 'token in a key', other: 'x' },
    fn: Fn.join(',', ['a', bucket.arn]),
    resolvable: Lazy.anyValue({ produce: () => ({ produced: [bucket.arn, undefined, { z: undefined }] }) }),
  };
}

const options = (stack: TerraformStack, preparing = false): ResolveOptions => ({
  scope: stack,
  preparing,
  resolver: new DefaultTokenResolver(new StringConcat()),
});

test('resolves plain data and every kind of token exactly as cdktf does', () => {
  const { stack, bucket } = stackWithBucket();
  const input = sample(bucket);
  const expected = stock(input, options(stack));
  expect(fastResolve(input, options(stack), stock)).toEqual(expected);
  expect(JSON.stringify(fastResolve(input, options(stack), stock))).toBe(JSON.stringify(expected));
  // The comparison means something: cdktf's result differs from the input (tokens replaced, undefined dropped).
  expect(JSON.stringify(expected)).toContain('${aws_s3_bucket.bucket.arn}');
  expect(expected).not.toHaveProperty('plain.gone');
  expect((expected as { nested: unknown[] }).nested[0]).toEqual([1, []]);
  expect(expected).toMatchObject({ numberToken: 7, numberInString: 'count=7', listToken: ['x', 'y'], mapToken: { k: 'v' } });
});

test('a provider resource resolves the same, and plain data is copied, never shared', () => {
  const { stack, bucket } = stackWithBucket();
  const config = bucket.toTerraform();
  const fast = fastResolve(config, options(stack), stock) as Record<string, unknown>;
  expect(fast).toEqual(stock(config, options(stack)));
  expect(fast).not.toBe(config);
  expect(fast.resource).not.toBe(config.resource);
});

test('errors cdktf raises for values it cannot resolve are raised too', () => {
  const { stack } = stackWithBucket();
  expect(() => stock({ f: () => 1 }, options(stack))).toThrow();
  expect(() => fastResolve({ f: () => 1 }, options(stack), stock)).toThrow();
  expect(() => fastResolve({ construct: stack }, options(stack), stock)).toThrow();
  expect(() => fastResolve([Token.STRING_MAP_TOKEN_VALUE], options(stack), stock)).toThrow();
});

test('the preparing pass registers a cross-stack reference as cdktf does', () => {
  const synthWith = (resolve: typeof Tokenization.resolve): string => {
    const outdir = mkdtempSync(join(tmpdir(), 'fast-resolve-'));
    const app = new App({ outdir });
    const origin = new TerraformStack(app, 'origin');
    new AwsProvider(origin, 'aws', { region: 'eu-north-1' });
    const bucket = new S3Bucket(origin, 'bucket', { bucket: 'b' });
    const user = new TerraformStack(app, 'user');
    new TerraformOutput(user, 'arn', { value: { nested: [`arn=${bucket.arn}`] } });
    const original = Tokenization.resolve;
    Tokenization.resolve = resolve;
    try {
      app.synth();
    } finally {
      Tokenization.resolve = original;
    }
    const read = (stack: string): string => readFileSync(join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8');
    const written = read('origin') + read('user');
    rmSync(outdir, { recursive: true, force: true });
    return written;
  };
  const expected = synthWith(stock);
  expect(expected).toContain('cross-stack-output-aws_s3_bucket.bucket.arn');
  expect(expected).toContain('terraform_remote_state');
  expect(synthWith((obj, opts) => fastResolve(obj, opts, stock))).toBe(expected);
});
