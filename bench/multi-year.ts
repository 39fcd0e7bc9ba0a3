/**
 * A multi-year definition at the scale of a province: `unitCount` units, one county for every 30
 * (its towns its children), five city departments, a five-year period reaching the provisional
 * years (2027 on), and the constructs of real plans: yearly, half-yearly, quarterly, monthly and
 * weekly rhythms, a lead with cooperating units, a per-year count with a cumulative target, an
 * ongoing task with quarterly progress reports and one folded into the annual summary, events with
 * a time and place. For `npm run bench -- --scenario compile --shape multi-year`.
 */
import { requiredMessageKinds } from '../config/definition/templates';

export function syntheticMultiYearDefinition(unitCount: number): Record<string, unknown> {
  const departments = ['emergency', 'development', 'housing', 'transport', 'finance'].map((id, index) => ({ id, name: `市部门${index}`, kind: 'department', order: index + 1 }));
  const countyCount = Math.max(1, Math.floor(unitCount / 30));
  const units: Record<string, unknown>[] = [{ id: 'office', name: '市办公室', kind: 'department', order: 0, contacts: [{ name: '综合科', email: 'office@example.gov.cn' }] }, ...departments];
  for (let county = 0; units.length < unitCount; county += 1) {
    units.push({ id: `county-${county}`, name: `第${county}县`, kind: 'county', contacts: [{ name: '联络员', email: `county-${county}@example.gov.cn` }] });
    for (let town = 0; town < 29 && units.length < unitCount; town += 1) {
      units.push({ id: `town-${county}-${town}`, name: `第${county}县第${town}镇`, kind: 'town', parent: `county-${county}`, contacts: [{ name: '联络员', email: `town-${county}-${town}@example.gov.cn` }] });
    }
  }
  const counties = Array.from({ length: countyCount }, (_, index) => `county-${index}`).filter((id) => units.some((unit) => unit.id === id));
  const base = (id: string, title: string) => ({ id, title, measure: '三(一)' });
  return {
    campaign: { id: 'province-five-years', title: '五年行动方案', documentNumber: '省〔2024〕1号', issuer: 'office', issuedOn: '2024-01-15', period: { start: '2024-01-15', end: '2028-12-31' }, reportsTo: 'office' },
    unitKinds: { county: '县', town: '镇', department: '省直部门' },
    units,
    groups: { counties, departments: departments.map((unit) => unit.id), towns: counties.map((county) => `children-of:${county}`) },
    calendar: {
      events: [
        { id: 'safety-month', name: '安全生产月', start: '2024-06-01', end: '2024-06-30' },
        { id: 'consultation-day', name: '安全宣传咨询日', date: '2024-06-16', time: '09:30', endTime: '11:30', place: '市民广场' },
      ],
    },
    defaults: { reminders: { before: [{ workingDays: 10 }, { workingDays: 3 }, { workingDays: 1 }] } },
    escalation: {
      levels: ['overdue-notice', 'escalated', 'supervision-notice'].map((message, index) => ({ id: `level-${index + 1}`, name: `第${index + 1}级`, after: { workingDays: [1, 3, 5][index] }, message })),
    },
    evaluation: {
      weights: { perWorkingDayLate: -1, returnedForRevision: -2, perEscalationLevel: -3, missing: -10, countTargetMissed: -5, contributionMissing: -4, cumulativeTargetMissed: -8 },
      praise: { minScore: 95 },
      criticism: { maxScore: 70 },
    },
    messages: Object.fromEntries(requiredMessageKinds.map((kind) => [kind, { subject: `{{obligation}} ${kind}`, text: '{{unit}}' }])),
    obligations: [
      { ...base('work-plan', '实施方案'), assignees: ['counties', 'departments'], kind: 'submission', due: { date: '2024-03-15' } },
      { ...base('annual-summary', '年度工作总结'), lead: 'emergency', cooperating: ['development', 'housing', 'transport', 'finance'], kind: 'recurring', recurrence: { every: 'year', on: '12-10' } },
      { ...base('half-year', '阶段性工作总结'), assignees: ['counties'], kind: 'recurring', recurrence: { every: 'half-year', on: ['06-25', '12-20'] } },
      { ...base('quarterly', '工作进展情况'), assignees: ['counties', 'departments'], kind: 'recurring', recurrence: { every: 'quarter', workingDaysAfter: 5 } },
      { ...base('monthly', '隐患排查治理月报'), assignees: ['towns'], kind: 'recurring', recurrence: { every: 'month', on: 25 } },
      { ...base('weekly', '安全生产月周报'), assignees: ['counties'], kind: 'recurring', recurrence: { every: 'week', on: 'thursday', from: '2024-06-01', until: '2024-06-30' } },
      { ...base('sites', '示范企业创建'), assignees: ['counties'], kind: 'count', min: 2, perPeriod: 'year', cumulative: { min: 10 } },
      { ...base('hazards', '重大事故隐患排查整治'), lead: 'emergency', cooperating: ['housing', 'transport'], kind: 'ongoing', progress: { every: 'quarter', workingDaysAfter: 10 } },
      { ...base('culture', '安全文化建设'), assignees: ['departments'], kind: 'ongoing', progress: { in: 'annual-summary' } },
    ],
  };
}
