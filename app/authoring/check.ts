/**
 * What the editor shows while the administrator types: the same located problems `validate`
 * gives (path, line, column, the Chinese message), and, when the text compiles, the plan preview
 * (every moment of the timeline, for the table and the month calendar) and each message template
 * rendered for the first unit and obligation of the plan, by the code that sends them.
 */
import { renderMessage } from '../../activities/messages';
import type { Plan } from '../../config/compile';
import { type DefinitionIssue, formatIssue, formatPath } from '../../config/definition/issues';
import type { LoadedCampaign } from '../../config/definition/load';
import { timelineRows } from '../../config/plan-timeline';
import type { MessageRequest } from '../../contracts/delivery';
import type { CheckedProblem, CheckResult, PreviewMoment, TemplatePreview } from '../../contracts/authoring';

export type { CheckedProblem, CheckResult, PreviewMoment, TemplatePreview } from '../../contracts/authoring';

/** The problems and preview of a checked text (`fileName` is how the draft's own file is named in the issues). */
export function checkResultOf(checked: { loaded?: LoadedCampaign; issues: DefinitionIssue[]; warnings: DefinitionIssue[] }, fileName: string): CheckResult {
  const problems = [...checked.issues.map((issue) => problemOf(issue, fileName, 'error')), ...checked.warnings.map((issue) => problemOf(issue, fileName, 'warning'))];
  if (!checked.loaded) return { valid: false, problems };
  const { plan, definition } = checked.loaded;
  return {
    valid: true,
    problems,
    campaignId: plan.campaign.id,
    title: plan.campaign.title,
    instances: plan.instances.length,
    period: { start: definition.campaign.period.start, end: definition.campaign.period.end },
    moments: momentsOf(plan),
    templates: templatePreviews(checked.loaded),
  };
}

function problemOf(issue: DefinitionIssue, fileName: string, severity: CheckedProblem['severity']): CheckedProblem {
  const inThisFile = issue.file === fileName;
  const bare = formatIssue({ ...issue, file: '', line: undefined, column: undefined, path: [] }, 'zh').replace(/^：/, '');
  return {
    path: issue.path,
    ...(inThisFile && issue.line !== undefined ? { line: issue.line, column: issue.column ?? 1 } : {}),
    ...(inThisFile ? {} : { file: issue.file }),
    severity,
    message: issue.path.length > 0 ? `${formatPath(issue.path)}：${bare}` : bare,
    located: formatIssue(issue, 'zh'),
  };
}

/** Every moment of the plan, one row per (moment, obligation occurrence, step), with the units it concerns. */
export function momentsOf(plan: Plan): PreviewMoment[] {
  const unitCount = new Set(plan.instances.map((instance) => instance.unitId)).size;
  return timelineRows(plan).map((row) => ({
    date: row.local.slice(0, 10),
    local: row.local,
    obligation: row.obligation,
    what: row.what,
    kind: row.key === 'deadline' ? 'deadline' : row.what.startsWith('提醒') ? 'reminder' : 'escalation',
    units: row.instances.length === unitCount && unitCount > 1 ? `全部${unitCount}个单位` : row.instances.map((instance) => instance.unitName).join('、'),
    ...(row.provisional ? { provisional: true } : {}),
  }));
}

/** Each template of the definition rendered for the plan's first instance, as renderMessage renders it. */
export function templatePreviews(loaded: LoadedCampaign): TemplatePreview[] {
  const { plan, definition } = loaded;
  const instance = plan.instances[0];
  if (!instance) return [];
  const { schedule } = instance;
  const reminder = schedule.reminders[0];
  const escalation = schedule.escalations[0];
  return Object.entries(definition.messages).map(([id, template]) => {
    const isReminder = id === 'reminder';
    const request: MessageRequest = {
      kind: (isReminder ? 'reminder' : 'escalation') as MessageRequest['kind'],
      eventKey: `preview/${id}`,
      to: [],
      label: (isReminder ? reminder?.label : escalation?.label) ?? '截止前3个工作日',
      template,
      level: escalation?.levelName ?? '督办通知',
      daysLate: escalation?.daysLate ?? 5,
      link: 'https://…/unit?token=（示例链接）',
      reason: '（示例理由）',
      dueAt: schedule.dueAt,
      campaign: {
        id: plan.campaign.id,
        title: plan.campaign.title,
        documentNumber: plan.campaign.documentNumber,
        contact: plan.campaign.contact,
        ...(plan.campaign.mailbox ? { mailbox: plan.campaign.mailbox } : {}),
        issuer: plan.campaign.issuer.name,
        timeZone: plan.campaign.timeZone,
      },
      unit: { id: instance.unitId, name: instance.unitName },
      obligation: { id: schedule.obligationId, title: schedule.title, measure: schedule.measures.join('、') },
    };
    return { id, ...renderMessage(request) };
  });
}
