/**
 * `npm run test:core`: the suites that need no server (the definition language, the calendar, the
 * plan, scoring, documents as XML, the notice reader, settings), in a few seconds and without the
 * global setup that provisions Temporal, PostgreSQL and Chromium. `npm test` runs everything.
 * @type {import('jest').Config}
 */
const base = require('./jest.config.js');

module.exports = {
  ...base,
  globalSetup: undefined,
  globalTeardown: undefined,
  testPathIgnorePatterns: ['/node_modules/', 'dev-server', 'time-skipping', 'cluster', 'replicas', '/store-', 'documents-pdf', 'provisioning', 'replay'],
};
