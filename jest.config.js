/** @type {import('jest').Config} */
const common = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
};

/** @type {import('jest').Config} */
module.exports = {
  // A project's global setup runs only when one of its suites is selected: `npx jest test/x.test.ts`
  // never builds or starts the cluster, and the cluster suites pay for it once per run.
  projects: [
    {
      ...common,
      displayName: 'suites',
      testMatch: ['**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '\\.cluster\\.test\\.ts$'],
      // Provisions the Temporal servers, starts the run's PostgreSQL and bundles the workflows once for every suite.
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      // Stops the run's PostgreSQL.
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    {
      ...common,
      displayName: 'cluster',
      testMatch: ['**/*.cluster.test.ts'],
      // Builds the full Temporal server on first use and starts one cluster (PostgreSQL, four
      // service processes) for the cluster suites; test/support/cluster-global-setup.ts.
      globalSetup: '<rootDir>/test/support/cluster-global-setup.ts',
      globalTeardown: '<rootDir>/test/support/cluster-global-teardown.ts',
    },
  ],
  // Suites start their own Temporal servers; two at a time is what this 2-core machine carries.
  maxWorkers: 2,
  testTimeout: 120_000,
  verbose: true,
};
