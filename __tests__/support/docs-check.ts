/** Checks over the Markdown documentation: relative links that resolve, and no references outside the repository. */
import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import { dirname, join, relative, resolve } from 'path';

export const REPO_ROOT = join(__dirname, '..', '..');

/** README.md and every Markdown file under docs/, as repository-relative paths. */
export function documentationFiles(root = REPO_ROOT): string[] {
  const walk = (dir: string): string[] => readdirSync(join(root, dir)).sort().flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(join(root, path)).isDirectory() ? walk(path) : entry.endsWith('.md') ? [path] : [];
  });
  return ['README.md', ...(existsSync(join(root, 'docs')) ? walk('docs') : [])];
}

/** Markdown with fenced code blocks and inline code removed (links there are examples, not links). */
function proseOnly(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
}

/** Link and image targets of inline links `[text](target)` and reference definitions `[id]: target`. */
export function linkTargets(markdown: string): string[] {
  const prose = proseOnly(markdown);
  const inline = [...prose.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]);
  const definitions = [...prose.matchAll(/^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/gm)].map((m) => m[1]);
  return [...inline, ...definitions];
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, `-1`, `-2` for repeats. */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const m of proseOnly(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const slug = m[1].replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    anchors.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return anchors;
}

const EXTERNAL = /^[a-z][a-z0-9+.-]*:/i;

export interface LinkReport {
  /** `file: target: why`, one per link that does not resolve. */
  readonly broken: string[];
  /** Links to a page listed as pending that does not exist yet. */
  readonly pending: string[];
}

/**
 * Every relative link (and `#anchor`) in `files` must resolve inside the repository. A link to a missing file is
 * tolerated only when that file is in `pendingDocs` (pages another change is about to add); it is reported.
 */
export function checkLinks(files: readonly string[], pendingDocs: readonly string[], root = REPO_ROOT): LinkReport {
  const broken: string[] = [];
  const pending: string[] = [];
  const read = (file: string) => readFileSync(join(root, file), 'utf8');
  for (const file of files) {
    for (const target of linkTargets(read(file))) {
      if (EXTERNAL.test(target)) continue;
      const [pathPart, anchor] = target.split('#', 2);
      const resolved = pathPart === '' ? file : relative(root, resolve(root, dirname(file), decodeURIComponent(pathPart)));
      if (resolved.startsWith('..')) { broken.push(`${file}: ${target}: points outside the repository`); continue; }
      if (!existsSync(join(root, resolved))) {
        if (pendingDocs.includes(resolved)) pending.push(`${file}: ${target}`);
        else broken.push(`${file}: ${target}: no such file ${resolved}`);
        continue;
      }
      if (anchor !== undefined && resolved.endsWith('.md') && !headingAnchors(read(resolved)).has(anchor)) {
        broken.push(`${file}: ${target}: no heading with anchor #${anchor} in ${resolved}`);
      }
    }
  }
  return { broken, pending };
}

/** What the documentation must never say: it stands alone, for any reader on any machine. */
export const FORBIDDEN_REFERENCES: readonly (readonly [RegExp, string])[] = [
  [/\.\.\/shared|\bshared\//, 'a path outside the repository'],
  [/\bdesign\.md\b|\bplatform\.md\b|\bsecurity-checks\.md\b/, 'a briefing document that is not in the repository'],
  [/\(issues? #?\d+\)|\bissue #?\d+\b/i, 'a tracker issue number (say what was decided instead)'],
  [/\bthe guides?(?:'s)?\b/i, '"the guide" (say which fact, in this repository\'s words)'],
  [/\b(?:this|these|our) (?:\d+-core )?machines?\b|\b\d+-core machine|\bbinary here\b|\binstalled here\b/i, 'one particular machine (state it for any test environment)'],
];

/** `file:line: why: text` for every forbidden reference in `files`. */
export function forbiddenReferences(files: readonly string[], root = REPO_ROOT): string[] {
  const found: string[] = [];
  for (const file of files) {
    readFileSync(join(root, file), 'utf8').split('\n').forEach((line, i) => {
      for (const [pattern, why] of FORBIDDEN_REFERENCES) if (pattern.test(line)) found.push(`${file}:${i + 1}: ${why}: ${line.trim()}`);
    });
  }
  return found;
}

/**
 * Rules and waivers missing from the policy page: every rule id must appear in backticks, and the Waivers section
 * must have a table row per waiver naming its rule.
 */
export function undocumentedPolicy(page: string, ruleIds: readonly string[], waivedRules: readonly string[]): string[] {
  const problems = [...new Set(ruleIds)].filter((id) => !page.includes(`\`${id}\``)).map((id) => `rule ${id} is not described`);
  const waivers = page.split(/^## Waivers$/m)[1] ?? '';
  const rows = waivers.split('\n').filter((line) => /^\| `[^`]+`/.test(line)).map((line) => /^\| `([^`]+)`/.exec(line)![1]);
  for (const rule of new Set(waivedRules)) {
    const want = waivedRules.filter((r) => r === rule).length;
    const have = rows.filter((r) => r === rule).length;
    if (have !== want) problems.push(`rule ${rule} has ${want} waiver(s) in exceptions.ts but ${have} row(s) under "## Waivers"`);
  }
  for (const rule of new Set(rows)) if (!waivedRules.includes(rule)) problems.push(`rule ${rule} is listed under "## Waivers" but not waived`);
  return problems;
}

const NOT_SOURCE = new Set(['node_modules', 'cdktf.out', '.git', '.terraform', 'coverage', '.bench']);

/** Every text file of the repository outside build output and dependencies (no lock file, no generated SVG). */
export function repositoryTextFiles(root = REPO_ROOT): string[] {
  const walk = (dir: string): string[] => readdirSync(join(root, dir)).sort().flatMap((entry) => {
    if (NOT_SOURCE.has(entry)) return [];
    const path = dir ? join(dir, entry) : entry;
    if (statSync(join(root, path)).isDirectory()) return walk(path);
    return /\.(ts|mjs|js|json|ya?ml|md|tpl|txt)$/.test(entry) && entry !== 'package-lock.json' ? [path] : [];
  });
  return walk('');
}
