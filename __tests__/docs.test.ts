/**
 * The documentation stands alone: every relative link in README.md and docs/ resolves (file and #anchor), and no
 * page points outside the repository, cites a tracker issue or describes one particular machine.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';

import { dirname, join } from 'path';
import { POLICY_EXCEPTIONS } from './policy/exceptions';
import { POLICY_RULES } from './policy';
import {
  checkLinks, documentationFiles, forbiddenReferences, headingAnchors, repositoryTextFiles, undocumentedPolicy,
} from './support/docs-check';
import { tempDir } from './support/temp-dir';

/**
 * Pages that other changes are adding right now. A link to one of these may point at a missing file until they
 * land; empty this list once they exist, so every link must resolve again.
 */
const PENDING_DOCS: readonly string[] = [];

const files = documentationFiles();

test('README.md is at most about 10 KB, and docs/ has pages', () => {
  expect(Buffer.byteLength(readFileSync(join(__dirname, '..', 'README.md'), 'utf8'))).toBeLessThanOrEqual(10_500);
  expect(files.length).toBeGreaterThan(10);
});

test('every relative link in README.md and docs/ resolves', () => {
  const { broken, pending } = checkLinks(files, PENDING_DOCS);
  const landed = PENDING_DOCS.filter((page) => existsSync(join(__dirname, '..', page)));
  if (pending.length > 0 || landed.length > 0) {
    const bar = '!'.repeat(100);
    console.warn([bar, 'PENDING DOCS (__tests__/docs.test.ts): these links point at pages that do not exist yet:',
      ...pending.map((link) => `  ${link}`),
      ...landed.map((page) => `  ${page} exists now: remove it from PENDING_DOCS`), bar].join('\n'));
  }
  expect(broken).toEqual([]);
});

test('no page refers to anything outside the repository, an issue number or one machine', () => {
  expect(forbiddenReferences(files)).toEqual([]);
});

/** The two files that spell out the forbidden patterns in order to test them. */
const PATTERN_FILES = ['__tests__/docs.test.ts', '__tests__/support/docs-check.ts'];

test('no file in the repository refers outside it, to an issue number or to one machine', () => {
  const found = forbiddenReferences(repositoryTextFiles().filter((f) => !PATTERN_FILES.includes(f)));
  expect(found).toEqual([]);
});

const POLICY_PAGE = join(__dirname, '..', 'docs', 'policy-checks.md');

test('docs/policy-checks.md describes every policy rule and every waiver', () => {
  expect(undocumentedPolicy(readFileSync(POLICY_PAGE, 'utf8'), POLICY_RULES.map((r) => r.id), POLICY_EXCEPTIONS.map((e) => e.rule))).toEqual([]);
});

describe('the checks catch planted defects', () => {
  const root = tempDir('docs-check-');
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  write('README.md', [
    '# Demo', 'See [arch](docs/arch.md#the-stacks), [gone](docs/gone.md), [soon](docs/soon.md), [bad anchor](docs/arch.md#nope).',
    '![diagram](docs/arch.svg) and [outside](../elsewhere/notes.md) and <https://example.com> [web](https://example.com/x).',
    '```sh', 'echo "[not a link](nowhere.md)"', '```', 'Inline `[code](nowhere.md)` is not a link either.',
  ].join('\n'));
  write('docs/arch.md', '# Architecture\n## The stacks\n## The stacks\nBack to [top](#architecture), [dup](#the-stacks-1), [missing](#none).\n');
  write('docs/arch.svg', '<svg/>');

  test('broken files, anchors and paths outside the repository are reported; pending pages only warned', () => {
    const { broken, pending } = checkLinks(documentationFiles(root), ['docs/soon.md'], root);
    expect(broken).toEqual([
      'README.md: docs/gone.md: no such file docs/gone.md',
      'README.md: docs/arch.md#nope: no heading with anchor #nope in docs/arch.md',
      'README.md: ../elsewhere/notes.md: points outside the repository',
      'docs/arch.md: #none: no heading with anchor #none in docs/arch.md',
    ]);
    expect(pending).toEqual(['README.md: docs/soon.md']);
  });

  test('a missing page not listed as pending is broken', () => {
    expect(checkLinks(['README.md'], [], root).broken).toContain('README.md: docs/soon.md: no such file docs/soon.md');
  });

  test('anchors follow GitHub: punctuation dropped, repeats numbered', () => {
    expect([...headingAnchors('# State: S3 or Terraform Cloud?\n## Add-ons (EKS)\n## Add-ons (EKS)\n```\n# not a heading\n```')])
      .toEqual(['state-s3-or-terraform-cloud', 'add-ons-eks', 'add-ons-eks-1']);
  });

  // Built from parts, so this file does not itself hold the references the repository-wide hook looks for.
  const md = (name: string) => `${name}.md`;
  test.each([
    [`Decisions: ../${'shared'}/${md('design')}`, 'outside the repository'],
    [`see ${md('design')} §2`, 'briefing document'],
    [`as ${md('platform')} lists`, 'briefing document'],
    [`fixed in (${'issue'} 4)`, 'tracker issue'],
    ["the guide's 15", '"the guide"'],
    ['measured on this 2-core machine', 'one particular machine'],
    ['no Cloudflare provider binary here', 'one particular machine'],
  ])('forbidden: %s', (line, why) => {
    write('docs/bad.md', `# Bad\n${line}\n`);
    const found = forbiddenReferences(['docs/bad.md'], root);
    expect(found.some((f) => f.startsWith('docs/bad.md:2: ') && f.includes(why))).toBe(true);
  });

  test('an undescribed rule, a missing waiver row and a row without a waiver are reported', () => {
    const page = '# Checks\n| `CKV_A` | x |\n## Waivers\n| rule | covers |\n|---|---|\n| `CKV_A` (x) | y |\n| `CKV_C` | z |\n';
    expect(undocumentedPolicy(page, ['CKV_A', 'CKV_B'], ['CKV_A', 'CKV_A'])).toEqual([
      'rule CKV_B is not described',
      'rule CKV_A has 2 waiver(s) in exceptions.ts but 1 row(s) under "## Waivers"',
      'rule CKV_C is listed under "## Waivers" but not waived',
    ]);
  });

  test('a link to a page named platform-facts.md is not a forbidden reference', () => {
    write('docs/ok.md', '# Ok\nSee [facts](platform-facts.md) and [checks](policy-checks.md).\n');
    expect(forbiddenReferences(['docs/ok.md'], root)).toEqual([]);
  });
});
