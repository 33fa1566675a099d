/** Jest transforms TypeScript transpile-only with swc; `tsc --noEmit` type-checks separately. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  setupFilesAfterEnv: ['<rootDir>/__tests__/support/setup.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }] },
  // Real-Terraform tests run `terraform plan` (tens of seconds each on 2 cores).
  testTimeout: 300000,
  maxWorkers: 2,
};
