/** Runs once after all suites: stops the run's PostgreSQL server and deletes its data. */
import { stopTestPostgres } from './test-postgres';

export default async function globalTeardown(): Promise<void> {
  await stopTestPostgres();
}
