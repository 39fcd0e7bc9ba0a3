/**
 * The seed plan (枣市监知保〔2022〕1号) as a campaign definition: it validates, every numbered
 * measure of the seed text is served by an obligation, and its year-long timeline is fixed by a
 * golden file. Regenerate the golden file after a reviewed change with:
 *   UPDATE_GOLDEN=1 npx jest test/seed-plan.test.ts
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCampaignCli } from '../cli/campaign';
import { loadCampaign } from '../config/definition/load';
import { renderMessage } from '../activities/messages';
import { requiredMessageKinds } from '../config/definition/templates';

const projectDir = path.resolve(__dirname, '..');
const seedFile = 'config/campaigns/zaozhuang-2022-ip-protection.yaml';
/** The seed notice, byte for byte, kept next to the definition that encodes it. */
const seedText = path.join(projectDir, 'config/campaigns/zaozhuang-2022-ip-protection.source.txt');
const golden = path.join(__dirname, 'golden/zaozhuang-2022-ip-protection.plan.txt');

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCampaignCli(argv, { cwd: projectDir, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { code, stdout, stderr };
}

/** The seed's numbered measures, read from the seed itself: 二(三)五 is 二、(三) 五是…; 三(二) has no items. */
function seedMeasures(text: string): string[] {
  const measures: string[] = [];
  let section = '';
  let subsection = '';
  let hasItems = false;
  const closeSubsection = () => {
    if (section === '三' && subsection && !hasItems) measures.push(`三(${subsection})`);
  };
  for (const line of text.split('\n').map((raw) => raw.trim())) {
    const sectionMatch = /^([一二三四])、/.exec(line);
    const subsectionMatch = /^[（(]\s*([一二三四五六七八九十])\s*[）)]/.exec(line);
    const itemMatch = /^([一二三四五六七八九十]+)是/.exec(line);
    if (sectionMatch) {
      closeSubsection();
      section = sectionMatch[1]!;
      subsection = '';
    } else if (subsectionMatch && (section === '二' || section === '三')) {
      closeSubsection();
      subsection = subsectionMatch[1]!;
      hasItems = false;
    } else if (itemMatch && section === '二' && subsection) {
      measures.push(`二(${subsection})${itemMatch[1]}`);
      hasItems = true;
    } else if (itemMatch && section === '三') {
      hasItems = true;
    }
  }
  closeSubsection();
  return measures;
}

describe('the seed campaign definition', () => {
  it('keeps the seed notice in the repository, byte for byte as issued', () => {
    const copy = readFileSync(seedText);
    expect(copy.toString('utf8')).toContain('枣市监知保〔2022〕1号');
    // Where the shared seed folder exists (the project's machines), the copy must be identical to it.
    const shared = path.resolve(projectDir, '../shared/seed/000_2118692653dc4786.txt');
    if (existsSync(shared)) expect(copy.equals(readFileSync(shared))).toBe(true);
  });

  it('validates', async () => {
    const { code, stdout, stderr } = await cli('validate', seedFile);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^config\/campaigns\/zaozhuang-2022-ip-protection\.yaml: valid \(\d+ obligation instances, \d+ deadlines\)\n$/);
  });

  it('serves every numbered measure of the seed, and the notice’s two reporting deadlines', async () => {
    const measures = seedMeasures(readFileSync(seedText, 'utf8'));
    // The reading of the seed itself must find its 3 + 3 + 10 items and 3 requirements.
    expect(measures).toHaveLength(19);
    const { definition } = loadCampaign(seedFile, { cwd: projectDir });
    const referenced = new Set(definition.obligations.flatMap((obligation) => (Array.isArray(obligation.measure) ? obligation.measure : [obligation.measure])));
    expect(measures.filter((measure) => !referenced.has(measure))).toEqual([]);
    expect(referenced.has('通知')).toBe(true);
  });

  it('asks every district for its implementation measures by 2022-04-15 and its work summary by 2022-11-11', async () => {
    const { plan } = loadCampaign(seedFile, { cwd: projectDir });
    const dueOf = (obligationId: string) =>
      plan.instances.filter((instance) => instance.schedule.obligationId === obligationId).map((instance) => [instance.unitName, instance.schedule.dueLocal]);
    const districts = ['市中区市场监督管理局', '薛城区市场监督管理局', '峄城区市场监督管理局', '台儿庄区市场监督管理局', '山亭区市场监督管理局', '滕州市市场监督管理局', '枣庄高新区行政审批局'];
    expect(dueOf('implementation-measures')).toEqual(districts.map((name) => [name, '2022-04-15 17:30']));
    expect(dueOf('work-summary')).toEqual(districts.map((name) => [name, '2022-11-11 17:30']));
    const measures = plan.instances.find((instance) => instance.schedule.obligationId === 'implementation-measures')!;
    // 10, 3 and 1 working days before Friday 2022-04-15, across 清明 and the make-up Saturday 04-02.
    expect(measures.schedule.reminders.map((step) => step.local)).toEqual(['2022-03-31 09:00', '2022-04-12 09:00', '2022-04-14 09:00']);
  });

  it('prints the whole year as in the reviewed golden file', async () => {
    const { code, stdout } = await cli('plan', seedFile);
    expect(code).toBe(0);
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(golden, stdout);
    expect(existsSync(golden)).toBe(true);
    expect(stdout).toBe(readFileSync(golden, 'utf8'));
  });

  describe('message templates', () => {
    const { definition } = loadCampaign(seedFile, { cwd: projectDir });
    /** The words a reader sees: tags dropped, entities decoded, line breaks and spaces ignored. */
    const wordsOf = (html: string) => html.replace(/<[^>]*>/g, '').replace(/&#(\d+);/g, (_all, code: string) => String.fromCharCode(Number(code))).replace(/\s+/g, '');

    it.each(requiredMessageKinds.map((kind) => [kind]))('%s has an HTML part with the wording of its text', (kind) => {
      const template = definition.messages[kind]!;
      expect(template.html).toMatch(/^<p[ >]/);
      // The link is written twice in the HTML (href and text) and shown once.
      expect(wordsOf(template.html!)).toBe(template.text.replace(/\s+/g, ''));
    });

    it('escapes the values in the HTML part, not in the text', () => {
      const rendered = renderMessage({
        kind: 'reminder',
        eventKey: 'zaozhuang/test/reminder',
        to: ['unit@example.gov.cn'],
        label: '截止前3个工作日',
        template: definition.messages.reminder!,
        link: 'https://example.gov.cn/u?a=1&b="2"',
        dueAt: '2022-04-15T09:30:00.000Z',
        campaign: { id: 'zaozhuang', title: '方案<b>', documentNumber: '枣市监知保〔2022〕1号' },
        unit: { id: 'test', name: '<script>alert(1)</script>局' },
        obligation: { id: 'measures', title: '落实措施 & 实施方案' },
      });
      expect(rendered.text).toContain('<script>alert(1)</script>局：');
      expect(rendered.html).toContain('<p>&#60;script&#62;alert(1)&#60;/script&#62;局：</p>');
      expect(rendered.html).toContain('<a href="https://example.gov.cn/u?a=1&#38;b=&#34;2&#34;">');
      expect(rendered.html).toContain('《方案&#60;b&#62;》');
      expect(rendered.html).not.toMatch(/<script|<b>|& /);
      expect(wordsOf(rendered.html)).toBe(rendered.text.replace(/\s+/g, ''));
    });
  });
});
