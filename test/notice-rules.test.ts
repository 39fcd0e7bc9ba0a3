/**
 * The extractor's rules one by one, on sentences written the way notices write them: document
 * numbers, addressees against a directory, lead and cooperating units, counts, named days,
 * ongoing tasks. (The corpus suite measures them on whole notices.)
 */
import { extractDraft } from '../config/notice/draft';
import { parseRoleStatement } from '../config/notice/roles';
import type { Directory } from '../config/notice/units';

const directory: Directory = {
  units: [
    { id: 'city', name: '某市市场监督管理局', kind: 'bureau' },
    { id: 'ip-section', name: '知识产权保护科', kind: 'city-section', aliases: ['知保科'] },
    { id: 'a-district', name: '甲区市场监督管理局', kind: 'district' },
    { id: 'b-county', name: '乙县市场监督管理局', kind: 'district' },
    { id: 'zone', name: '高新区行政审批局', kind: 'zone' },
  ],
  groups: { districts: ['a-district', 'b-county', 'zone'] },
};
const notice = (body: string[], head = ['某市市场监督管理局文件', '某市监发〔2024〕7号', '关于印发某活动方案的通知', '各区（市）市场监管局、知保科，某某协会：']) =>
  [...head, ...body, '某市市场监督管理局', '2024年3月1日'].join('\n');

describe('header facts', () => {
  it.each([
    ['国办发〔2023〕12号', '国办发〔2023〕12号'],
    ['京政办发[2016]26号', '京政办发[2016]26号'],
    ['锡署发(2010)183号', '锡署发(2010)183号'],
    ['枣市监知保〔 2022 〕 1 号', '枣市监知保〔2022〕1号'],
  ])('reads the document number %s', (written, value) => {
    const draft = extractDraft(notice([], ['某市市场监督管理局文件', written, '关于印发某活动方案的通知', '各单位：']));
    expect(draft.documentNumber?.value).toBe(value);
  });

  it('does not take a cited document number for the notice own', () => {
    const draft = extractDraft(notice(['现将《通知》(粤管函〔2023〕77号,以下简称《通知》)转发给你们。'], ['关于转发有关通知的通知', '各单位：']));
    expect(draft.documentNumber).toBeUndefined();
  });

  it('reads title, issuer and issue date, each with the line it came from', () => {
    const text = notice([]);
    const draft = extractDraft(text);
    expect(draft.title?.value).toBe('某活动方案');
    expect(draft.issuer?.value.text).toBe('某市市场监督管理局');
    expect(draft.issuedOn).toMatchObject({ value: '2024-03-01', source: { sentence: '2024年3月1日' } });
    expect(text.slice(draft.issuedOn!.source.start, draft.issuedOn!.source.end)).toBe('2024年3月1日');
  });
});

describe('addressees against the unit directory', () => {
  it('resolves collective names to groups and aliases to units, and lists what it cannot match', () => {
    const draft = extractDraft(notice([]), { directory });
    expect(draft.addressees.map((item) => item.value)).toEqual([
      { text: '各区（市）市场监管局', groupId: 'districts' },
      { text: '知保科', unitId: 'ip-section' },
      { text: '某某协会' },
    ]);
    expect(draft.addressees[2]!.needsReview).toBe(true);
    expect(draft.unresolvedUnits).toEqual(['某某协会']);
  });
});

describe('lead and cooperating units', () => {
  it.each([
    ['市发改委牵头，市财政局、市统计局配合', ['市发改委'], ['市财政局', '市统计局']],
    ['由市发改委、市财政局、市统计局负责', ['市发改委', '市财政局', '市统计局'], []],
    ['市政府办公室牵头，市级各有关部门、各县市区政府按职责分工负责', ['市政府办公室'], ['市级各有关部门', '各县市区政府']],
    ['发展改革委会同财政部、农业部负责落实', ['发展改革委'], ['财政部', '农业部']],
    ['牵头单位：区发改局；责任单位：开发区，各街道', ['区发改局'], ['开发区', '各街道']],
  ])('%s', (statement, assignees, cooperating) => expect(parseRoleStatement(statement)).toEqual({ assignees, cooperating }));

  it('keeps the lead first on the obligation, from the role parenthesis of its sentence', () => {
    const draft = extractDraft(notice(['一、2024年10月底前编制完成事项清单。（市政府办公室牵头，市财政局、市统计局配合）']));
    expect(draft.obligations[0]).toMatchObject({ deadline: { kind: 'date', date: '2024-10-31' }, measure: '一' });
    expect(draft.obligations[0]!.assignees.map((unit) => unit.text)).toEqual(['市政府办公室']);
    expect(draft.obligations[0]!.cooperating.map((unit) => unit.text)).toEqual(['市财政局', '市统计局']);
  });
});

describe('counts, named days and ongoing tasks', () => {
  const draft = extractDraft(
    notice([
      '一、各区（市）局每年组织开展不少于3场专题培训。',
      '二、市局至少召开1次推进会。',
      '三、各区（市）局要利用“3·15”国际消费者权益日开展集中宣传。',
      '四、各区（市）局要长期坚持执法协作。',
      '五、各区（市）局要常态化开展商标印制检查。',
    ]),
    { directory },
  );
  const at = (measure: string) => draft.obligations.filter((obligation) => obligation.measure === measure);

  it('reads 每年…不少于3场 as a count per year and 至少1次 as a count with a minimum', () => {
    expect(at('一').map((obligation) => obligation.deadline)).toEqual([{ kind: 'count', min: 3, perPeriod: 'year' }]);
    expect(at('二').map((obligation) => [obligation.deadline, obligation.assignees[0]?.isIssuer])).toEqual([[{ kind: 'count', min: 1 }, true]]);
  });

  it('reads 3·15 as an event of the year and the work around it as recurring on it', () => {
    expect(draft.events.map((event) => event.value)).toEqual([{ name: '3·15国际消费者权益日', date: '2024-03-15' }]);
    expect(at('三').map((obligation) => obligation.deadline)).toEqual([{ kind: 'events', events: ['3·15国际消费者权益日'] }]);
  });

  it('reads 长期坚持 and 常态化开展 as ongoing tasks with quarterly progress, saying why', () => {
    for (const measure of ['四', '五']) {
      expect(at(measure)).toHaveLength(1);
      expect(at(measure)[0]).toMatchObject({ kind: 'ongoing', deadline: { kind: 'ongoing', progress: 'quarter' }, needsReview: true });
      expect(at(measure)[0]!.assignees[0]).toMatchObject({ groupId: 'districts' });
    }
  });
});
