import { EnvironmentError, loadEnv } from '../config/env';
import { tuningOptions } from '../workers/worker';

describe('environment variables', () => {
  it('falls back to the documented defaults', () => {
    expect(loadEnv({})).toMatchObject({
      TEMPORAL_ADDRESS: '127.0.0.1:7233',
      TEMPORAL_UI_PORT: 8233,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: 1025,
      SMTP_SECURE: false,
      MAIL_INBOX_PORT: 1080,
      DATA_DIR: '.data',
    });
  });

  it('treats an empty value as unset', () => {
    expect(loadEnv({ SMTP_PORT: '' }).SMTP_PORT).toBe(1025);
  });

  it('reads numbers and flags from their text', () => {
    expect(loadEnv({ SMTP_PORT: '2525', SMTP_SECURE: 'true', TEMPORAL_ADDRESS: 'temporal:7233' })).toMatchObject({
      SMTP_PORT: 2525,
      SMTP_SECURE: true,
      TEMPORAL_ADDRESS: 'temporal:7233',
    });
  });

  it('names the variable, the value and what was expected', () => {
    expect(() => loadEnv({ SMTP_PORT: 'smtp' })).toThrow(EnvironmentError);
    expect(() => loadEnv({ SMTP_PORT: 'smtp' })).toThrow('Invalid environment variable:\n  SMTP_PORT="smtp": expected number');
    expect(() => loadEnv({ TEMPORAL_UI_PORT: '70000' })).toThrow('TEMPORAL_UI_PORT="70000": expected a number <= 65535');
    expect(() => loadEnv({ SMTP_SECURE: 'yes' })).toThrow('SMTP_SECURE="yes": expected one of 0, 1, true, false');
    expect(() => loadEnv({ TEMPORAL_ADDRESS: 'localhost' })).toThrow(
      'TEMPORAL_ADDRESS="localhost": host:port, e.g. 127.0.0.1:7233',
    );
  });

  it('takes the store’s PostgreSQL from DATABASE_URL, and refuses anything but a postgres:// URL without printing its password', () => {
    expect(loadEnv({}).DATABASE_URL).toBeUndefined();
    expect(loadEnv({}).DATABASE_POOL_SIZE).toBe(10);
    expect(loadEnv({ DATABASE_URL: 'postgres://campaigns:s3cret@db:5432/campaigns' }).DATABASE_URL).toBe('postgres://campaigns:s3cret@db:5432/campaigns');
    expect(loadEnv({ DATABASE_URL: 'postgresql://db/campaigns' }).DATABASE_URL).toBe('postgresql://db/campaigns');
    const expected = 'a postgres:// URL with host and database, e.g. postgres://campaigns:PASSWORD@db.example:5432/campaigns';
    expect(() => loadEnv({ DATABASE_URL: 'mysql://campaigns:s3cret@db/campaigns' })).toThrow(`DATABASE_URL="mysql://campaigns:***@db/campaigns": ${expected}`);
    expect(() => loadEnv({ DATABASE_URL: 'postgres://db:5432' })).toThrow(`DATABASE_URL="postgres://db:5432": ${expected}`);
    expect(() => loadEnv({ DATABASE_URL: 'db:5432/campaigns' })).toThrow('DATABASE_URL="db:5432/campaigns"');
    expect(() => loadEnv({ DATABASE_POOL_SIZE: '0' })).toThrow('DATABASE_POOL_SIZE="0": expected a number >= 1');
    expect(loadEnv({ UNIT_UPLOAD_QUOTA_MB: '500', ORPHAN_UPLOAD_HOURS: '48' })).toMatchObject({ UNIT_UPLOAD_QUOTA_MB: 500, ORPHAN_UPLOAD_HOURS: 48, EMBEDDED_POSTGRES_PORT: 5432 });
  });

  it('reports every bad variable at once', () => {
    expect(() => loadEnv({ SMTP_PORT: '0', MAIL_INBOX_PORT: 'x' })).toThrow(
      'Invalid environment variables:\n  SMTP_PORT="0": expected a number >= 1\n  MAIL_INBOX_PORT="x": expected number',
    );
  });
});

describe('worker tuning', () => {
  it('gives a launch 80 workflow-task slots and 20 pollers, half for workflows in no cache, when nothing is set', () => {
    expect(tuningOptions({ maxCachedWorkflows: undefined })).toEqual({ maxConcurrentWorkflowTaskExecutions: 80, maxConcurrentWorkflowTaskPolls: 20, nonStickyToStickyPollRatio: 0.5 });
  });

  it('keeps within the SDK’s rules: slots no more than a small cache, pollers no more than the slots', () => {
    expect(tuningOptions({ maxCachedWorkflows: 10 })).toMatchObject({ maxCachedWorkflows: 10, maxConcurrentWorkflowTaskExecutions: 10, maxConcurrentWorkflowTaskPolls: 10 });
    expect(tuningOptions({ maxConcurrentWorkflowTaskExecutions: 6, maxConcurrentWorkflowTaskPolls: 50 })).toMatchObject({ maxConcurrentWorkflowTaskExecutions: 6, maxConcurrentWorkflowTaskPolls: 6 });
    // A cache of 0 is no cache: the slots are not bound by it.
    expect(tuningOptions({ maxCachedWorkflows: 0 }).maxConcurrentWorkflowTaskExecutions).toBe(80);
  });

  it('reads the poller count from WORKER_MAX_WORKFLOW_TASK_POLLS, at least 2', () => {
    expect(loadEnv({ WORKER_MAX_WORKFLOW_TASK_POLLS: '30' }).WORKER_MAX_WORKFLOW_TASK_POLLS).toBe(30);
    expect(() => loadEnv({ WORKER_MAX_WORKFLOW_TASK_POLLS: '1' })).toThrow('WORKER_MAX_WORKFLOW_TASK_POLLS="1"');
  });
});
