import { sql } from 'kysely';

/**
 * `ms` milliseconds as an SQL interval. Leases, windows and expiries are counted on the
 * database's clock (`now()`), one clock for every replica, whatever their own clocks say.
 */
export const msInterval = (ms: number) => sql<string>`(${ms}::double precision * interval '1 millisecond')`;
