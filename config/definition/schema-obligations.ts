/**
 * Obligations in the definition language: what a unit must deliver, by when, with whom.
 *
 * - `submission` (one deadline), `count` (a minimum, and maximum, of occurrences by a deadline,
 *   or per period with a cumulative target), `recurring` (every period, or at each event) and
 *   `ongoing` (持续推进: no deadline of its own, tracked by progress reports);
 * - owners: `assignees` (every named unit owns it, "由A、B、C负责") or `lead` with `cooperating`
 *   units that each get a contribution obligation of their own ("A牵头，B、C配合").
 */
import { z } from 'zod';
import { chineseText, deadlineSchema, holidayRule, id, isoDate, positiveInt, reminderPolicySchema, timeOfDay, workingDayCount } from './schema-parts';

export const periodKinds = ['year', 'half-year', 'quarter', 'month', 'week'] as const;
export type PeriodKind = (typeof periodKinds)[number];
export const weekdays = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
export type Weekday = (typeof weekdays)[number];

const monthDayPattern = /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const daysInMonth = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** "12-10": a day of the year (29 February is the 28th in other years). */
export const isMonthDay = (value: unknown): value is string =>
  typeof value === 'string' && monthDayPattern.test(value) && Number(value.slice(3)) <= daysInMonth[Number(value.slice(0, 2)) - 1]!;

const anchorForms = 'an anchor: a day 1 … 31, "MM-DD", a list of "MM-DD", a weekday (monday … sunday) or end';
const anchor = z.union(
  [
    z.literal('end'),
    z.number({ error: anchorForms }).int({ error: anchorForms }).min(1, { error: anchorForms }).max(31, { error: anchorForms }),
    z.enum(weekdays, { error: anchorForms }),
    z.string({ error: anchorForms }).refine(isMonthDay, { error: anchorForms }),
    z.array(z.string({ error: anchorForms }).refine(isMonthDay, { error: anchorForms }), { error: anchorForms }).min(1, { error: anchorForms }),
  ],
  { error: anchorForms },
);
export type Anchor = z.output<typeof anchor>;

/** What `on` may be for each period, as the error says it. */
const anchorOf: Record<PeriodKind, { isValid: (on: Anchor) => boolean; expected: string }> = {
  year: { isValid: (on) => on === 'end' || isMonthDay(on), expected: 'for every year: on "MM-DD" or end' },
  'half-year': { isValid: (on) => on === 'end' || inParts(on, 2), expected: 'for every half-year: on ["MM-DD" of the first half, "MM-DD" of the second] or end' },
  quarter: { isValid: (on) => on === 'end' || inParts(on, 4), expected: 'for every quarter: on four "MM-DD", one in each quarter, or end' },
  month: { isValid: (on) => on === 'end' || typeof on === 'number', expected: 'for every month: on a day 1 … 31 or end' },
  week: { isValid: (on) => on === 'end' || (weekdays as readonly unknown[]).includes(on), expected: 'for every week: on a weekday (monday … sunday) or end' },
};

/** A list with one "MM-DD" in each of `parts` equal parts of the year, in order. */
function inParts(on: Anchor, parts: number): boolean {
  if (!Array.isArray(on) || on.length !== parts) return false;
  const months = 12 / parts;
  return on.every((day, index) => Math.floor((Number(day.slice(0, 2)) - 1) / months) === index);
}

/**
 * A rhythm: `every` period (its occurrences named by the period: 2024, 2024-h1, 2024-q2,
 * 2024-05, 2024-w19) due `workingDaysAfter` it ends or `on` a day within it, between `from` and
 * `until`; or once per named event (`events`, the deadline then relative to each event).
 */
export const recurrenceSchema = z
  .strictObject({
    every: z.enum(periodKinds, { error: `one of ${periodKinds.join(', ')}` }).optional(),
    events: z.array(id).min(1, { error: 'at least one event' }).optional(),
    workingDaysAfter: workingDayCount.min(0, { error: 'a whole number of working days >= 0' }).optional(),
    on: anchor.optional(),
    from: isoDate.optional(),
    until: isoDate.optional(),
    time: timeOfDay.optional(),
    onHoliday: holidayRule.optional(),
  })
  .superRefine((recurrence, context) => {
    const { every, events, ...anchors } = recurrence;
    if ((every === undefined) === (events === undefined)) {
      context.addIssue({ code: 'custom', path: [], message: 'a recurrence: {every: year|half-year|quarter|month|week, …} or {events: [ids]}', input: recurrence });
      return;
    }
    if (events !== undefined) {
      for (const [key, value] of Object.entries(anchors)) context.addIssue({ code: 'custom', path: [key], message: 'only events in an event recurrence (the deadline is its due)', input: value });
      return;
    }
    const on = recurrence.on;
    if (on !== undefined && recurrence.workingDaysAfter !== undefined) context.addIssue({ code: 'custom', path: ['on'], message: 'on or workingDaysAfter, not both', input: on });
    else if (on !== undefined && !anchorOf[every!].isValid(on)) context.addIssue({ code: 'custom', path: ['on'], message: anchorOf[every!].expected, input: on });
    // Months and quarters have counted 5 working days after their end since the language began.
    else if (recurrence.on === undefined && recurrence.workingDaysAfter === undefined && every !== 'month' && every !== 'quarter') {
      context.addIssue({ code: 'custom', path: [], message: `an anchor for every ${every!}: on or workingDaysAfter`, input: recurrence });
    }
    if (recurrence.from !== undefined && recurrence.until !== undefined && recurrence.from > recurrence.until) {
      context.addIssue({ code: 'custom', path: ['until'], message: 'a date not before from', input: recurrence.until });
    }
  });
