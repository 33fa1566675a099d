// Provider packages are huge: a package-root import loads every resource class (~1 GB, seconds).
// Deep paths only: `@cdktf/provider-aws/lib/eks-cluster`.
// Dependencies point one way: lib <- environments <- constructs <- stacks <- main.ts (docs/architecture.md).
import tseslint from 'typescript-eslint';

const deepProviderImports = [{
  regex: '^@cdktf/provider-[a-z0-9-]+$',
  message: 'Import provider classes by deep path, e.g. @cdktf/provider-aws/lib/eks-cluster (package roots cost ~1 GB and seconds).',
}, {
  regex: '^@cdktf/provider-[a-z0-9-]+/lib$',
  message: 'Import provider classes by deep path, e.g. @cdktf/provider-aws/lib/eks-cluster.',
}];

/** Relative imports that climb into one of `layers` (a top-level folder) or the entry point `main`. */
function layerImports(layers, why) {
  return [{ regex: `^(\\.\\./)+(${[...layers, 'main'].join('|')})(/|\\.ts$|$)`, message: why }];
}

const restrictImports = (...extra) => ['error', { patterns: [...deepProviderImports, ...extra] }];

export default tseslint.config(
  { ignores: ['node_modules/**', 'cdktf.out/**', '.bench/**', '.build/**', 'coverage/**'] },
  {
    files: ['**/*.ts', '**/*.mjs', '**/*.js'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      'no-restricted-imports': restrictImports(),
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'off',
      eqeqeq: ['error', 'always'],
      'prefer-const': 'error',
    },
  },
  {
    files: ['constructs/**/*.ts'],
    rules: {
      'no-restricted-imports': restrictImports(...layerImports(['stacks'],
        'Constructs never import from stacks/: stacks compose constructs. Move shared wiring into constructs/ or lib/.')),
    },
  },
  {
    files: ['environments/**/*.ts'],
    rules: {
      'no-restricted-imports': restrictImports(...layerImports(['constructs', 'stacks'],
        'Environment config is plain data: it never imports constructs/ or stacks/.')),
    },
  },
  {
    files: ['lib/**/*.ts'],
    rules: {
      'no-restricted-imports': restrictImports(...layerImports(['environments', 'constructs', 'stacks'],
        'lib/ holds dependency-free helpers: it never imports environments/, constructs/ or stacks/.')),
    },
  },
);
