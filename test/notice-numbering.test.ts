/**
 * The measure tree: 一、 （一） 1. （1） ① and the inline 一是 items, each measure with the
 * reference the definitions use (二(三)五), the covering notice's own numbering under 通知.
 */
import { allMeasures, buildMeasureTree, measureAt, referenceAt } from '../config/notice/numbering';

const plan = [
  '一、总体要求',
  '以习近平新时代中国特色社会主义思想为指导。',
  '二、工作措施',
  '(一) 以会代训，“三会”并举',
  '一是组织召开业务培训会。市局适时组织开展培训会 1-2 次。',
  '二是组织召开案件研讨会。',
  '（二）固本强基',
  '1.推进评价体系建设。',
  '（1）做好满意度调查。',
  '①按季度汇总。',
  '2.完善标准政策体系。',
  '三、工作要求',
  '（三）做好信息报送。各区（市）局要建立信息报送制度。',
].join('\n');

describe('the measure tree', () => {
  const tree = buildMeasureTree(plan);
  const references = allMeasures(tree).map((measure) => measure.reference);

  it('gives every heading its reference, as the seed definition cites measures', () => {
    expect(references).toEqual(['一', '二', '二(一)', '二(一)一', '二(一)二', '二(二)', '二(二)1', '二(二)1(1)', '二(二)1(1)①', '二(二)2', '三', '三(三)']);
  });

  it('keeps each heading title up to its first full stop', () => {
    expect(allMeasures(tree).find((measure) => measure.reference === '二(一)一')?.title).toBe('组织召开业务培训会');
  });

  it('finds the innermost measure of any offset', () => {
    expect(referenceAt(tree, plan.indexOf('1-2 次'))).toBe('二(一)一');
    expect(referenceAt(tree, plan.indexOf('各区（市）局要建立'))).toBe('三(三)');
    expect(measureAt(tree, plan.indexOf('按季度汇总'))?.level).toBe(5);
  });

  it('ends a section where the next one of its level or above begins', () => {
    const first = allMeasures(tree).find((measure) => measure.reference === '二(一)')!;
    expect(plan.slice(first.start, first.end)).toBe('(一) 以会代训，“三会”并举\n一是组织召开业务培训会。市局适时组织开展培训会 1-2 次。\n二是组织召开案件研讨会。\n');
  });

  it('numbers the covering notice apart from the plan that follows it', () => {
    const notice = '各单位：\n一、请于4月15日前报送工作方案。\n二、每季度报送进展。\nXX局\n2023年1月3日\n方案\n一、主要目标\n（一）地区生产总值增长7%以上';
    const noticeEnd = notice.indexOf('2023年1月3日') + '2023年1月3日'.length;
    const split = buildMeasureTree(notice, noticeEnd);
    expect(allMeasures(split).map((measure) => measure.reference)).toEqual(['通知一', '通知二', '一', '一(一)']);
    expect(referenceAt(split, notice.indexOf('请于'))).toBe('通知一');
    expect(referenceAt(split, notice.indexOf('地区生产总值'))).toBe('一(一)');
  });
});
