/**
 * What every fault run shares, in the chaos runs and the fault tests alike: a burst of
 * obligations whose one reminder falls on the same instant (each started as the campaign's launch
 * starts them), and the figures of what reached the SMTP server: planned, delivered, duplicated
 * (the same Message-ID twice), lost, and how late the first copy of each came.
 */
import type { Client } from '@temporalio/client';
import { startOneReminderObligation } from './synthetic-obligation';

export interface DeliveryFigures {
  planned: number;
  delivered: number;
  duplicates: number;
  lost: number;
  /** From the planned instant to the first copy at the SMTP server, seconds. */
  latenessP50: number;
  latenessP99: number;
  latenessMax: number;
}

/** Starts `n` obligations of `campaignId` (units unit-00000 …), 32 starts in flight, each with its reminder at `atMs`. */
export async function startBurst(client: Client, taskQueue: string, campaignId: string, n: number, atMs: number, progress: (line: string) => void = () => undefined): Promise<void> {
  let next = 0;
  let started = 0;
  const lane = async () => {
    while (next < n) {
      const unitId = `unit-${String(next).padStart(5, '0')}`;
      next += 1;
      await client.workflow.start('obligationWorkflow', startOneReminderObligation(taskQueue, campaignId, unitId, atMs));
      started += 1;
      if (started % 500 === 0) progress(`  started ${started}/${n}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(32, n) }, lane));
}

/** Arrival times by Message-ID of one campaign's messages (`<campaign.unit.…@domain>`). */
export function copiesOf(copies: Map<string, number[]>, campaignId: string): [string, number[]][] {
  return [...copies.entries()].filter(([id]) => id.startsWith(`<${campaignId}.`));
}

export function deliveryFigures(copies: Map<string, number[]>, campaignId: string, planned: number, atMs: number): DeliveryFigures {
  const mine = copiesOf(copies, campaignId);
  const lateness = mine.map(([, arrivals]) => (Math.min(...arrivals) - atMs) / 1000).sort((a, b) => a - b);
  const quantile = (q: number) => lateness[Math.min(lateness.length - 1, Math.floor(q * lateness.length))] ?? 0;
  return {
    planned,
    delivered: mine.length,
    duplicates: mine.reduce((sum, [, arrivals]) => sum + arrivals.length - 1, 0),
    lost: planned - mine.length,
    latenessP50: quantile(0.5),
    latenessP99: quantile(0.99),
    latenessMax: lateness.at(-1) ?? 0,
  };
}

/** Waits until every planned message arrived (or the time is up: the figures then say how many were lost). */
export async function waitForDeliveries(copies: Map<string, number[]>, campaignId: string, planned: number, timeoutMs: number, progress: (line: string) => void = () => undefined): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  for (;;) {
    const delivered = copiesOf(copies, campaignId).length;
    if (delivered !== last) progress(`  delivered ${delivered}/${planned}`);
    last = delivered;
    if (delivered >= planned || Date.now() > deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
