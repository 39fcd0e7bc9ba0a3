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
