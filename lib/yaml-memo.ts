/**
 * YAML parsing and serialising for synth (Helm values), remembered between runs of the ahead-of-time build.
 *
 * The `yaml` package is slow on a fresh process: reading the helm-values/ files and writing every release's
 * values took about a fifth of a synth (docs/performance.md), for the same inputs on every run. Both are pure
 * functions of their input, so the build remembers each result under a SHA-256 of its input, in a file inside
 * its own fingerprinted directory (scripts/app-build.cjs): a new build (any source or dependency change, the
 * `yaml` version included) starts empty, and an input never seen gives a fresh result. The file is rewritten
 * after a run that missed, holding exactly what that run used.
 *
 * Only values JSON carries exactly are remembered: plain objects and arrays, finite numbers other than -0,
 * strings, booleans and null, with no object reached twice (`yaml` writes an anchor for that) and no undefined
 * (it has rules of its own for those). Anything else is parsed or serialised afresh every time.
 *
 * Without a memo file (tests, `node --import tsx main.ts`) these are `yaml`'s parse and stringify.
 */
import { createHash } from 'crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'fs';
import { parse, stringify } from 'yaml';

/** Results by input hash; a parse result is kept as its JSON text, so every hit returns a fresh object. */
type Entries = Record<string, string>;

interface Memo {
  readonly file: string;
  readonly stored: Entries;
  readonly used: Entries;
  missed: boolean;
}

let memo: Memo | undefined;

/** True when `value` survives a JSON round trip unchanged and `yaml` would write no anchor for it. */
export function isJsonExact(value: unknown, seen = new Set<object>()): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0);
    case 'object': {
      if (value === null) return true;
      if (seen.has(value)) return false;
      seen.add(value);
      if (Array.isArray(value)) return value.every((item) => isJsonExact(item, seen));
      const proto = Object.getPrototypeOf(value);
      const plain = proto === null || Object.getPrototypeOf(proto) === null; // a plain object from any realm
      return plain && Object.getOwnPropertySymbols(value).length === 0 && Object.values(value).every((item) => isJsonExact(item, seen));
    }
    default:
      return false;
  }
}

const hash = (kind: string, input: string): string => createHash('sha256').update(kind).update('\0').update(input).digest('base64url');

function remembered(key: string, compute: () => string): string {
  if (!memo) return compute();
  let result: unknown = memo.used[key] ?? memo.stored[key];
  if (typeof result !== 'string') {
    result = compute();
    memo.missed = true;
  }
  memo.used[key] = result as string;
  return result as string;
}

/** `yaml`'s parse of `text`. */
export function parseYaml(text: string): unknown {
  if (!memo) return parse(text);
  let computed: unknown;
  const json = remembered(hash('parse', text), () => {
    computed = parse(text);
    return isJsonExact(computed) ? JSON.stringify(computed) : '';
  });
  if (computed !== undefined) return computed;
  return json === '' ? parse(text) : JSON.parse(json);
}

/** `yaml`'s stringify of `value` (default options). */
export function stringifyYaml(value: unknown): string {
  if (!memo || !isJsonExact(value)) return stringify(value);
  return remembered(hash('stringify', JSON.stringify(value)), () => stringify(value));
}

/** Writes the memo after a successful run (exit code 0) that missed or used fewer entries than were stored. */
export function saveYamlMemo(code = 0): void {
  if (code !== 0 || !memo || (!memo.missed && Object.keys(memo.used).length === Object.keys(memo.stored).length)) return;
  const tmp = `${memo.file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, JSON.stringify(memo.used));
    renameSync(tmp, memo.file); // atomic: a concurrent run reads the old file or the new one, never half of one
  } catch {
    // A memo that cannot be written only costs the next run its speed.
    rmSync(tmp, { force: true });
  }
}

/** Remembers results in `file` (read now when it exists; rewritten after a successful run that missed or used fewer). */
export function useYamlMemoFile(file: string): void {
  let stored: Entries = {};
  try {
    stored = JSON.parse(readFileSync(file, 'utf8')) as Entries;
  } catch {
    // No memo yet (first run of this build) or an unreadable one: start empty.
  }
  if (!memo) process.once('exit', saveYamlMemo);
  memo = { file, stored, used: {}, missed: false };
}
