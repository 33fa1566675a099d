/**
 * A temporary copy of the project (node_modules linked, no build, output or state) for tests that edit sources
 * or run the launcher: the real tree and its `.build/` are left alone. Removed after the file's tests.
 */
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'fs';
import { tmpdir } from 'os';
import { join, relative } from 'path';

const root = join(__dirname, '..', '..');
const NOT_COPIED = new Set(['node_modules', '.git', '.build', 'cdktf.out', 'coverage', '.bench', '.gen', '.terraform']);

/** Copies the project into a new temporary directory and registers its removal with `afterAll`. */
export function projectCopy(prefix: string): string {
  const copy = mkdtempSync(join(tmpdir(), prefix));
  cpSync(root, copy, { recursive: true, filter: (src) => !NOT_COPIED.has(relative(root, src).split('/')[0]) });
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'), 'dir');
  afterAll(() => rmSync(copy, { recursive: true, force: true }));
  return copy;
}
