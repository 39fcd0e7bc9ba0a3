/**
 * The campaign definition language, as zod schemas. One YAML file per campaign under
 * config/campaigns/, which may `include` shared files (unit directory, message templates).
 * Error texts are short English phrases ("a date YYYY-MM-DD"); the formatter translates them.
 */
import { z } from 'zod';
import { supportedYears } from '../calendar';
import { assigneePattern, obligationSchema } from './schema-obligations';
import { chineseText, type deadlineSchema, email, exactlyOneOffset, holidayRule, id, isoDate, offsetShape, positiveInt, recipient, type recipientKinds, reminderPolicySchema, timeOfDay, workingDayCount } from './schema-parts';

export { idPattern, isoDate, holidayRules, recipientKinds, deadlineSchema, reminderPolicySchema } from './schema-parts';
export { assigneePattern, childrenPrefix, obligationSchema, periodKinds, recurrenceSchema, weekdays, type Anchor, type Obligation, type PeriodKind, type Recurrence, type Weekday } from './schema-obligations';

export const contactSchema = z.strictObject({
  name: chineseText,
  role: z.string().optional(),
  email: email.optional(),
  phone: z.string().optional(),
});

/**
 * The kinds of unit every definition knows, with their Chinese labels; a definition adds its own
 * in `unitKinds` (town: 镇, ministry: 部委, …). Checked in ./validate.ts.
 */
export const builtInUnitKinds: Record<string, string> = {
  district: '区',
  'county-level-city': '县级市',
  zone: '功能区',
  'city-section': '市局科室',
  'directly-affiliated': '直属单位',
  bureau: '局',
};
export const unitSchema = z.strictObject({
  id,
  name: chineseText,
  /** A built-in kind or one of the definition's `unitKinds`. */
  kind: id,
  contacts: z.array(contactSchema).default([]),
  /** The unit it belongs to (a town's county, a county's city): its view rolls up its children. */
  parent: id.optional(),
  /** Display order in lists and pages (lower first); default: the order of the files. */
  order: z.number({ error: 'a number' }).optional(),
});

export const eventSchema = z
  .strictObject({
    id,
    name: chineseText,
    date: isoDate.optional(),
    start: isoDate.optional(),
    end: isoDate.optional(),
    /** When it starts on its day(s), and ends; without them it is a whole-day event. */
    time: timeOfDay.optional(),
    endTime: timeOfDay.optional(),
    place: z.string().optional(),
    note: z.string().optional(),
  })
  .refine((event) => (event.date !== undefined) !== (event.start !== undefined && event.end !== undefined), {
    error: 'either date, or start and end',
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

/**
 * 绩效考核: points added to `base` per unit. The first five weights are required (the original
 * language); the others default to 0, so an older definition scores as before. Weights are
 * usually negative (deductions); a positive one is a bonus. A plan without scoring writes
 * `evaluation: none` or leaves it out.
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
    /** a cooperating unit's contribution (配合) not handed in by the campaign's end; absent: as `missing` */
    contributionMissing: z.number().optional(),
    /** per cumulative target ("到2025年累计不少于6家") not reached by its date */
    cumulativeTargetMissed: z.number().default(0),
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
  /** Kinds of unit beyond the built-in ones, with their Chinese labels: `{ town: 镇, ministry: 部委 }`. */
  unitKinds: z.record(id, chineseText).default({}),
  /** Named lists of units; a member may be `children-of:<unit>`. */
  groups: z.record(id, z.array(z.string().regex(assigneePattern, { error: 'a unit id, or children-of:<unit id>' }))).default({}),
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
    /** A cooperating unit's part is due this many working days before the lead's deadline. */
    contribution: z.strictObject({ workingDaysBefore: workingDayCount.min(0, { error: 'a whole number of working days >= 0' }) }).default({ workingDaysBefore: 5 }),
  }),
  escalation: escalationSchema,
  evaluation: z.union([z.literal('none'), evaluationSchema], { error: 'none or the scoring rules {weights, praise, criticism}' }).optional(),
  messages: z.record(id, messageTemplateSchema),
  obligations: z.array(obligationSchema).min(1, { error: 'at least one obligation' }),
});

export type Definition = z.output<typeof definitionSchema>;
export type Deadline = z.output<typeof deadlineSchema>;
export type Unit = Definition['units'][number];
export type EscalationLevel = Definition['escalation']['levels'][number];
export type ReminderPolicy = z.output<typeof reminderPolicySchema>;
export type Recipient = (typeof recipientKinds)[number];
export type EvaluationRules = z.output<typeof evaluationSchema>;
export type CalendarEvent = Definition['calendar']['events'][number];

/** The scoring rules, or undefined for a plan that is not scored (`evaluation: none` or none given). */
export function evaluationRulesOf(definition: Pick<Definition, 'evaluation'>): EvaluationRules | undefined {
  return definition.evaluation === 'none' ? undefined : definition.evaluation;
}
