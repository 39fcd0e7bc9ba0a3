/**
 * draftToDefinition: the seed's draft becomes a definition that validates (loadCampaign) once
 * its 待确认 questions are answered; lines that came from the text quote their sentence; the
 * extended language's shapes appear where a notice asks for them.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, parseDocument } from 'yaml';
import { loadCampaign } from '../config/definition/load';
import { draftToDefinition, placeholder } from '../config/notice/definition';
import { extractDraft } from '../config/notice/draft';
import { directoryFrom } from '../config/notice/units';

const root = path.resolve(__dirname, '..');
const directory = directoryFrom(parse(readFileSync(path.join(root, 'config/shared/zaozhuang-units.yaml'), 'utf8')));
const seed = readFileSync(path.join(root, 'config/campaigns/zaozhuang-2022-ip-protection.source.txt'), 'utf8');
const messages = path.join(root, 'config/shared/messages-zh.yaml');
let folder: string;
beforeAll(() => (folder = mkdtempSync(path.join(tmpdir(), 'notice-definition-'))));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('the seed notice as a draft definition', () => {
  const draft = extractDraft(seed, { directory });
  const { yaml, unresolved } = draftToDefinition(draft, { directory, language: 'current', include: [messages] });

  it('validates once every 待确认 is answered with its suggestion', () => {
    const document = parseDocument(yaml);
    expect(document.errors).toEqual([]);
    expect(yaml).toContain(`due: { date: ${placeholder} }`);
    for (const question of unresolved) {
      expect(document.hasIn(question.path) || document.hasIn(question.path.slice(0, -1))).toBe(true);
      expect(question.suggestion).toBeDefined();
      document.setIn(question.path, document.createNode(question.suggestion));
    }
    const file = path.join(folder, 'seed-draft.yaml');
    writeFileSync(file, document.toString());
    const { definition, plan } = loadCampaign(file);
    expect(definition.campaign).toMatchObject({ documentNumber: '枣市监知保〔2022〕1号', issuer: 'zaozhuang-amr', reportsTo: 'ip-protection-section', issuedOn: '2022-03-25' });
    expect(definition.obligations.map((obligation) => [obligation.title, obligation.kind])).toEqual(
      expect.arrayContaining([['落实措施', 'submission'], ['工作总结', 'submission'], ['全市知识产权行政保护业务培训会', 'count']]),
    );
    const due = plan.instances.filter((instance) => instance.unitId === 'tengzhou').map((instance) => instance.schedule.dueDate);
    expect(due).toEqual(expect.arrayContaining(['2022-04-15', '2022-11-11']));
  });

  it('does not validate before the administrator has answered', () => {
    const file = path.join(folder, 'seed-unanswered.yaml');
    writeFileSync(file, yaml);
    expect(() => loadCampaign(file)).toThrow(/待确认/);
  });

  it('quotes the source sentence on every obligation and every campaign fact from the text', () => {
    const lines = yaml.split('\n');
    for (const line of lines.filter((candidate) => /^\s+- id: obligation-/.test(candidate))) expect(line).toMatch(/# 「.+」$/);
    expect(lines.find((line) => line.startsWith('  documentNumber:'))).toBe('  documentNumber: 枣市监知保〔2022〕1号  # 「枣市监知保〔2022〕1号」');
    expect(lines.find((line) => /id: world-ip-day/.test(line))).toMatch(/date: 2022-04-26 } {2}# 「利用“4·26世界知识产权日”/);
    expect(lines.filter((line) => line.includes('# 待确认：')).length).toBeGreaterThanOrEqual(unresolved.length - 2);
    expect(yaml).toMatch(/recurrence: \{ events: \[may-day, mid-autumn, national-day\] \} {2}# 春节（2022-02-01）在活动期限外，未列入/);
  });
});

describe('the extended language', () => {
  const notice = [
    '各县（市、区）市场监管局：',
    '一、各县（市、区）每年新建2家知识产权工作站，到2025年累计不少于6家。',
    '二、各县（市、区）于每年12月10日前报送年度工作总结，每季度结束后5个工作日内报送季度进展，每周四报送周报。',
    '三、各县（市、区）要持续推进商标品牌指导站建设。',
    '四、各县（市、区）每半年报送一次阶段性工作总结。',
    'XX市市场监督管理局',
    '2023年3月1日',
  ].join('\n');
  const { yaml, unresolved } = draftToDefinition(extractDraft(notice));

  it('writes yearly, weekly and half-yearly recurrences, ongoing tasks and cumulative counts', () => {
    expect(yaml).toContain('recurrence: { every: year, on: 12-10 }');
    expect(yaml).toContain('recurrence: { every: quarter, workingDaysAfter: 5 }');
    expect(yaml).toContain('recurrence: { every: week, on: 4 }');
    expect(yaml).toMatch(/recurrence: \{ every: half-year, workingDaysAfter: 5 \} {2}# 待确认：报送日未写明，按约定为每期结束后5个工作日/);
    expect(yaml).toMatch(/kind: ongoing\n\s+progress: \{ every: quarter \}/);
    expect(yaml).toMatch(/kind: count\n\s+min: 2\n\s+perPeriod: year\n\s+cumulative: \{ min: 6, by: 2025-12-31 \}/);
  });

  it('makes units of the names it met when no directory is given, and asks about them', () => {
    expect(yaml).toContain('# 单位与单位组：取自单位名录（未提供名录：由通知中的名称生成，类别待确认）');
    expect(yaml).toMatch(/- \{ id: unit-\d+, name: 各县（市、区）市场监管局, kind: district \}/);
    expect(unresolved.map((question) => question.path.join('.'))).toEqual(expect.arrayContaining(['campaign.period', 'campaign.reportsTo']));
  });
});

describe('lead and cooperating units, equal owners', () => {
  // 牵头/配合 and 由…负责 as notices write them, against a small directory of the agencies named.
  const agencies = directoryFrom({
    units: [
      { id: 'city-office', name: '市政府办公室', kind: 'city-section', contacts: [{ name: '秘书科', email: 'office@example.gov.cn' }] },
      { id: 'finance', name: '市财政局', kind: 'bureau', contacts: [{ name: '办公室', email: 'finance@example.gov.cn' }] },
      { id: 'statistics', name: '市统计局', kind: 'bureau', contacts: [{ name: '办公室', email: 'statistics@example.gov.cn' }] },
    ],
  });
  const notice = [
    '关于做好事项清单编制工作的通知',
    '市财政局、市统计局：',
    '一、2024年10月31日前编制完成事项清单。（市政府办公室牵头，市财政局、市统计局配合）',
    '二、2024年11月29日前报送统计分析报告。（由市统计局、市财政局负责）',
    '市政府办公室',
    '2024年9月2日',
  ].join('\n');
  const { yaml, unresolved } = draftToDefinition(extractDraft(notice, { directory: agencies }), { directory: agencies, include: [messages] });
  const obligations = yaml.slice(yaml.indexOf('obligations:'));

  it('writes "A牵头，B、C配合" as lead and cooperating units, and asks how long before the lead the parts are due', () => {
    expect(obligations).toMatch(/lead: city-office\n\s+cooperating: \[finance, statistics\]\n\s+contribution: \{ workingDaysBefore: 5 \} {2}# 待确认：配合单位报送各自部分的期限/);
    expect(unresolved.map((question) => question.path.join('.'))).toContain('obligations.0.contribution');
  });

  it('writes "由A、B负责" as equal owners, in the document’s order', () => {
    expect(obligations).toMatch(/assignees: \[statistics, finance\]\n\s+kind: submission\n\s+due: \{ date: 2024-11-29 \}/);
    expect(obligations.match(/lead:/g)).toHaveLength(1);
  });

  it('gives each cooperating unit its own part once answered, the lead owning the obligation', () => {
    const document = parseDocument(yaml);
    for (const question of unresolved) document.setIn(question.path, document.createNode(question.suggestion));
    const file = path.join(folder, 'lead-draft.yaml');
    writeFileSync(file, document.toString());
    const { plan } = loadCampaign(file);
    const list = plan.instances.filter((instance) => instance.schedule.obligationId.startsWith('obligation-1'));
    // Five working days before Thursday 2024-10-31: Thursday 10-24.
    expect(list.map((instance) => [instance.unitName, Boolean(instance.schedule.contribution), instance.schedule.dueDate])).toEqual([
      ['市财政局', true, '2024-10-24'],
      ['市统计局', true, '2024-10-24'],
      ['市政府办公室', false, '2024-10-31'],
    ]);
    expect(list[2]!.contributors?.map((unit) => unit.unitName)).toEqual(['市财政局', '市统计局']);
    expect(list[0]!.schedule.title).toBe(`${list[2]!.schedule.title}（配合）`);
    const owners = plan.instances.filter((instance) => instance.schedule.obligationId === 'obligation-2');
    expect(owners.map((instance) => instance.unitName)).toEqual(['市统计局', '市财政局']);
    expect(owners.every((instance) => !instance.schedule.contribution && !instance.contributors)).toBe(true);
  });
});
