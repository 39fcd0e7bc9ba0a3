/**
 * The plan as iCalendar (RFC 5545) for Outlook and phone calendars: every reminder, deadline and
 * escalation step, and the campaign's named events and activity days, at local times of the
 * campaign's zone with its VTIMEZONE, lines folded at 75 octets, the year in CATEGORIES.
 *
 * Written here rather than by a calendar library: `ics` writes UTC only, and `ical-generator`
 * 10 (11 needs Node 22) writes a zoned DTSTAMP without its required UTC form and needs a date
 * library to put an instant on a zone's wall clock, which ../config/calendar.ts already does.
 * The VTIMEZONE blocks come from `@touch4it/ical-timezones` (the IANA database as iCalendar).
 */
import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import { addDays } from '../config/calendar';
import type { Plan, PlanEvent } from '../config/compile';
import { type PlanFilter, timelineRows } from '../config/plan-timeline';

const provisionalMark = '（暂定）';

export function formatIcs(plans: Plan[], filter: PlanFilter): string {
  const zones = [...new Set(plans.map((plan) => plan.campaign.timeZone))];
  const timezones = new Map(zones.map((zone) => [zone, getVtimezoneComponent(zone)]));
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//campaigns//campaign-orchestrator//ZH',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(plans.length === 1 ? plans[0]!.campaign.title : plans.map((plan) => plan.campaign.title).join('；'))}`,
    ...(zones.length === 1 ? [`X-WR-TIMEZONE:${zones[0]}`] : []),
    ...[...timezones.values()].flatMap((block) => (block ? block.trim().split(/\r?\n/) : [])),
  ];
  for (const plan of plans) {
    const zone = timezones.get(plan.campaign.timeZone) ? plan.campaign.timeZone : undefined;
    const stamp = `DTSTAMP:${utcStamp(plan.campaign.period.startsAt)}`;
    lines.push(...momentEvents(plan, filter, zone, stamp), ...plan.events.filter((event) => isInWindow(event, filter)).flatMap((event) => eventLines(plan, event, filter, zone, stamp)));
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}

/** Reminders, deadlines and escalation steps: half an hour each, at the plan's local time. */
function momentEvents(plan: Plan, filter: PlanFilter, zone: string | undefined, stamp: string): string[] {
  return timelineRows(plan, filter).flatMap((row) => {
    const { schedule } = row.instances[0]!;
    // The unit is part of the UID when the export is one unit's: two units' exports imported
    // into one calendar are different events, not one event overwritten by the other.
    const uid = [plan.campaign.id, ...(filter.unitId ? [filter.unitId] : []), schedule.obligationId, schedule.occurrence ?? 'once', row.key].join('.');
    const description = [
      `${plan.campaign.title}（${plan.campaign.documentNumber}）`,
      `单位：${row.instances.map((instance) => instance.unitName).join('、')}`,
      ...(row.provisional ? ['暂定：该年尚无国务院办公厅的放假安排，日期在安排公布后可能变动'] : []),
    ].join('\n');
    return [
      'BEGIN:VEVENT',
      `UID:${uid}@campaigns`,
      stamp,
      ...zonedTime('DTSTART', row.local.slice(0, 10), row.local.slice(11, 16), row.at, zone),
      'DURATION:PT30M',
      `SUMMARY:${escapeText(`${row.what}${row.provisional ? provisionalMark : ''}｜${row.obligation}`)}`,
      `DESCRIPTION:${escapeText(description)}`,
      `CATEGORIES:${escapeText(`${schedule.year}年`)}`,
      'END:VEVENT',
    ];
  });
}

/**
 * A named event: whole days (DTEND the day after its last), or at its time on each of its days
 * (a daily repetition until its last day), with its place.
 */
function eventLines(plan: Plan, event: PlanEvent, filter: PlanFilter, zone: string | undefined, stamp: string): string[] {
  const uid = [plan.campaign.id, ...(filter.unitId ? [filter.unitId] : []), 'event', event.id].join('.');
  const days = (Date.parse(`${event.end}T00:00:00Z`) - Date.parse(`${event.start}T00:00:00Z`)) / 86_400_000 + 1;
  const timing = event.time
    ? [
        ...zonedTime('DTSTART', event.start, event.time, undefined, zone),
        ...(event.endTime && event.endTime > event.time ? zonedTime('DTEND', event.start, event.endTime, undefined, zone) : ['DURATION:PT1H']),
        ...(days > 1 ? [`RRULE:FREQ=DAILY;COUNT=${days}`] : []),
      ]
    : [`DTSTART;VALUE=DATE:${compactDate(event.start)}`, `DTEND;VALUE=DATE:${compactDate(addDays(event.end, 1))}`, 'TRANSP:TRANSPARENT'];
  return [
    'BEGIN:VEVENT',
    `UID:${uid}@campaigns`,
    stamp,
    ...timing,
    `SUMMARY:${escapeText(event.name)}`,
    ...(event.place ? [`LOCATION:${escapeText(event.place)}`] : []),
    `DESCRIPTION:${escapeText([`${plan.campaign.title}（${plan.campaign.documentNumber}）`, ...(event.note ? [event.note] : [])].join('\n'))}`,
    `CATEGORIES:${escapeText(`${event.start.slice(0, 4)}年`)},${escapeText('重要时间节点')}`,
    'END:VEVENT',
  ];
}

function isInWindow(event: PlanEvent, filter: PlanFilter): boolean {
  return (!filter.from || event.end >= filter.from) && (!filter.to || event.start <= filter.to);
}

/** A wall-clock time of the campaign's zone (with its VTIMEZONE), or the instant in UTC when the zone has none. */
function zonedTime(name: string, date: string, time: string, instant: string | undefined, zone: string | undefined): string[] {
  if (zone) return [`${name};TZID=${zone}:${compactDate(date)}T${time.replace(':', '')}00`];
  return instant ? [`${name}:${utcStamp(instant)}`] : [`${name}:${compactDate(date)}T${time.replace(':', '')}00`];
}

function compactDate(date: string): string {
  return date.replace(/-/g, '');
}

/** 2022-04-15T09:30:00.000Z → 20220415T093000Z */
function utcStamp(instant: string): string {
  return `${instant.slice(0, 19).replace(/[-:]/g, '')}Z`;
}

/** TEXT values (RFC 5545 §3.3.11): backslash, semicolon, comma and newline escaped. */
function escapeText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Folds a content line so that no line is longer than 75 octets (RFC 5545 §3.1), never inside a character. */
export function foldLine(line: string): string {
  if (Buffer.byteLength(line, 'utf8') <= 75) return line;
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const character of line) {
    const size = Buffer.byteLength(character, 'utf8');
    // The first line holds 75 octets; each continuation line a space and 74.
    if (octets + size > (parts.length === 0 ? 75 : 74)) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += character;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}
