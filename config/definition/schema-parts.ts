/**
 * The small pieces of the definition language that every part uses: ids, dates, times, offsets,
 * deadlines and reminder policies. Error texts are short English phrases ("a date YYYY-MM-DD");
 * ./issues.ts translates them.
 */
import { z } from 'zod';
import { isCalendarDate, isSupportedDate, maxWorkingDays, supportedYears } from '../calendar';

export const idPattern = /^[a-z0-9][a-z0-9-]*$/;
export const id = z.string({ error: 'an id (lower-case letters, digits, -)' }).regex(idPattern, { error: 'an id (lower-case letters, digits, -)' });
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
export const timeOfDay = z.string({ error: 'a time of day HH:MM' }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'a time of day HH:MM' });
export const chineseText = z.string({ error: 'a text' }).min(1, { error: 'a non-empty text' });
export const email = z.email({ error: 'an email address' });
export const positiveInt = z.number({ error: 'a whole number' }).int({ error: 'a whole number' }).min(1, { error: 'a whole number >= 1' });

/** Working days the calendar moves at most at once (it refuses more). */
export const workingDayCount = z
  .number({ error: 'a whole number of working days' })
  .int({ error: 'a whole number of working days' })
  .min(-maxWorkingDays, { error: `a whole number of working days from -${maxWorkingDays} to ${maxWorkingDays}` })
  .max(maxWorkingDays, { error: `a whole number of working days from -${maxWorkingDays} to ${maxWorkingDays}` });

/** Offsets in calendar or working days; exactly one of the two. */
export const offsetShape = {
  days: z.number({ error: 'a whole number of days' }).int({ error: 'a whole number of days' }).optional(),
  workingDays: workingDayCount.optional(),
};
export const exactlyOneOffset = (value: { days?: number; workingDays?: number }) => (value.days === undefined) !== (value.workingDays === undefined);

export const holidayRules = ['next-working-day', 'previous-working-day', 'keep'] as const;
export const holidayRule = z.enum(holidayRules, { error: `one of ${holidayRules.join(', ')}` });

export const fromPattern = /^(campaign\.(start|end)|obligation\.[a-z0-9-]+|event\.[a-z0-9-]+(\.end)?|each-event(\.end)?)$/;
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
        from: z.string({ error: fromError }).regex(fromPattern, { error: fromError }),
        ...offsetShape,
        time: timeOfDay.optional(),
        onHoliday: holidayRule.optional(),
      })
      .refine(exactlyOneOffset, { error: 'exactly one of days or workingDays' }),
  ],
  { error: 'a deadline: {date: YYYY-MM-DD} or {from: …, workingDays|days: N}' },
);

export const recipientKinds = ['unit-contacts', 'issuer-contacts', 'supervisors', 'parent-unit'] as const;
export const recipient = z.enum(recipientKinds, { error: `one of ${recipientKinds.join(', ')}` });

export const reminderPolicySchema = z.strictObject({
  before: z
    .array(z.strictObject(offsetShape).refine(exactlyOneOffset, { error: 'exactly one of days or workingDays' }))
    .min(1, { error: 'at least one offset' }),
  time: timeOfDay.default('09:00'),
  onHolidays: z.boolean({ error: 'true or false' }).default(false),
  to: z.array(recipient).default(['unit-contacts']),
  cc: z.array(recipient).default([]),
});
