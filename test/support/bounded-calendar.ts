/**
 * The working-day calendar run in a worker thread, each call with a time limit: a call that
 * loops (the day after 9999-12-31 once sorted before it, and `addWorkingDays` never ended) is
 * stopped and reported, instead of hanging the test run. The caller waits synchronously
 * (Atomics.wait), so a fast-check property can use it as a plain function.
 */
import path from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { OfficialArrangement, WorkingCalendar } from '../../config/calendar';

/** What a call came to: a value, or a thrown error with its name and code. */
export type Outcome = { value: unknown } | { error: { name: string; code?: string; message: string } };

export interface BoundedCalendar {
  call<K extends keyof WorkingCalendar>(method: K, ...args: Parameters<WorkingCalendar[K]>): Outcome;
  close(): Promise<number>;
}

const workerCode = `
const { workerData } = require('node:worker_threads');
require('tsx/cjs');
const { createCalendar } = require(workerData.calendarModule);
const calendar = createCalendar({ arrangements: workerData.arrangements });
const { port, signal } = workerData;
port.on('message', ({ method, args }) => {
  let outcome;
  try {
    outcome = { value: calendar[method](...args) };
  } catch (error) {
    outcome = { error: { name: error.name, code: error.code, message: error.message } };
  }
  port.postMessage(outcome);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
});
`;

/** A calendar (with `arrangements`) whose every call must answer within `limitMs`. */
export function boundedCalendar(arrangements: OfficialArrangement[], limitMs: number): BoundedCalendar {
  const { port1, port2 } = new MessageChannel();
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const calendarModule = path.resolve(__dirname, '../../config/calendar.ts');
  const worker = new Worker(workerCode, { eval: true, workerData: { port: port2, signal, arrangements, calendarModule }, transferList: [port2] });
  let isFirst = true;
  let stoppedBy: string | undefined;
  return {
    call(method, ...args) {
      if (stoppedBy) throw new Error(`the calendar's worker was stopped after ${stoppedBy}`);
      Atomics.store(signal, 0, 0);
      port1.postMessage({ method, args });
      // The first call waits for the worker to start and load the calendar as well.
      const waited = Atomics.wait(signal, 0, 0, isFirst ? Math.max(limitMs, 30_000) : limitMs);
      isFirst = false;
      if (waited === 'timed-out') {
        void worker.terminate();
        stoppedBy = `${method}(${args.map((arg) => JSON.stringify(arg)).join(', ')}) did not return within ${limitMs} ms`;
        throw new Error(stoppedBy);
      }
      // The worker posts before it signals, but the message may reach this port a moment later on a loaded machine.
      const pause = new Int32Array(new SharedArrayBuffer(4));
      for (let waitedMs = 0; waitedMs <= limitMs; waitedMs += 1) {
        const received = receiveMessageOnPort(port1);
        if (received) return received.message as Outcome;
        Atomics.wait(pause, 0, 0, 1);
      }
      throw new Error(`${method}(${args.map((arg) => JSON.stringify(arg)).join(', ')}): the worker signalled, but its answer never arrived`);
    },
    close: () => worker.terminate(),
  };
}