export type Recurrence = z.output<typeof recurrenceSchema>;

const measureReference = z.string({ error: 'a measure reference like 二(三)五' }).min(1);

/** `children-of:<unit>`: the units whose `parent` is that unit, in display order. */
export const childrenPrefix = 'children-of:';
/** A unit or group id, or `children-of:<unit>`: the units whose `parent` is that unit. */
export const assigneePattern = /^(children-of:)?[a-z0-9][a-z0-9-]*$/;
const assignee = z.string({ error: 'a unit or group id, or children-of:<unit id>' }).regex(assigneePattern, { error: 'a unit or group id, or children-of:<unit id>' });
const assigneeList = z.array(assignee, { error: 'a list of unit or group ids' }).min(1, { error: 'at least one unit or group' });

/** A cooperating unit's own part: due this many working days before the lead's deadline. */
export const contributionSchema = z.strictObject({
  workingDaysBefore: workingDayCount.min(0, { error: 'a whole number of working days >= 0' }),
  /** false: the contributions are kept for the record, not scored. */
  evaluated: z.boolean({ error: 'true or false' }).optional(),
});

const submissionFieldSchema = z.strictObject({
  id,
  label: chineseText,
  required: z.boolean().default(true),
  maxLength: positiveInt.optional(),
});

export const submissionRulesSchema = z.strictObject({
  fields: z.array(submissionFieldSchema).min(1, { error: 'at least one field' }),
  attachments: z
    .strictObject({ maxCount: z.number().int().min(0), maxSizeMb: z.number().positive(), types: z.array(z.string()).optional() })
    .optional(),
});

const obligationBase = {
  id,
  title: chineseText,
  /** Where the plan says it, e.g. 二(一)一 or 三(三); a list when one obligation serves several measures. */
  measure: z.union([measureReference, z.array(measureReference).min(1)], { error: 'a measure reference like 二(三)五, or a list of them' }),
  /** Equal owners, each with an instance of its own ("由A、B、C负责"); or `lead`. */
  assignees: assigneeList.optional(),
  /** 牵头单位: owns the obligation; `cooperating` units contribute their part to it. */
  lead: z.union([assignee, assigneeList], { error: 'a unit or group id, or a list of them' }).optional(),
  /** 配合单位. With `lead` (or `contribution`), each gets a contribution obligation; with `assignees` alone, they are named only. */
  cooperating: z.array(assignee).default([]),
  /** The cooperating units' deadline (default: `defaults.contribution`); false: named only. */
  contribution: z.union([z.literal(false), contributionSchema], { error: 'false or {workingDaysBefore: N}' }).optional(),
  note: z.string().optional(),
  /** Overrides the default reminder policy; `false` for no reminders (an always-open channel). */
  reminders: z.union([z.literal(false), reminderPolicySchema], { error: 'false or a reminder policy' }).optional(),
  /** false for obligations without an escalation ladder (counts kept by the issuer, open channels). */
  escalation: z.boolean().default(true),
  submission: submissionRulesSchema.optional(),
  evaluated: z.boolean().default(true),
};

export const countPeriods = ['year', 'half-year', 'quarter', 'month'] as const;

export const obligationSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ ...obligationBase, kind: z.literal('submission'), due: deadlineSchema }),
    z.strictObject({
      ...obligationBase,
      kind: z.literal('count'),
      /** Per period with `perPeriod` ("每年新建2家"), else over the whole window ("1-2次"). */
      min: z.number().int().min(0),
      max: z.number().int().min(1).optional(),
      /** One instance per period, its window closing on the period's last working day (or the campaign's end). */
      perPeriod: z.enum(countPeriods, { error: `one of ${countPeriods.join(', ')}` }).optional(),
      /** "到2025年累计不少于6家": the periods up to `by` (default: the campaign's end) together. */
      cumulative: z.strictObject({ min: positiveInt, by: isoDate.optional() }).optional(),
      /** The window closes at `due` (required without `perPeriod`); reminders go out while the minimum is not reached. */
      due: deadlineSchema.optional(),
      evidence: z.array(chineseText).default([]),
    }),
    z.strictObject({
      ...obligationBase,
      kind: z.literal('recurring'),
      recurrence: recurrenceSchema,
      /** For event recurrences: the deadline relative to each event (`from: each-event` or `each-event.end`). */
      due: deadlineSchema.optional(),
    }),
    z.strictObject({
      ...obligationBase,
      kind: z.literal('ongoing'),
      /** Progress reports every period, or a part of another obligation's submission (`in: <obligation id>`). */
      progress: z.union([z.strictObject({ in: id }), recurrenceSchema], { error: 'a progress rhythm {every: …} or {in: <obligation id>}' }),
    }),
  ],
  { error: 'kind: submission, count, recurring or ongoing' },
);
export type Obligation = z.output<typeof obligationSchema>;
