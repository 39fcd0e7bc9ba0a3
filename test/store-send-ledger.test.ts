/**
 * The send ledger between workers, on the test run's PostgreSQL: two stores with pools of their
 * own stand for two worker processes.
 */
import type { SendLedger } from '../activities/send-ledger';
import type { Store } from '../store/database';
import { type SendReceipt } from '../store/send-ledger';
import { eventually, useTestStores } from './support/database';

let workerA: Store;
let workerB: Store;
useTestStores(2, (stores) => ([workerA, workerB] = stores as [Store, Store]));

const receipt = (key: string): SendReceipt => ({ messageId: `<${key}@campaigns.localhost>`, accepted: ['tengzhou@example.gov.cn'], rejected: [] });
const minute = 60_000;

describe('the send ledger in PostgreSQL', () => {
  it('lets exactly one of two workers claiming the same send at the same moment send it', async () => {
    for (let index = 0; index < 20; index += 1) {
      const key = `zaozhuang/tengzhou/summary/reminder-${index}`;
      const results = await Promise.all([workerA.sendLedger.claim(key, 'worker-a', minute), workerB.sendLedger.claim(key, 'worker-b', minute)]);
      const states = results.map((result) => result.state).sort();
      expect([key, states]).toEqual([key, ['busy', 'claimed']]);
      const busy = results.find((result) => result.state === 'busy');
      const winner = results[0]!.state === 'claimed' ? 'worker-a' : 'worker-b';
      expect(busy).toMatchObject({ owner: winner });
      if (busy?.state === 'busy') expect(busy.until.getTime()).toBeGreaterThan(Date.now() + minute / 2);
    }
  });

  it('grants one claim of twelve made at once by twelve workers', async () => {
    const claims = Array.from({ length: 12 }, (_, index) => (index % 2 ? workerA : workerB).sendLedger.claim('crowd/one-send', `worker-${index}`, minute));
    const states = (await Promise.all(claims)).map((result) => result.state);
    expect(states.filter((state) => state === 'claimed')).toHaveLength(1);
    expect(states.filter((state) => state === 'busy')).toHaveLength(11);
  });

  it('tells every worker that a send the relay accepted was sent, with its receipt', async () => {
    const key = 'zaozhuang/shanting/measures/overdue-notice';
    expect(await workerA.sendLedger.claim(key, 'worker-a', minute)).toEqual({ state: 'claimed' });
    await workerA.sendLedger.recordSent(key, receipt(key), 'worker-a');
    expect(await workerB.sendLedger.claim(key, 'worker-b', minute)).toEqual({ state: 'sent', receipt: receipt(key) });
    expect(await workerA.sendLedger.claim(key, 'worker-a', minute)).toEqual({ state: 'sent', receipt: receipt(key) });
    expect(await workerB.sendLedger.find(key)).toEqual(receipt(key));
    // A sent send cannot be released: it stays sent.
    expect(await workerA.sendLedger.release(key, 'worker-a')).toBe(false);
  });

  it('gives a claim whose worker died mid-send (its lease expired) to another worker', async () => {
    const key = 'zaozhuang/xuecheng/summary/reminder-1wd';
    expect(await workerA.sendLedger.claim(key, 'worker-a', 1_500)).toEqual({ state: 'claimed' });
    expect(await workerB.sendLedger.claim(key, 'worker-b', minute)).toMatchObject({ state: 'busy', owner: 'worker-a' });
    // Worker A is gone; once its lease has run out, B may send.
    await eventually(() => workerB.sendLedger.claim(key, 'worker-b', minute), (result) => result.state === 'claimed', 10_000);
    expect(await workerA.sendLedger.claim(key, 'worker-a', minute)).toMatchObject({ state: 'busy', owner: 'worker-b' });
    // The late worker A cannot give up B's claim.
    expect(await workerA.sendLedger.release(key, 'worker-a')).toBe(false);
    expect(await workerA.sendLedger.claim(key, 'worker-a', minute)).toMatchObject({ state: 'busy', owner: 'worker-b' });
  });

  it('renews the lease when the same owner claims again, and grants a released claim at once', async () => {
    const key = 'zaozhuang/yicheng/publicity/reminder-3wd';
    expect(await workerA.sendLedger.claim(key, 'worker-a/attempt-1', minute)).toEqual({ state: 'claimed' });
    expect(await workerA.sendLedger.claim(key, 'worker-a/attempt-1', minute)).toEqual({ state: 'claimed' });
    // A permanent failure (550): the claim is given up, and the next attempt may send.
    expect(await workerA.sendLedger.release(key, 'worker-a/attempt-1')).toBe(true);
    expect(await workerB.sendLedger.claim(key, 'worker-b', minute)).toEqual({ state: 'claimed' });
  });

  it('is the ledger the delivery activity claims through (the activities’ SendLedger)', async () => {
    const ledger: SendLedger = workerA.sendLedger;
    expect(await ledger.claim('recorded/by-a', 'worker-a', minute)).toEqual({ state: 'claimed' });
    await ledger.recordSent('recorded/by-a', receipt('recorded'), 'worker-a');
    expect(await workerB.sendLedger.claim('recorded/by-a', 'worker-b', minute)).toEqual({ state: 'sent', receipt: receipt('recorded') });
  });
});
