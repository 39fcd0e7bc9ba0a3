/**
 * The web side of `npm run chaos -- --target cluster`: two web server processes on one store, a
 * synthetic campaign of U units launched so that its obligations are open, and every unit
 * uploading a file (trickled, 512 KiB in 2 s) and submitting it, 20 units at a time, half through
 * each server. Once a third of the units are done, the first server is killed with SIGKILL; a unit
 * whose request fails tries the other server, as the proxy in front would send it there.
 * Figures: submissions planned, delivered (recorded by the workflows), duplicates (uploads stored
 * but never handed in: a first attempt the killed server had stored before it died), lost, and
 * lateness (from a unit's first attempt to its recorded submission).
 */
import { randomBytes } from 'node:crypto';
import { hashPassword } from '../app/accounts';
import { signUnitToken } from '../app/unit-links';
import { syntheticDefinition } from '../bench/compile';
import { compilePlan } from '../config/compile';
import { definitionSchema } from '../config/definition/schema';
import { rebaseOffset } from '../config/workflow-input';
import { campaignProgressQuery, type CampaignInput } from '../contracts/campaign';
import { type AppProcess, startAppProcess } from './app-processes';
import type { ClusterChaosStack, FaultRun } from './chaos-cluster';
import { withClient } from './cluster-postgres';
import { freePort } from './postgres';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface WebServer extends AppProcess {
  url: string;
}

async function startWebServers(stack: ClusterChaosStack, taskQueue: string, linkSecret: string): Promise<WebServer[]> {
  const accounts = JSON.stringify([{ username: 'admin', name: '管理员', role: 'admin', passwordHash: hashPassword(randomBytes(9).toString('hex')) }]);
  const servers: WebServer[] = [];
  for (let index = 0; index < 2; index += 1) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const env = { ...process.env, TEMPORAL_ADDRESS: stack.cluster.address, TEMPORAL_TASK_QUEUE: taskQueue, DATA_DIR: `${stack.dir}/web-data`, DATABASE_URL: stack.storeUrl, WEB_HOST: '127.0.0.1', WEB_PORT: String(port), WEB_BASE_URL: url, LINK_SECRET: linkSecret, WEB_ACCOUNTS: accounts, WEB_MAX_UPLOAD_MB: '5', WEB_TRUST_PROXY: 'false' };
    servers.push(Object.assign(startAppProcess({ name: `web-${index + 1}`, entry: 'web/main.ts', env }), { url }));
  }
  await Promise.all(servers.map((server) => server.ready));
  return servers;
}

/** U units × 1 obligation (a dated submission), the campaign's start rebased to now: every obligation open. */
async function launchCampaign(stack: ClusterChaosStack, taskQueue: string, units: number): Promise<string> {
  const definition = definitionSchema.parse(syntheticDefinition(units, 1, { recurring: false }));
  const { plan } = compilePlan(definition);
  const input: CampaignInput = { launch: { definition, taskQueue, timeOffsetMs: rebaseOffset(plan, Date.now()) }, endsAt: plan.campaign.period.endsAt };
  const campaign = await stack.client.workflow.start('campaignWorkflow', { taskQueue, workflowId: `campaign/${plan.campaign.id}`, args: [input] });
  while ((await campaign.query(campaignProgressQuery)).phase === 'launching') await sleep(500);
  return plan.campaign.id;
}

/** A multipart body of one PDF-like file, 512 KiB in 16 pieces over about 2 s. */
function trickledFile(): { body: ReadableStream<Uint8Array>; contentType: string } {
  const boundary = `----chaos${randomBytes(8).toString('hex')}`;
  const encoder = new TextEncoder();
  let piece = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (piece === 0) controller.enqueue(encoder.encode(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="report.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 ${randomBytes(8).toString('hex')}\n`));
      if (piece === 16) {
        controller.enqueue(encoder.encode(`\r\n--${boundary}--\r\n`));
        controller.close();
        return;
      }
      await sleep(125);
      controller.enqueue(randomBytes(32 * 1024));
      piece += 1;
    },
  });
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

interface UnitOutcome {
  startedAt: number;
  doneAt?: number;
  attempts: number;
}

