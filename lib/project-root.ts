/**
 * The repository root (the nearest directory above this file holding package.json). Files read at synth
 * time (charts/, helm-values/) resolve from here, so they are found both from the TypeScript sources and
 * from the ahead-of-time build in `.build/app/<fingerprint>/` (docs/performance.md).
 */
import { existsSync } from 'fs';
import { dirname, join } from 'path';

function findRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${start}`);
  }
}

export const PROJECT_ROOT = findRoot(__dirname);
