/**
 * One Node.js version, stated the same way everywhere: `.node-version` (what CI runs, .ci/node.sh), package.json's
 * engines and the README; and every installed package accepts it, so `npm ci` warns about no engine.
 */
import { readdirSync, readFileSync, existsSync } from 'fs';
import { join } from 'path';
import semver from 'semver';

const root = join(__dirname, '..');
const pinned = readFileSync(join(root, '.node-version'), 'utf8').trim();
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } };

/** name@version → engines.node of every installed package that declares one (nested copies included). */
function declaredEngines(dir: string, found = new Map<string, string>()): Map<string, string> {
  for (const name of readdirSync(dir)) {
    if (name.startsWith('.')) continue;
    const path = join(dir, name);
    if (name.startsWith('@')) { declaredEngines(path, found); continue; }
    const manifest = join(path, 'package.json');
    if (!existsSync(manifest)) continue;
    const { name: id, version, engines } = JSON.parse(readFileSync(manifest, 'utf8')) as { name: string; version: string; engines?: { node?: string } };
    if (typeof engines?.node === 'string') found.set(`${id}@${version}`, engines.node);
    if (existsSync(join(path, 'node_modules'))) declaredEngines(join(path, 'node_modules'), found);
  }
  return found;
}

test('.node-version is an exact version that satisfies package.json engines', () => {
  expect(semver.valid(pinned)).toBe(pinned);
  expect(semver.satisfies(pinned, pkg.engines.node)).toBe(true);
  // The engines floor is the pinned major: a Node the dependencies do not support is not declared as supported.
  expect(semver.minVersion(pkg.engines.node)?.major).toBe(semver.major(pinned));
});

test('every installed package accepts the pinned Node.js version and the engines floor', () => {
  const engines = declaredEngines(join(root, 'node_modules'));
  expect(engines.size).toBeGreaterThan(10);
  const floor = semver.minVersion(pkg.engines.node)!.version;
  const refusing = (version: string) => [...engines].filter(([, range]) => !semver.satisfies(version, range)).map(([id, range]) => `${id} needs node ${range}`);
  expect(refusing(pinned)).toEqual([]);
  // The floor is what the dependencies need (yargs: ^22.12.0), not only the major: nothing refuses it either.
  expect(refusing(floor)).toEqual([]);
});

test('the README and CI state the same version', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const floor = semver.minVersion(pkg.engines.node)!;
  expect(readme).toContain(`Node.js ≥ ${floor.major}.${floor.minor}`);
  expect(readFileSync(join(root, '.ci', 'run'), 'utf8')).toMatch(/^\. \.ci\/node\.sh$/m);
  expect(readFileSync(join(root, '.ci', 'node.sh'), 'utf8')).toContain('.node-version');
  // GitHub Actions installs the same version (the composite setup action every workflow uses).
  const setup = readFileSync(join(root, '.github', 'actions', 'setup', 'action.yml'), 'utf8');
  expect(setup).toMatch(/^ +node-version-file: \.node-version$/m);
  expect(setup).not.toMatch(/^ +node-version: /m);
});
