/**
 * Removes the `cdktf.outdir.*` directories cdktf's Testing helpers create (fs.mkdtempSync in the temp dir, never
 * removed) once the test file that made them has run. Core modules are shared by every file a jest worker runs,
 * so `fs.mkdtempSync` is wrapped once per worker; a worker runs one file at a time, so what is recorded between
 * two `afterAll`s belongs to the current file.
 */
import fs from 'fs';
import { basename } from 'path';

const RECORDED = Symbol.for('aifeedback.cdktfOutdirs');
type Recording = typeof fs & { [RECORDED]?: string[] };

function recording(): string[] {
  const module = fs as Recording;
  if (!module[RECORDED]) {
    const made: string[] = [];
    const original = fs.mkdtempSync;
    module.mkdtempSync = function mkdtempSync(this: unknown, prefix: string, options?: unknown) {
      const dir = (original as (p: string, o?: unknown) => string).call(fs, prefix, options);
      if (basename(String(prefix)).startsWith('cdktf.outdir.')) made.push(dir);
      return dir;
    } as typeof fs.mkdtempSync;
    module[RECORDED] = made;
  }
  return module[RECORDED];
}

export function removeCdktfOutdirsAfterEachFile(): void {
  const made = recording();
  afterAll(() => {
    for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });
}
