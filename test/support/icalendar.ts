/**
 * Reads an iCalendar file with Python's `icalendar` (the parser many calendar tools use), so
 * that the export is checked by an independent reader, not by the code that wrote it. The
 * package is installed from PyPI into .temporal/icalendar on first use (git ignores .temporal/).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const target = path.join(__dirname, '../../.temporal/icalendar');
const python = process.env.PYTHON ?? 'python3';

export interface ParsedEvent {
  uid: string;
  summary: string;
  /** ISO 8601 with the zone's offset (a date-time), or YYYY-MM-DD (a whole day). */
  start: string;
  tzid: string | null;
  end: string | null;
  duration: string | null;
  location: string | null;
  categories: string[];
  rrule: string | null;
}

export interface ParsedCalendar {
  timezones: string[];
  events: ParsedEvent[];
}

const reader = `
import json, sys
from icalendar import Calendar
calendar = Calendar.from_ical(sys.stdin.buffer.read())
def text(value):
    return None if value is None else str(value)
events = []
for event in calendar.walk('VEVENT'):
    start = event.decoded('DTSTART')
    end = event.get('DTEND')
    categories = event.get('CATEGORIES')
    cats = [] if categories is None else [str(c) for c in (categories.cats if hasattr(categories, 'cats') else [])]
    events.append({
        'uid': str(event.get('UID')),
        'summary': str(event.get('SUMMARY')),
        'start': start.isoformat(),
        'tzid': event['DTSTART'].params.get('TZID'),
        'end': None if end is None else event.decoded('DTEND').isoformat(),
        'duration': None if event.get('DURATION') is None else str(event.decoded('DURATION')),
        'location': text(event.get('LOCATION')),
        'categories': cats,
        'rrule': None if event.get('RRULE') is None else event.get('RRULE').to_ical().decode(),
    })
print(json.dumps({'timezones': [str(tz.get('TZID')) for tz in calendar.walk('VTIMEZONE')], 'events': events}, ensure_ascii=False))
`;

export function parseIcs(ics: string): ParsedCalendar {
  if (!existsSync(path.join(target, 'icalendar', '__init__.py'))) {
    execFileSync(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-warn-conflicts', '--target', target, 'icalendar==7.3.0'], { stdio: 'pipe' });
  }
  const output = execFileSync(python, ['-c', reader], { input: ics, env: { ...process.env, PYTHONPATH: target }, encoding: 'utf8' });
  return JSON.parse(output) as ParsedCalendar;
}