/** Upload then submit, each on `preferred` first and on the other server after a failure (network error or 5xx). */
async function uploadAndSubmit(servers: WebServer[], preferred: number, token: string, outcome: UnitOutcome): Promise<void> {
  const headers = { authorization: `Bearer ${token}` };
  const tryEach = async (send: (server: WebServer) => Promise<Response>): Promise<Response> => {
    for (let attempt = 0; attempt < 6; attempt += 1) {
      outcome.attempts += 1;
      const server = servers[(preferred + attempt) % servers.length]!;
      const response = await send(server).catch(() => undefined);
      if (response && response.status < 500) return response;
      await sleep(200);
    }
    throw new Error('no web server answered');
  };
  const uploaded = await tryEach((server) => {
    const file = trickledFile();
    return fetch(`${server.url}/api/unit/attachments`, { method: 'POST', headers: { ...headers, 'content-type': file.contentType }, body: file.body, duplex: 'half' } as RequestInit);
  });
  const { attachments } = (await uploaded.json()) as { attachments: { id: string }[] };
  const submitted = await tryEach((server) =>
    fetch(`${server.url}/api/unit/obligations/obligation-0/submission`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ submittedBy: '联络员', fields: { content: '已落实' }, attachments: attachments.map((attachment) => attachment.id) }) }),
  );
  if (submitted.status !== 200) throw new Error(`submission refused (${submitted.status}): ${await submitted.text()}`);
  outcome.doneAt = Date.now();
}

export async function webKill(stack: ClusterChaosStack, units: number, progress: (line: string) => void): Promise<FaultRun & { retries: number }> {
  const taskQueue = `web-kill-${randomBytes(3).toString('hex')}`;
  const linkSecret = randomBytes(32).toString('hex');
  const worker = await stack.startWorker(taskQueue);
  const servers = await startWebServers(stack, taskQueue, linkSecret);
  progress(`chaos web-kill: launching ${units} units × 1 obligation, two web servers`);
  const campaignId = await launchCampaign(stack, taskQueue, units);
  const outcomes = Array.from({ length: units }, (): UnitOutcome => ({ startedAt: 0, attempts: 0 }));
  let next = 0;
  let killed = '';
  const lane = async () => {
    while (next < units) {
      const index = next;
      next += 1;
      outcomes[index]!.startedAt = Date.now();
      const token = signUnitToken({ campaignId, unitId: `unit-${index}` }, linkSecret, Date.now() + 3_600_000);
      await uploadAndSubmit(servers, index % 2, token, outcomes[index]!).catch((error: unknown) => progress(`  unit-${index}: ${(error as Error).message}`));
      const done = outcomes.filter((outcome) => outcome.doneAt).length;
      if (!killed && done >= units / 3) {
        killed = `web-1 of 2 killed after ${done} of ${units} submissions`;
        progress(`  ${killed}`);
        void servers[0]!.kill('SIGKILL');
      }
    }
  };
  await Promise.all(Array.from({ length: 20 }, lane));
  const { count: delivered } = await stack.client.workflow.count(`CampaignId = "${campaignId}" AND ObligationStatus = "submitted"`);
  const orphans = await withClient(stack.storeUrl, (client) => client.query<{ count: string }>('select count(*) from attachments where campaign_id = $1 and referenced_at is null', [campaignId]));
  await Promise.all([...servers, worker].map((process) => process.kill()));
  const lateness = outcomes.filter((outcome) => outcome.doneAt).map((outcome) => (outcome.doneAt! - outcome.startedAt) / 1000).sort((a, b) => a - b);
  const quantile = (q: number) => lateness[Math.min(lateness.length - 1, Math.floor(q * lateness.length))] ?? 0;
  return {
    scenario: 'web-kill',
    fault: killed,
    planned: units,
    delivered,
    duplicates: Number(orphans.rows[0]?.count ?? 0),
    lost: units - delivered,
    latenessP50: quantile(0.5),
    latenessP99: quantile(0.99),
    latenessMax: lateness.at(-1) ?? 0,
    retries: outcomes.reduce((sum, outcome) => sum + outcome.attempts, 0) - 2 * units,
  };
}
