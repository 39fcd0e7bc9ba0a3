/**
 * The campaign definition language, as zod schemas. One YAML file per campaign under
 * config/campaigns/, which may `include` shared files (unit directory, message templates).
 * Error texts are short English phrases ("a date YYYY-MM-DD"); the formatter translates them.
 */
import { z } from 'zod';
import { isCalendarDate, isSupportedDate, maxWorkingDays, supportedYears } from '../calendar';

export const idPattern = /^[a-z0-9][a-z0-9-]*$/;
const id = z.string({ error: 'an id (lower-case letters, digits, -)' }).regex(idPattern, { error: 'an id (lower-case letters, digits, -)' });
export const isoDate = z
  .string({ error: 'a date YYYY-MM-DD' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'a date YYYY-MM-DD' })
  .refine(isCalendarDate, {
    error: 'a real calendar date YYYY-MM-DD',
  })
  // The working-day calendar knows these years only; a date beyond them is refused here, at its field.
  .refine((date) => !isCalendarDate(date) || isSupportedDate(date), {
    error: `a date within the supported years ${supportedYears.first} … ${supportedYears.last}`,
  });
const timeOfDay = z.string({ error: 'a time of day HH:MM' }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'a time of day HH:MM' });
const chineseText = z.string({ error: 'a text' }).min(1, { error: 'a non-empty text' });
const email = z.email({ error: 'an email address' });
const positiveInt = z.number({ error: 'a whole number' }).int({ error: 'a whole number' }).min(1, { error: 'a whole number >= 1' });

export const contactSchema = z.strictObject({
  name: chineseText,
  role: z.string().optional(),
  email: email.optional(),
  phone: z.string().optional(),
});

export const unitKinds = ['district', 'county-level-city', 'zone', 'city-section', 'directly-affiliated', 'bureau'] as const;
export const unitSchema = z.strictObject({
  id,
  name: chineseText,
  kind: z.enum(unitKinds, { error: `one of ${unitKinds.join(', ')}` }),
  contacts: z.array(contactSchema).default([]),
  parent: id.optional(),
});

export const eventSchema = z
  .strictObject({
    id,
    name: chineseText,
    date: isoDate.optional(),
    start: isoDate.optional(),
    end: isoDate.optional(),
    note: z.string().optional(),
  })
  .refine((event) => (event.date !== undefined) !== (event.start !== undefined && event.end !== undefined), {
    error: 'either date, or start and end',
  });

/** Working days the calendar moves at most at once (it refuses more). */
const workingDayCount = z
  .number({ error: 'a whole number of working days' })
  .int({ error: 'a whole number of working days' })
  .min(-maxWorkingDays, { error: `a whole number of working days from -${maxWorkingDays} to ${maxWorkingDays}` })
  .max(maxWorkingDays, { error: `a whole number of working days from -${maxWorkingDays} to ${maxWorkingDays}` });

/** Offsets in calendar or working days; exactly one of the two. */
const offsetShape = {
  days: z.number({ error: 'a whole number of days' }).int({ error: 'a whole number of days' }).optional(),
  workingDays: workingDayCount.optional(),
};
const exactlyOneOffset = (value: { days?: number; workingDays?: number }) => (value.days === undefined) !== (value.workingDays === undefined);

export const holidayRules = ['next-working-day', 'previous-working-day', 'keep'] as const;
const holidayRule = z.enum(holidayRules, { error: `one of ${holidayRules.join(', ')}` });

const fromError = 'campaign.start, campaign.end, obligation.<id>, event.<id>[.end] or each-event[.end]';

/**
 * A deadline: an absolute date, or an offset from the campaign start/end, another obligation's
 * deadline or a named event (its start, or its end for ranges). Negative offsets are "before".
 */
export const deadlineSchema = z.union(
  [
    z.strictObject({ date: isoDate, time: timeOfDay.optional(), onHoliday: holidayRule.optional() }),
    z
      .strictObject({
        from: z
          .string({ error: fromError })
          .regex(/^(campaign\.(start|end)|obligation\.[a-z0-9-]+|event\.[a-z0-9-]+(\.end)?|each-event(\.end)?)$/, {
            error: fromError,
          }),
        ...offsetShape,
        time: timeOfDay.optional(),
        onHoliday: holidayRule.optional(),
      })
      .refine(exactlyOneOffset, { error: 'exactly one of days or workingDays' }),
  ],
  { error: 'a deadline: {date: YYYY-MM-DD} or {from: …, workingDays|days: N}' },
);

