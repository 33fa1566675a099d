/**
 * A faster `Tokenization.resolve` for the ahead-of-time build (docs/performance.md), same results.
 *
 * cdktf resolves every element of a stack twice (once in `prepareStack` to find cross-stack references,
 * once to write it) and the merged stack once more. Its resolver walks every value with a new context
 * object, key-path array and three regular-expression tests per string, although almost all of a
 * provider's attribute tree is plain data: literal strings, numbers and (mostly undefined) optional keys.
 *
 * `fastResolve` walks plain data itself, copying it with undefined entries dropped, exactly as cdktf's
 * resolver returns it, and hands every value that is or may hold a token (an encoded string, number, list
 * or map token, an IResolvable, a construct, an unusual value) to cdktf's own resolver, in the same order.
 * `Tokenization.resolve` always starts a fresh resolution (no previous context: plain containers pass
 * their context through unchanged), so a token resolved on its own resolves exactly as inside its tree;
 * only the key path in error messages is shorter.
 *
 * Installed only by the build's entry (scripts/app-build.cjs): `node --import tsx main.ts` and the tests
 * run cdktf unchanged, so the build test's byte comparison checks this against cdktf's resolver.
 */
import { Token, Tokenization, type ResolveOptions } from 'cdktf';

type Resolve = (obj: unknown, options: ResolveOptions) => unknown;

/** Every encoded string, list and map token contains this (`${TfToken[…]}`, `#{TfToken[…]}`, `&{TfToken[…]}`). */
const TOKEN_MARKER = '{TfToken[';
/** cdktf's pattern for number tokens written into strings (it also matches some plain strings: those go to cdktf). */
const NUMBER_TOKEN_IN_STRING = /[-|\d|.+]+(e[-|\d|.|e|E|+]+)/;
/** Top 16 bits of the doubles cdktf encodes number tokens and number-list tokens as. */
const TOKEN_DOUBLE_TAGS = new Set([0xfdff << 16, 0xfbff << 16]);
const double = new Float64Array(1);
const words = new Uint32Array(double.buffer);

function isPlainString(s: string): boolean {
  return !s.includes(TOKEN_MARKER) && !NUMBER_TOKEN_IN_STRING.test(s) && s !== Token.STRING_MAP_TOKEN_VALUE && s !== Token.ANY_MAP_TOKEN_VALUE;
}

function isPlainNumber(n: number): boolean {
  double[0] = n;
  return n !== Token.NUMBER_MAP_TOKEN_VALUE && !TOKEN_DOUBLE_TAGS.has(words[1] & 0xffff0000);
}

/** Values cdktf's resolver returns unchanged: anything else is handed to it. */
function isPlainScalar(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
      return isPlainString(value);
    case 'number':
      return isPlainNumber(value);
    case 'boolean':
    case 'undefined':
      return true;
    default:
      return value === null;
  }
}

/** An object cdktf's resolver walks key by key: not a token, construct or date, and no key holds a token. */
function isPlainMap(value: object, keys: readonly string[]): boolean {
  if (Tokenization.isResolvable(value)) return false;
  const maybeConstruct = value as { _children?: unknown; _metadata?: unknown };
  if (maybeConstruct._children !== undefined && maybeConstruct._metadata !== undefined) return false;
  return keys.every(isPlainString);
}

function walk(value: unknown, options: ResolveOptions, stock: Resolve): unknown {
  if (typeof value !== 'object' || value === null) return isPlainScalar(value) ? value : stock(value, options);
  if (Array.isArray(value)) {
    // Arrays holding list tokens resolve as a whole in cdktf; other tokens are resolved element by element there too.
    if (!value.every((x) => typeof x === 'object' || isPlainScalar(x))) return stock(value, options);
    const copy: unknown[] = [];
    for (const x of value) {
      const resolved = walk(x, options, stock);
      if (resolved !== undefined) copy.push(resolved);
    }
    return copy;
  }
  if (value instanceof Date) return value; // returned as is by cdktf too
  const keys = Object.keys(value);
  if (!isPlainMap(value, keys)) return stock(value, options);
  const copy: Record<string, unknown> = {};
  for (const key of keys) {
    const resolved = walk((value as Record<string, unknown>)[key], options, stock);
    if (resolved !== undefined) copy[key] = resolved;
  }
  return copy;
}

/** `Tokenization.resolve` with plain data walked directly: the same result as `stock` for every input. */
export function fastResolve(obj: unknown, options: ResolveOptions, stock: Resolve): unknown {
  return walk(obj, options, stock);
}

/** Replaces `Tokenization.resolve` (cdktf's entry for every top-level resolution) with `fastResolve`. */
export function installFastTokenResolve(): void {
  const stock: Resolve = Tokenization.resolve.bind(Tokenization);
  Tokenization.resolve = (obj: unknown, options: ResolveOptions) => fastResolve(obj, options, stock) as ReturnType<typeof Tokenization.resolve>;
}
