import { builtinModules } from 'node:module';
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Every Node built-in, with and without the `node:` prefix: none of them belongs in a workflow or in the pure core. */
const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];
/** The engine and the I/O libraries: what the pure core (config/) and contracts/ must not depend on. */
const engineAndIo = ['@temporalio/client', '@temporalio/worker', '@temporalio/activity', '@temporalio/testing', 'nodemailer', 'pg', 'kysely', 'fastify', 'exceljs', 'docx'];
const layer = (folder) => [`../${folder}`, `../${folder}/*`, `../../${folder}`, `../../${folder}/*`, `../../../${folder}/*`];

export default tseslint.config(
  { ignores: ['node_modules/', '.temporal/', '.schemathesis/', 'test-artifacts/', '.data/', 'coverage/', 'dist/', '*.config.js', '*.config.mjs'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // A forgotten await on a Temporal call is a silent bug.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // Workflows run in Temporal's deterministic sandbox: no I/O, no Node built-ins, and only types
    // from the activities (called through proxyActivities), from any activity module.
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'Workflows must not do I/O or use Node built-ins.' })),
          patterns: [
            { group: ['nodemailer', 'pg', 'kysely', 'fastify', '@temporalio/client', '@temporalio/worker', '@temporalio/activity'], message: 'Not available in the workflow sandbox.' },
            { group: layer('activities'), allowTypeImports: true, message: 'Import only types from the activities; call them through proxyActivities.' },
            { group: [...layer('store'), ...layer('app'), ...layer('web'), ...layer('cli'), ...layer('evaluation'), ...layer('scripts')], message: 'Workflows see only contracts/ and the pure core (config/).' },
          ],
        },
      ],
    },
  },
  {
    // The pure core and the contracts: no engine, no I/O (config/definition/load.ts and the notice
    // reader's file loader are the one place that reads files, and are named below).
    files: ['config/**/*.ts', 'contracts/**/*.ts'],
    ignores: ['config/definition/load.ts', 'config/env.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'The pure core does no I/O: take the text or the value as an argument (the loader reads files).' })),
          patterns: [
            { group: engineAndIo, message: 'The pure core does not depend on the engine or on I/O libraries.' },
            { group: [...layer('workflows'), ...layer('activities'), ...layer('store'), ...layer('app'), ...layer('web'), ...layer('cli'), ...layer('evaluation'), ...layer('workers'), ...layer('scripts')], message: 'config/ and contracts/ import nothing from the layers above them.' },
          ],
        },
      ],
    },
  },
  {
    // The two faces stand side by side on app/: neither imports the other.
    files: ['web/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: layer('cli'), message: 'web/ and cli/ are adapters over app/: never import each other.' }] }] },
  },
  {
    files: ['cli/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: layer('web'), message: 'web/ and cli/ are adapters over app/: never import each other.' }] }] },
  },
);