export const recipientKinds = ['unit-contacts', 'issuer-contacts', 'supervisors', 'parent-unit'] as const;
const recipient = z.enum(recipientKinds, { error: `one of ${recipientKinds.join(', ')}` });

export const reminderPolicySchema = z.strictObject({
  before: z
    .array(z.strictObject(offsetShape).refine(exactlyOneOffset, { error: 'exactly one of days or workingDays' }))
    .min(1, { error: 'at least one offset' }),
  time: timeOfDay.default('09:00'),
  onHolidays: z.boolean({ error: 'true or false' }).default(false),
  to: z.array(recipient).default(['unit-contacts']),
  cc: z.array(recipient).default([]),
});

export const escalationLevelSchema = z.strictObject({
  id,
  name: chineseText,
  after: z.strictObject(offsetShape).refine(exactlyOneOffset, { error: 'exactly one of days or workingDays' }),
  notify: z.array(recipient).default([]),
  message: id,
  requiresDecision: z.boolean({ error: 'true or false' }).default(false),
});

/** A rule over an obligation and the unit's record, as JSON-Logic (data, never code). */
export const ruleSchema = z.strictObject({
  id,
  description: z.string().optional(),
  when: z.record(z.string(), z.unknown(), { error: 'a JSON-Logic expression (a mapping)' }),
  escalateTo: id,
});

export const escalationSchema = z.strictObject({
  levels: z.array(escalationLevelSchema).min(1, { error: 'at least one level' }),
  rules: z.array(ruleSchema).default([]),
});

export const messageTemplateSchema = z.strictObject({
  subject: chineseText,
  text: chineseText,
  html: z.string().optional(),
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

export const recurrenceSchema = z.union(
  [
    /**
     * One occurrence per month or quarter that starts within the campaign, due `workingDaysAfter`
     * working days after it ends; an occurrence due after the campaign's end is not planned.
     */
    z.strictObject({
      every: z.enum(['month', 'quarter'], { error: 'month or quarter' }),
      workingDaysAfter: workingDayCount.min(0).default(5),
    }),
    z.strictObject({ events: z.array(id).min(1, { error: 'at least one event' }) }),
  ],
  { error: 'a recurrence: {every: month|quarter} or {events: [ids]}' },
);

const measureReference = z.string({ error: 'a measure reference like 二(三)五' }).min(1);

const obligationBase = {
  id,
  title: chineseText,
  /** Where the plan says it, e.g. 二(一)一 or 三(三); a list when one obligation serves several measures. */
  measure: z.union([measureReference, z.array(measureReference).min(1)], { error: 'a measure reference like 二(三)五, or a list of them' }),
  assignees: z.array(id, { error: 'a list of unit or group ids' }).min(1, { error: 'at least one unit or group' }),
  cooperating: z.array(id).default([]),
  note: z.string().optional(),
  /** Overrides the default reminder policy; `false` for no reminders (an always-open channel). */
  reminders: z.union([z.literal(false), reminderPolicySchema], { error: 'false or a reminder policy' }).optional(),
  /** false for obligations without an escalation ladder (counts kept by the issuer, open channels). */
  escalation: z.boolean().default(true),
  submission: submissionRulesSchema.optional(),
  evaluated: z.boolean().default(true),
};

export const obligationSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ ...obligationBase, kind: z.literal('submission'), due: deadlineSchema }),
    z.strictObject({
      ...obligationBase,
      kind: z.literal('count'),
      min: z.number().int().min(0),
      max: z.number().int().min(1).optional(),
      /** The window closes at `due`; reminders go out while the minimum is not reached. */
      due: deadlineSchema,
      evidence: z.array(chineseText).default([]),
    }),
    z.strictObject({
      ...obligationBase,
      kind: z.literal('recurring'),
      recurrence: recurrenceSchema,
      /** For event recurrences: the deadline relative to each event (`from: each-event` or `each-event.end`). */
      due: deadlineSchema.optional(),
    }),
  ],
  { error: 'kind: submission, count or recurring' },
);

/**
 * 绩效考核: points added to `base` per unit. The first five weights are required (the original
 * language); the others default to 0, so an older definition scores as before. Weights are
 * usually negative (deductions); a positive one is a bonus.
 */
