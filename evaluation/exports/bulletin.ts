/**
 * The evaluation bulletin (考核结果通报) as DOCX in official-document layout, rendered by the same
 * GB/T 9704 code as the supervision notices (activities/documents.ts): the ranking, the units
 * praised, the units criticised with the reasons their scores show.
 */
import { renderOfficialNotice } from '../../activities/documents';
import { draftDocumentNumber } from '../../activities/notices';
import { rankName } from '../format';
import { localDate } from '../local-time';
import type { Evaluation } from '../score';

export function bulletinTitle(evaluation: Evaluation): string {
  return `关于${evaluation.campaign.title}${evaluation.period?.name ?? ''}${evaluation.isFinal ? '' : '阶段性'}考核结果的通报`;
}

export function bulletinParagraphs(evaluation: Evaluation): string[] {
  const { campaign, rules } = evaluation;
  const names = (units: Evaluation['units']) => units.map((unit) => unit.unit.name).join('、');
  const paragraphs = [
    `根据《${campaign.title}》（${campaign.documentNumber}）要求，${campaign.issuer}对各单位贯彻落实情况进行了${evaluation.isFinal ? '' : '阶段性'}绩效考核（基础分${rules.base}分，按时报送、逾期、退回修改、督办等情况计分）。现将考核结果通报如下：`,
    '一、考核排名',
    ...evaluation.units.map((unit) => `${rankName(unit)}：${unit.unit.name}，${unit.score}分。`),
    '二、表扬',
    evaluation.praised.length > 0 ? `${names(evaluation.praised)}工作扎实、报送及时，考核得分不低于${rules.praise.minScore}分，予以通报表扬。` : `本次考核无得分不低于${rules.praise.minScore}分的单位。`,
    '三、通报批评',
  ];
  if (evaluation.criticised.length === 0) {
    paragraphs.push(`本次考核无得分不高于${rules.criticism.maxScore}分的单位。`);
  } else {
    paragraphs.push(`${names(evaluation.criticised)}考核得分不高于${rules.criticism.maxScore}分，予以通报批评。主要扣分情况：`);
    for (const unit of evaluation.criticised) {
      const reasons = unit.lines.filter((line) => line.points < 0).map((line) => `${line.text}（${line.points}分）`);
      paragraphs.push(`${unit.unit.name}：${reasons.join('；')}。`);
    }
  }
  paragraphs.push(`受到表扬的单位要再接再厉；受到通报批评的单位要认真查找原因，切实抓好整改，并将整改情况书面报送${campaign.issuer}。`);
  return paragraphs;
}

/** Raised for a 发文字号 that is not of the form 机关代字〔年份〕序号号. */
export class BulletinNumberError extends Error {
  readonly code = 'BULLETIN_NUMBER';
}

/** 枣市监知保〔2023〕2号: an issuer's code, the year in 〔〕 and a number (GB/T 9704 §7.2.4). */
const documentNumberForm = /^\S+〔\d{4}〕[1-9]\d*号$/;

/** Checks a 发文字号 given for the bulletin; returns it, or throws a BulletinNumberError that says what was expected. */
export function checkedDocumentNumber(number: string): string {
  const trimmed = number.trim();
  if (!documentNumberForm.test(trimmed)) throw new BulletinNumberError(`发文字号应为“机关代字〔年份〕序号号”，如 枣市监知保〔2023〕2号，实际为 "${number}"`);
  return trimmed;
}

export interface BulletinOptions {
  /** The 发文字号 the office registered when it sealed the bulletin; without it the draft leaves the number blank (〔2022〕\u3000号). */
  documentNumber?: string;
}

export async function renderBulletin(evaluation: Evaluation, timeZone: string, options: BulletinOptions = {}): Promise<Buffer> {
  const { campaign } = evaluation;
  // An instant at the very end (00:00 after the last day) is dated on the last day.
  const date = localDate(new Date(Date.parse(evaluation.asOf) - 1).toISOString(), timeZone);
  return renderOfficialNotice({
    kind: 'criticism-bulletin',
    issuer: campaign.issuer,
    documentNumber: options.documentNumber ? checkedDocumentNumber(options.documentNumber) : draftDocumentNumber(campaign.documentNumber, 'bulletin', date.slice(0, 4)),
    title: bulletinTitle(evaluation),
    addressee: evaluation.units.map((unit) => unit.unit.name).join('、'),
    paragraphs: bulletinParagraphs(evaluation),
    signature: campaign.issuer,
    date,
  });
}
