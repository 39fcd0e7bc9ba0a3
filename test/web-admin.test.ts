/**
 * The administrator's overview and confirmation as data, without servers: an amendment's moved
 * deadlines are listed per obligation and occurrence (two occurrences of one title are two
 * lines), a matrix cell is 已提醒 only when one of the plan's reminders was sent, and an uploaded
 * definition includes only the definition files of config/.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Plan, PlanInstance } from '../config/compile';
import { loadCampaign } from '../config/definition/load';
import type { ObligationState } from '../contracts/obligation';
import { Admin, describeAmendment } from '../app/administration';
import type { CampaignReader } from '../app/campaign-reader';
import { cellState, isReminded } from '../app/overview';

const { plan } = loadCampaign(path.resolve(__dirname, '../config/campaigns/zaozhuang-2022-ip-protection.yaml'));

/** The plan with every instance of the given schedules due a week later. */
function moved(current: Plan, schedules: Plan['schedules']): Plan {
  const replaced = new Map(schedules.map((schedule) => [schedule, { ...schedule, dueAt: new Date(Date.parse(schedule.dueAt) + 7 * 86_400_000).toISOString(), dueLocal: `${schedule.dueLocal}+7` }]));
  const instances: PlanInstance[] = current.instances.map((instance) => ({ ...instance, schedule: replaced.get(instance.schedule) ?? instance.schedule }));
  return { ...current, instances };
}

describe('amendment confirmation', () => {
  it('lists moved deadlines per occurrence, never merging two occurrences of one title', () => {
    const titles = new Map<string, Plan['schedules']>();
    for (const schedule of plan.schedules) titles.set(schedule.title, [...(titles.get(schedule.title) ?? []), schedule]);
    const [, repeated] = [...titles.entries()].find(([, schedules]) => schedules.length >= 2 && schedules.every((schedule) => schedule.occurrenceName))!;
    const [first, second] = repeated;
    const lines = describeAmendment(plan, moved(plan, [first!, second!]));
    const count = (schedule: Plan['schedules'][number]) => plan.instances.filter((instance) => instance.schedule === schedule).length;
    expect(lines).toEqual([
      `“${first!.title}（${first!.occurrenceName}）”截止时间由 ${first!.dueLocal} 改为 ${first!.dueLocal}+7（${count(first!)} 个单位）`,
      `“${second!.title}（${second!.occurrenceName}）”截止时间由 ${second!.dueLocal} 改为 ${second!.dueLocal}+7（${count(second!)} 个单位）`,
    ]);
    expect(describeAmendment(plan, plan)).toEqual(['修订方案与现行方案的任务和截止时间相同，没有变化']);
  });
});

describe('matrix cell', () => {
  const instance = plan.instances.find((candidate) => candidate.schedule.reminders.length > 0)!;
  const reminders = instance.schedule.reminders;
  const story = (...history: ObligationState['history']): ObligationState => ({ status: 'open', dueAt: instance.schedule.dueAt, escalationLevel: 0, returns: 0, history });
  const open = { status: 'open' as const, escalationLevel: 0 };

  it('is 已提醒 when one of the plan’s reminders was sent, before or after a new deadline', () => {
    const [step] = reminders;
    expect(cellState(open, story({ at: step!.at, event: 'message-sent', detail: `${step!.label}（${step!.key}）→ a@example.gov.cn` }), instance.schedule)).toBe('reminded');
    expect(isReminded(story({ at: step!.at, event: 'message-sent', detail: `${step!.label}（${step!.key}-20220429）→ a@example.gov.cn` }), reminders)).toBe(true);
  });

  it('is not 已提醒 for a skipped reminder, another message, or free text that only looks like a reminder', () => {
    const [step] = reminders;
    expect(cellState(open, story({ at: step!.at, event: 'message-skipped', detail: `${step!.label}（${step!.key}）：计划时间早于启动时间，不补发` }), instance.schedule)).toBe('open');
    expect(cellState(open, story({ at: step!.at, event: 'message-sent', detail: '逾期提醒（escalation-1-overdue-notice）→ a@example.gov.cn' }), instance.schedule)).toBe('open');
    expect(cellState(open, story({ at: step!.at, event: 'message-sent', detail: '督办决定提醒（decision-reminder-1）：（reminder-' }), instance.schedule)).toBe('open');
    expect(cellState({ status: 'overdue', escalationLevel: 2 }, story(), instance.schedule)).toBe('overdue-2');
  });
});

describe('an uploaded definition’s includes', () => {
  it('reach only the YAML files of config/shared and config/campaigns: any other file is refused without a line of it read', async () => {
    const uploads = mkdtempSync(path.join(os.tmpdir(), 'definition-uploads-'));
    const admin = new Admin({ reader: {} as CampaignReader, configDir: path.resolve(__dirname, '../config'), uploadsDir: uploads, taskQueue: 'unused' });
    const validate = async (include: string) => (await admin.validate(await admin.keepUpload('x.yaml', `include: [${include}]\ncampaign: { id: x }\n`))).issues;
    for (const include of ['../env.ts', '../calendar.ts', '../definition/schema.ts', '../../package.json', '/etc/passwd']) {
      expect(await validate(include)).toEqual([expect.stringMatching(/^上传-[0-9a-f]{8}\.yaml:1:11：include：应为可读取的文件，实际为 `[^`]+`（无权读取）$/)]);
    }
    // The shared directory is what includes are for: read, and the definition's own problems reported.
    expect((await validate('../shared/zaozhuang-units.yaml')).join('\n')).not.toContain('无权读取');
    rmSync(uploads, { recursive: true, force: true });
  });
});
