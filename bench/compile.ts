/**
 * `npm run bench -- compile [--units 3000] [--obligations 30] [--runs 5] [--shape multi-year] [--write FILE]`: how long a large
 * definition takes to load (YAML → zod → checks) and to compile into a plan, side by side with
 * a baseline that only touches the same data once (structuredClone of the definition and
 * JSON.stringify of the plan). Reports medians and the ratios, since these machines are noisy.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { compilePlan } from '../config/compile';
import { loadCampaign } from '../config/definition/load';
import { definitionSchema } from '../config/definition/schema';
import { validateDefinition } from '../config/definition/validate';
import { requiredMessageKinds } from '../config/definition/templates';
import { syntheticMultiYearDefinition } from './multi-year';

/**
 * A national-scale definition: `unitCount` districts, `obligationCount` obligations each. With
 * `recurring` (the compile benchmark), every sixth obligation recurs quarterly and every sixth
 * before five events, so instances outnumber units × obligations; without it (fan-out), every
 * obligation is one dated submission and the plan has exactly units × obligations instances.
 */
export function syntheticDefinition(unitCount: number, obligationCount: number, options: { recurring?: boolean } = {}): Record<string, unknown> {
  const recurring = options.recurring ?? true;
  const units = Array.from({ length: unitCount }, (_, index) => ({
    id: `unit-${index}`,
    name: `第${index}单位`,
    kind: 'district',
    contacts: [{ name: '联络员', email: `unit-${index}@example.gov.cn` }],
  }));
  const events = ['2022-04-26', '2022-05-10', '2022-06-18', '2022-09-10', '2022-10-16'].map((date, index) => ({ id: `event-${index}`, name: `节点${index}`, date }));
  const obligations = Array.from({ length: obligationCount }, (_, index) => {
    const common = { id: `obligation-${index}`, title: `任务${index}`, measure: `二(三)${index}`, assignees: ['all'] };
    if (recurring && index % 6 === 4) return { ...common, kind: 'recurring', recurrence: { every: 'quarter' } };
    if (recurring && index % 6 === 5) return { ...common, kind: 'recurring', recurrence: { events: events.map((event) => event.id) }, due: { from: 'each-event', workingDays: -3 } };
    if (index % 3 === 1 && index > 0) return { ...common, kind: 'submission', due: { from: `obligation.obligation-${index - 1}`, workingDays: 10 } };
    return { ...common, kind: 'submission', due: { date: `2022-${String(4 + (index % 8)).padStart(2, '0')}-15` } };
  });
  return {
    campaign: {
      id: 'national', title: '全国活动', documentNumber: '国〔2022〕1号', issuer: 'unit-0', issuedOn: '2022-03-25',
      period: { start: '2022-03-25', end: '2022-12-31' }, reportsTo: 'unit-0',
    },
    units,
    groups: { all: units.map((unit) => unit.id) },
    calendar: { events },
    defaults: { reminders: { before: [{ workingDays: 10 }, { workingDays: 3 }, { workingDays: 1 }] } },
    escalation: {
      levels: ['overdue-notice', 'escalated', 'supervision-notice', 'interview-notice', 'criticism-bulletin'].map((message, index) => ({
        id: `level-${index + 1}`, name: `第${index + 1}级`, after: { workingDays: [1, 3, 5, 10, 15][index] }, message,
      })),
    },
    evaluation: {
      weights: { perWorkingDayLate: -1, returnedForRevision: -2, perEscalationLevel: -3, missing: -10, countTargetMissed: -5 },
      praise: { minScore: 95 }, criticism: { maxScore: 70 },
    },
    messages: Object.fromEntries(requiredMessageKinds.map((kind) => [kind, { subject: `{{obligation}} ${kind}`, text: '{{unit}}' }])),
    obligations,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function time<T>(run: () => T): [T, number] {
  const started = process.hrtime.bigint();
  const result = run();
  return [result, Number(process.hrtime.bigint() - started) / 1e6];
}

export function benchCompile(argv: string[]): void {
  const { values } = parseArgs({
    args: argv,
    options: { units: { type: 'string', default: '3000' }, obligations: { type: 'string', default: '30' }, runs: { type: 'string', default: '5' }, shape: { type: 'string', default: 'national' }, write: { type: 'string' } },
  });
  const unitCount = Number(values.units);
  const runs = Number(values.runs);
  // `--shape multi-year`: five years of a province's units with the constructs of real plans (./multi-year.ts).
  const isMultiYear = values.shape === 'multi-year';
  const raw = isMultiYear ? syntheticMultiYearDefinition(unitCount) : syntheticDefinition(unitCount, Number(values.obligations));
  const obligationCount = (raw.obligations as unknown[]).length;
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-compile-'));
  const file = path.join(dir, 'national.yaml');
  writeFileSync(file, stringify(raw));
  // `--write FILE`: keep the definition, to time `validate` and `plan` on it.
  if (values.write) writeFileSync(values.write, stringify(raw));

  const samples: Record<'baselineClone' | 'schema' | 'checks' | 'compile' | 'baselineStringify' | 'loadEndToEnd', number[]> = { baselineClone: [], schema: [], checks: [], compile: [], baselineStringify: [], loadEndToEnd: [] };
  let instances = 0;
  let steps = 0;
  for (let run = 0; run < runs; run += 1) {
    process.stderr.write(`\rrun ${run + 1}/${runs} …`);
    samples.baselineClone.push(time(() => structuredClone(raw))[1]);
    const [parsed, schemaMs] = time(() => definitionSchema.parse(raw));
    samples.schema.push(schemaMs);
    samples.checks.push(time(() => validateDefinition(parsed))[1]);
    const [{ plan, issues }, compileMs] = time(() => compilePlan(parsed));
    if (issues.length > 0) throw new Error(`the synthetic definition is invalid: ${JSON.stringify(issues[0])}`);
    samples.compile.push(compileMs);
    samples.baselineStringify.push(time(() => JSON.stringify(plan))[1]);
    samples.loadEndToEnd.push(time(() => loadCampaign(file))[1]);
    instances = plan.instances.length;
    steps = plan.schedules.reduce((sum, schedule) => sum + schedule.reminders.length + schedule.escalations.length + 1, 0);
  }
  process.stderr.write('\n');
  rmSync(dir, { recursive: true, force: true });

  const m = Object.fromEntries(Object.entries(samples).map(([name, list]) => [name, median(list)])) as Record<keyof typeof samples, number>;
  const rows: [string, number, string][] = [
    ['baseline: structuredClone(definition)', m.baselineClone, ''],
    ['zod schema', m.schema, `${(m.schema / m.baselineClone).toFixed(1)}× baseline`],
    ['semantic checks', m.checks, `${(m.checks / m.baselineClone).toFixed(2)}× baseline`],
    ['compilePlan', m.compile, `${(m.compile / m.baselineClone).toFixed(1)}× baseline`],
    ['baseline: JSON.stringify(plan)', m.baselineStringify, `compile = ${(m.compile / m.baselineStringify).toFixed(2)}× stringify`],
    ['loadCampaign (YAML file → plan)', m.loadEndToEnd, ''],
  ];
  console.log(`compile: ${unitCount} units × ${obligationCount} obligations → ${instances} instances, ${steps} dated steps in shared schedules; median of ${runs} runs`);
  console.log('| step | median ms | ratio |\n|---|---:|---|');
  for (const [name, ms, ratio] of rows) console.log(`| ${name} | ${ms.toFixed(1)} | ${ratio} |`);
}
