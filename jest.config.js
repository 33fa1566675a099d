/** Jest transforms TypeScript transpile-only with swc; `tsc --noEmit` type-checks separately. docs/testing.md: how the run is organised for speed. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  setupFilesAfterEnv: ['<rootDir>/__tests__/support/setup.ts'],
  // One directory per run for work test files share (the platform synth); removed at the end of the run.
  globalSetup: '<rootDir>/__tests__/support/test-run-setup.ts',
  globalTeardown: '<rootDir>/__tests__/support/test-run-teardown.ts',
  testSequencer: '<rootDir>/__tests__/support/slow-suites-first.js',
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }] },
  // Real-Terraform tests run `terraform plan` (tens of seconds each on 2 cores).
  testTimeout: 300000,
  maxWorkers: 2,
};
