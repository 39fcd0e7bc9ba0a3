/**
 * Unit behaviour for a simulation, as a small YAML file: per unit and obligation, when it hands
 * in (N working days before or after the deadline, or never), how often it is returned, whether
 * the supervisor extends the deadline or decides the steps that wait for a decision. Everything
 * not listed follows `defaults` (everyone on time). Read → zod → checked against the plan, with
 * every problem located (file:line:column), like a campaign definition.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isNode, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import type { Plan } from '../config/compile';
import { DefinitionError, type DefinitionIssue, describeValue, type FieldPath } from '../config/definition/issues';

const timeOfDay = z.string({ error: 'a time of day HH:MM' }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'a time of day HH:MM' });
const workingDays = z.number({ error: 'a whole number of working days' }).int({ error: 'a whole number of working days' });
const submitSchema = z.union([z.literal('never'), z.strictObject({ workingDays })], {
  error: 'never, or {workingDays: N} (negative: before the deadline)',
});
const decisionSchema = z.enum(['proceed', 'waive', 'none'], { error: 'one of proceed, waive, none' });

const obligationBehaviourSchema = z.strictObject({
  /** When the unit hands in, relative to the deadline in effect (after returns and extensions). */
  submit: submitSchema.optional(),
  /** Local time of the submission (default: the defaults' time). */
  time: timeOfDay.optional(),
  /** Times the reviewer returns the submission for revision (the next working day, 10:00). */
  returned: z.number({ error: 'a whole number' }).int({ error: 'a whole number' }).min(0, { error: 'a whole number >= 0' }).optional(),
  /** The supervisor extends the deadline by this many working days, 3 working days before it. */
  extend: z.strictObject({ workingDays: workingDays.min(1, { error: 'a whole number of working days >= 1' }) }).optional(),
  /** What the supervisor does with each escalation step that waits for a decision, the day it comes up. */
  decisions: decisionSchema.optional(),
});

export const behaviourSchema = z.strictObject({
  /** The campaign id this behaviour was written for (checked when present). */
  campaign: z.string().optional(),
  defaults: z
    .strictObject({
      submit: submitSchema.default({ workingDays: -1 }),
      time: timeOfDay.default('12:00'),
      /** Working days a returned unit gets to revise. */
      revisionWorkingDays: workingDays.min(1, { error: 'a whole number of working days >= 1' }).default(5),
      decisions: decisionSchema.default('none'),
    })
    .default({ submit: { workingDays: -1 }, time: '12:00', revisionWorkingDays: 5, decisions: 'none' }),
  /** unit id → obligation id (all occurrences) or id@occurrence → behaviour. */
  units: z.record(z.string(), z.record(z.string(), obligationBehaviourSchema)).default({}),
  /** What supervisors do about a unit as a whole (约谈, 通报批评, 表扬), on a day of the plan at 10:00. */
  unitActions: z
    .array(
      z.strictObject({
        unit: z.string({ error: 'a unit id' }),
        action: z.enum(['interview', 'criticize', 'uncriticize', 'praise'], { error: 'one of interview, criticize, uncriticize, praise' }),
        on: z.string({ error: 'a date YYYY-MM-DD' }).regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'a date YYYY-MM-DD' }),
        reason: z.string({ error: 'a text' }).min(1, { error: 'a non-empty text' }),
      }),
    )
    .default([]),
});

export type Behaviour = z.output<typeof behaviourSchema>;
export type ObligationBehaviour = z.output<typeof obligationBehaviourSchema>;
export interface ResolvedBehaviour {
  submit: 'never' | { workingDays: number };
  time: string;
  returned: number;
  extend?: { workingDays: number };
  decisions: 'proceed' | 'waive' | 'none';
  revisionWorkingDays: number;
}

/** Everyone on time: the behaviour when no file is given. */
export const everyoneOnTime: Behaviour = behaviourSchema.parse({});

