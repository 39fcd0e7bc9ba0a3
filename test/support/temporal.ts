/** What the global setup prepared: server executables and the pre-built workflow bundle. */
function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests through jest (its global setup sets it)`);
  return value;
}

export const testServerPath = () => required('TEST_TEMPORAL_TEST_SERVER');
export const devServerPath = () => required('TEST_TEMPORAL_CLI');
export const workflowBundle = () => ({ codePath: required('TEST_WORKFLOW_BUNDLE') });
