// Provider packages are huge: a package-root import loads every resource class (~1 GB, seconds).
// Deep paths only: `@cdktf/provider-aws/lib/eks-cluster`.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'cdktf.out/**', '.bench/**', '.build/**', 'coverage/**'] },
  {
    files: ['**/*.ts', '**/*.mjs', '**/*.js'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{
          regex: '^@cdktf/provider-[a-z0-9-]+$',
          message: 'Import provider classes by deep path, e.g. @cdktf/provider-aws/lib/eks-cluster (package roots cost ~1 GB and seconds).',
        }, {
          regex: '^@cdktf/provider-[a-z0-9-]+/lib$',
          message: 'Import provider classes by deep path, e.g. @cdktf/provider-aws/lib/eks-cluster.',
        }],
      }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'off',
      eqeqeq: ['error', 'always'],
      'prefer-const': 'error',
    },
  },
);
