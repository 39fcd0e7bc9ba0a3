import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', '.temporal/', '.data/', 'coverage/', 'dist/', '*.config.js', '*.config.mjs'] },
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
    // Workflows run in Temporal's deterministic sandbox: no I/O, no Node built-ins, and only
    // types from the activities (which are called through proxyActivities).
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', 'fs', 'path', 'os', 'child_process', 'net', 'http', 'https', 'crypto'], message: 'Workflows must not do I/O.' },
            { group: ['nodemailer', '@temporalio/client', '@temporalio/worker', '@temporalio/activity'], message: 'Not available in the workflow sandbox.' },
          ],
          // activities/contracts.ts holds plain payload types and constants and may be imported.
          paths: ['../activities', '../activities/index', '../activities/email', '../activities/messages'].map((name) => ({
            name,
            allowTypeImports: true,
            message: 'Import only types from the activities; call them through proxyActivities.',
          })),
        },
      ],
    },
  },
);