/** Reads and checks a behaviour file against the plan; throws {@link DefinitionError} with every issue. */
export function loadBehaviour(file: string, plan: Plan, options: { cwd?: string; readFile?: (file: string) => string } = {}): Behaviour {
  const cwd = options.cwd ?? process.cwd();
  const absolute = path.resolve(cwd, file);
  const shown = path.relative(cwd, absolute) || absolute;
  let text: string;
  try {
    text = (options.readFile ?? ((name: string) => readFileSync(name, 'utf8')))(absolute);
  } catch (error) {
    throw new DefinitionError([{ file: shown, path: [], expected: 'a readable file', found: `${shown} (${(error as NodeJS.ErrnoException).code ?? String(error)})` }]);
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new DefinitionError(
      document.errors.map((error) => {
        const position = lineCounter.linePos(error.pos[0]);
        return { file: shown, line: position.line, column: position.col, path: [], expected: 'valid YAML', found: error.message.split('\n')[0] };
      }),
    );
  }
  const locate = (fieldPath: FieldPath): Pick<DefinitionIssue, 'file' | 'line' | 'column'> => {
    for (let depth = fieldPath.length; depth >= 0; depth -= 1) {
      const node = depth === 0 ? document.contents : document.getIn(fieldPath.slice(0, depth), true);
      if (!isNode(node) || !node.range) continue;
      const position = lineCounter.linePos(node.range[0]);
      return { file: shown, line: position.line, column: position.col };
    }
    return { file: shown };
  };
  const parsed = behaviourSchema.safeParse(document.toJS() ?? {}, { reportInput: true });
  if (!parsed.success) throw new DefinitionError(parsed.error.issues.flatMap((issue) => fromZodIssue(issue, [])).map((issue) => ({ ...locate(issue.path), ...issue })));
  const issues = checkAgainstPlan(parsed.data, plan).map((issue) => ({ ...locate(issue.path), ...issue }));
  if (issues.length > 0) throw new DefinitionError(issues);
  return parsed.data;
}

/**
 * A zod issue as located issues. For `submit: {workingDays: later}` the union's object branch says
 * what is wrong inside the mapping, which helps more than "never, or {workingDays: N}".
 */
function fromZodIssue(issue: z.core.$ZodIssue, prefix: FieldPath): Omit<DefinitionIssue, 'file'>[] {
  const fieldPath = [...prefix, ...issue.path.filter((part): part is string | number => typeof part !== 'symbol')];
  const input = (issue as { input?: unknown }).input;
  if (issue.code === 'invalid_union' && typeof input === 'object' && input !== null) {
    const nested = issue.errors.find((branch) => branch.length > 0 && branch.every((inner) => inner.path.length > 0 || inner.code === 'unrecognized_keys'));
    if (nested) return nested.flatMap((inner) => fromZodIssue(inner, fieldPath));
  }
  if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ path: [...fieldPath, key], expected: `no key ${key}`, found: 'an unknown field' }));
  const zh = behaviourPhrasesZh[issue.message];
  return [{ path: fieldPath, expected: issue.message, ...(zh ? { expectedZh: zh } : {}), found: describeValue(input) }];
}

/** The behaviour file's own phrases in Chinese (the definition's common ones are translated by config/definition/issues.ts). */
const behaviourPhrasesZh: Record<string, string> = {
  'never, or {workingDays: N} (negative: before the deadline)': '`never`，或 `{workingDays: N}`（负数：截止前N个工作日）',
  'one of proceed, waive, none': '`proceed`、`waive` 或 `none` 之一',
  'one of interview, criticize, uncriticize, praise': '`interview`、`criticize`、`uncriticize` 或 `praise` 之一',
  'a whole number of working days >= 1': '不小于1的整数工作日数',
  'a unit id': '单位编号',
  'a text': '文本',
  'a non-empty text': '非空文本',
};

