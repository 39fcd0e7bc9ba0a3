/**
 * Campaign definitions written in a test: the minimal fixture with its period and obligations
 * replaced, loaded through the real loader (YAML, schema, checks, compiler) from files kept in
 * memory, beside the real shared files it may include.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type LoadedCampaign, loadCampaign } from '../../config/definition/load';

const fixtures = path.join(__dirname, '../fixtures');
export const minimalText = readFileSync(path.join(fixtures, 'minimal-campaign.yaml'), 'utf8');

/** The minimal campaign with `obligations` (YAML list items, indented by two) and optionally another period or extra top-level YAML. */
export function campaignText(obligations: string, options: { period?: [string, string]; extra?: string } = {}): string {
  let text = minimalText.slice(0, minimalText.indexOf('obligations:\n'));
  if (options.period) text = text.replace('period: { start: 2022-03-25, end: 2022-12-31 }', `period: { start: ${options.period[0]}, end: ${options.period[1]} }`);
  return `${text}${options.extra ?? ''}obligations:\n${obligations}`;
}

/** Loads `text` as `campaign.yaml` in the fixtures folder, with `files` beside it (in memory). */
export function loadText(text: string, files: Record<string, string> = {}): LoadedCampaign {
  const virtual = new Map([[path.join(fixtures, 'campaign.yaml'), text], ...Object.entries(files).map(([name, content]): [string, string] => [path.join(fixtures, name), content])]);
  return loadCampaign(path.join(fixtures, 'campaign.yaml'), { cwd: fixtures, readFile: (file) => virtual.get(file) ?? readFileSync(file, 'utf8') });
}

/** The due dates of an obligation's occurrences, by occurrence id (one unit's). */
export function duesOf(loaded: LoadedCampaign, obligationId: string, unitId = 'tengzhou'): Record<string, string> {
  return Object.fromEntries(
    loaded.plan.instances
      .filter((instance) => instance.unitId === unitId && instance.schedule.obligationId === obligationId)
      .map((instance) => [instance.schedule.occurrence ?? 'once', instance.schedule.dueLocal]),
  );
}
