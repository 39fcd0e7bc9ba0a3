/**
 * Waiting in tests: a bounded poll for what is eventually there (visibility, a timer's effect, a
 * worker's send), never a fixed sleep standing in for it. Each wait says what it waited for.
 */
import { campaignProgressQuery } from '../../contracts/campaign';

/** Polls until `read` returns a value `isReady` accepts; fails after `timeoutMs`, naming `what` and the last value. */
export async function waitFor<T>(read: () => Promise<T>, isReady: (value: T) => boolean, what: string, timeoutMs = 30_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (isReady(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${timeoutMs} ms; last value: ${JSON.stringify(value).slice(0, 500)}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Until the campaign has started every obligation of its plan (its phase is past `launching`). */
export function launched(campaign: { query: (query: typeof campaignProgressQuery) => Promise<{ phase: string }> }, timeoutMs = 60_000): Promise<unknown> {
  return waitFor(() => campaign.query(campaignProgressQuery), (progress) => progress.phase !== 'launching', 'the campaign’s launch', timeoutMs, 50);
}