export const evaluationSchema = z.strictObject({
  base: z.number().default(100),
  weights: z.strictObject({
    perWorkingDayLate: z.number(),
    returnedForRevision: z.number(),
    perEscalationLevel: z.number(),
    missing: z.number(),
    countTargetMissed: z.number(),
    /** per obligation handed in by its deadline (or count target met by it) */
    onTime: z.number().default(0),
    /** per supervision notice, interview, public criticism and praise on the unit's record */
    supervisionNotice: z.number().default(0),
    interview: z.number().default(0),
    publicCriticism: z.number().default(0),
    praise: z.number().default(0),
  }),
  /** Working days late counted per obligation at most (beyond that the escalation ladder speaks); absent: no cap. */
  maxWorkingDaysLatePerObligation: positiveInt.optional(),
  /**
   * Praised: score >= minScore, at most `maxUnits` of them (best first); never a unit whose record
   * holds one of `disqualifiedBy` (取消评优资格: an interview or a public criticism this campaign).
   */
  praise: z.strictObject({ minScore: z.number(), maxUnits: positiveInt.optional(), disqualifiedBy: z.array(z.enum(['supervision-notice', 'interview', 'public-criticism'])).optional() }),
  /** Criticised: score <= maxScore, at most `maxUnits` of them (worst first). */
  criticism: z.strictObject({ maxScore: z.number(), maxUnits: positiveInt.optional() }),
});

export const campaignSchema = z.strictObject({
  id,
  title: chineseText,
  documentNumber: chineseText,
  issuer: id,
  issuedOn: isoDate,
  period: z.strictObject({ start: isoDate, end: isoDate }),
  timeZone: z.string().default('Asia/Shanghai'),
  contacts: z.array(contactSchema).default([]),
  mailbox: email.optional(),
  reportsTo: id,
  supervisors: z.array(contactSchema).default([]),
  /** What a pause does to deadlines: move them later by the time paused, or keep them. */
  onPause: z.strictObject({ shiftDeadlines: z.boolean({ error: 'true or false' }) }).default({ shiftDeadlines: true }),
});

/**
 * The State Council's holiday arrangement of one year (国务院办公厅关于某年部分节假日安排的通知), as
 * a calendar file an administrator adds to `include` when it is published: it wins over
 * `chinese-days` and the provisional calendar for its year. Checked further in ./arrangements.ts.
 */
export const arrangementSchema = z.strictObject({
  year: z
    .number({ error: 'a whole number' })
    .int({ error: 'a whole number' })
    .min(supportedYears.first, { error: `a year ${supportedYears.first} … ${supportedYears.last}` })
    .max(supportedYears.last, { error: `a year ${supportedYears.first} … ${supportedYears.last}` }),
  /** The notice's number, e.g. 国办发明电〔2025〕7号. */
  source: chineseText,
  /** Days off, weekends within included: 春节 from 2026-02-15 to 2026-02-23. */
  holidays: z.array(z.strictObject({ name: chineseText, from: isoDate, to: isoDate })).default([]),
  /** Make-up working days (调休上班). */
  workdays: z.array(isoDate).default([]),
});

export const definitionSchema = z.strictObject({
  include: z.array(z.string()).default([]),
  campaign: campaignSchema,
  units: z.array(unitSchema).min(1, { error: 'at least one unit' }),
  groups: z.record(id, z.array(id)).default({}),
  calendar: z
    .strictObject({
      holidays: z.literal('china-mainland', { error: 'china-mainland' }).default('china-mainland'),
      events: z.array(eventSchema).default([]),
      /** Official arrangements, one per year, usually from included calendar files. */
      arrangements: z.array(arrangementSchema).default([]),
    })
    .default({ holidays: 'china-mainland', events: [], arrangements: [] }),
  defaults: z.strictObject({
    dueTime: timeOfDay.default('17:30'),
    onHoliday: holidayRule.default('next-working-day'),
    reminders: reminderPolicySchema,
  }),
  escalation: escalationSchema,
  evaluation: evaluationSchema,
  messages: z.record(id, messageTemplateSchema),
  obligations: z.array(obligationSchema).min(1, { error: 'at least one obligation' }),
});

export type Definition = z.output<typeof definitionSchema>;
export type Obligation = Definition['obligations'][number];
export type Deadline = z.output<typeof deadlineSchema>;
export type Unit = Definition['units'][number];
export type EscalationLevel = Definition['escalation']['levels'][number];
export type ReminderPolicy = z.output<typeof reminderPolicySchema>;
export type Recipient = (typeof recipientKinds)[number];
export type EvaluationRules = Definition['evaluation'];
