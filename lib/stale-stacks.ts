/**
 * After a synth, `cdktf.out/stacks/` holds exactly the stacks the app has now. cdktf writes each stack's folder but
 * never removes one: a stack that no longer exists (a backend switched from s3 to cloud drops `bootstrap-<env>`)
 * would stay behind, with its old Terraform JSON, for a later `cdktf deploy` or `npm run plan` to pick up.
 */
import { existsSync, readdirSync, rmSync } from 'fs';
import { join } from 'path';

/** Removes every stack folder under `<outdir>/stacks` not in `current`; returns the names removed. */
export function removeStaleStackFolders(outdir: string, current: readonly string[]): string[] {
  const dir = join(outdir, 'stacks');
  if (!existsSync(dir)) return [];
  const stale = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory() && !current.includes(e.name)).map((e) => e.name);
  for (const name of stale) rmSync(join(dir, name), { recursive: true, force: true });
  return stale.sort();
}
