/**
 * A MODEL, not a measurement: what more machines would change, computed from the CPU each
 * process spent per unit of work in a measured run (a workflow start, a reminder). It assumes the
 * work is bound by CPU and divides evenly over copies of a service (history by its shards; the
 * frontend, matching and the campaign workers behind a balancer), and that PostgreSQL stays one
 * primary whose CPU per unit does not change. It ignores network round trips between machines,
 * disk flush latency and lock contention, so its ceilings are upper bounds.
 */
import type { CpuReading } from './stack';

export interface ModelLine {
  layout: string;
  /** Units of work per second the layout's busiest machine allows. */
  ceiling: number;
  bottleneck: string;
}

/** CPU milliseconds per unit of work, by process (`bench` is the campaign worker). */
export function demandPerUnit(reading: CpuReading, units: number): Record<string, number> {
  return Object.fromEntries(Object.entries(reading.seconds).map(([name, seconds]) => [name === 'bench' ? 'campaign worker' : name, (seconds * 1000) / units]));
}

/** Ceilings for one machine, one machine per process, and `copies` of every scalable process with one PostgreSQL primary. */
export function machineModel(demand: Record<string, number>, coresPerMachine: number, copies: number[]): ModelLine[] {
  const capacity = coresPerMachine * 1000; // CPU-ms per second of one machine
  const total = Object.values(demand).reduce((sum, value) => sum + value, 0);
  const busiest = (scale: (name: string) => number) => {
    const [name, load] = Object.entries(demand).map(([process, value]) => [process, value / scale(process)] as const).sort((a, b) => b[1] - a[1])[0]!;
    return { ceiling: capacity / load, bottleneck: name };
  };
  const lines: ModelLine[] = [{ layout: `everything on one ${coresPerMachine}-core machine`, ceiling: capacity / total, bottleneck: 'all processes share it' }];
  lines.push({ layout: `each process on a ${coresPerMachine}-core machine of its own`, ...busiest(() => 1) });
  for (const count of copies) {
    lines.push({ layout: `${count} copies of every Temporal service and of the campaign worker, one PostgreSQL primary`, ...busiest((process) => (process === 'postgres' ? 1 : count)) });
  }
  return lines;
}