/** Units and obligations named in the behaviour must exist in the plan. */
export function checkAgainstPlan(behaviour: Behaviour, plan: Plan): Omit<DefinitionIssue, 'file'>[] {
  const issues: Omit<DefinitionIssue, 'file'>[] = [];
  if (behaviour.campaign !== undefined && behaviour.campaign !== plan.campaign.id) {
    issues.push({ path: ['campaign'], expected: `the campaign being simulated (${plan.campaign.id})`, expectedZh: `所模拟的活动（\`${plan.campaign.id}\`）`, found: JSON.stringify(behaviour.campaign) });
  }
  const units = new Set(plan.instances.map((instance) => instance.unitId));
  for (const [unitId, obligations] of Object.entries(behaviour.units)) {
    if (!units.has(unitId)) {
      issues.push({ path: ['units', unitId], expected: 'a unit with obligations in the campaign', expectedZh: '本活动中有任务的单位', found: JSON.stringify(unitId) });
      continue;
    }
    const own = plan.instances.filter((instance) => instance.unitId === unitId);
    for (const [key, value] of Object.entries(obligations)) {
      const matching = own.filter((instance) => matches(instance.id, key));
      if (matching.length === 0) {
        issues.push({ path: ['units', unitId, key], expected: `an obligation of ${unitId} (id or id@occurrence)`, expectedZh: `\`${unitId}\` 的任务（编号，或 编号@节点）`, found: JSON.stringify(key) });
      }
      if ((value.returned ?? 0) > 0 && matching.some((instance) => instance.schedule.count)) {
        issues.push({ path: ['units', unitId, key, 'returned'], expected: 'no returns for a count obligation (occurrences are reported, not reviewed)', expectedZh: '按次数完成的任务不退回（逐次报告，不审核）', found: String(value.returned) });
      }
      if (value.submit === 'never' && (value.returned ?? 0) > 0) {
        issues.push({ path: ['units', unitId, key, 'returned'], expected: 'no returns for a unit that never submits', expectedZh: '从不报送的单位没有退回', found: String(value.returned) });
      }
    }
  }
  behaviour.unitActions.forEach((action, index) => {
    if (!units.has(action.unit)) issues.push({ path: ['unitActions', index, 'unit'], expected: 'a unit with obligations in the campaign', expectedZh: '本活动中有任务的单位', found: JSON.stringify(action.unit) });
    if (action.on < plan.campaign.period.start || action.on > plan.campaign.period.end) {
      issues.push({ path: ['unitActions', index, 'on'], expected: `a date within the campaign period ${plan.campaign.period.start}..${plan.campaign.period.end}`, expectedZh: `活动期间（${plan.campaign.period.start} 至 ${plan.campaign.period.end}）内的日期`, found: JSON.stringify(action.on) });
    }
  });
  return issues;
}

/** The behaviour of one plan instance: its own entry (exact occurrence first), then the defaults. */
export function behaviourOf(behaviour: Behaviour, unitId: string, instanceId: string): ResolvedBehaviour {
  const entries = Object.entries(behaviour.units[unitId] ?? {});
  const own = entries.find(([key]) => key.includes('@') && matches(instanceId, key))?.[1] ?? entries.find(([key]) => matches(instanceId, key))?.[1] ?? {};
  const { defaults } = behaviour;
  return {
    submit: own.submit ?? defaults.submit,
    time: own.time ?? defaults.time,
    returned: own.returned ?? 0,
    ...(own.extend ? { extend: own.extend } : {}),
    decisions: own.decisions ?? defaults.decisions,
    revisionWorkingDays: defaults.revisionWorkingDays,
  };
}

/** `campaign/unit/publicity@world-ip-day` matches `publicity` and `publicity@world-ip-day`. */
function matches(instanceId: string, key: string): boolean {
  const obligation = instanceId.split('/').pop() ?? '';
  return obligation === key || obligation.split('@')[0] === key;
}
