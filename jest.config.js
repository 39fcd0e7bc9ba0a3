/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  // Provisions the Temporal servers, starts the run's PostgreSQL and bundles the workflows once for every suite.
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  // Stops the run's PostgreSQL.
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  // Suites start their own Temporal servers; two at a time is what this 2-core machine carries.
  maxWorkers: 2,
  testTimeout: 120_000,
  verbose: true,
};
