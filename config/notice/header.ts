/**
 * Header facts of a notice: title, document number (枣市监知保〔2022〕1号, 国办发〔2023〕12号,
 * with 〔〕, [], ()), issuing office, issue date (the date line at the foot of the notice, in any
 * written form), addressees (主送) and the period the plan covers.
 */
import type { Conventions } from './conventions';
import { findDates } from './dates';
import { parseYear } from './numbers';
import { closeGaps, type Sentence, splitLines } from './text';

export interface HeaderFact<T> {
  value: T;
  start: number;
  end: number;
  line: string;
  needsReview: boolean;
  note?: string;
}

export interface Header {
  title?: HeaderFact<string>;
  documentNumber?: HeaderFact<string>;
  issuer?: HeaderFact<string>;
  issuedOn?: HeaderFact<string>;
  period?: HeaderFact<{ start: string; end: string }>;
  /** The addressee line (主送), as written; the units module splits and resolves it. */
  addressees?: HeaderFact<string>;
  /** Where the covering notice ends when a plan follows it (the foot's date line). */
  noticeEnd?: number;
}

const documentNumberPattern = /[\u4e00-\u9fa5]{1,12}[〔[［(（【]\s*([12][0-9]{3})\s*[〕\]］)）】]\s*[0-9０-９]{1,4}\s*号/g;
const organisationEnd = /(局|厅|部|委|办|办公室|委员会|政府|院|中心|会|组|室|科|处)$/;

const fact = <T>(value: T, line: Sentence, needsReview = false, note?: string): HeaderFact<T> => ({
  value,
  start: line.start,
  end: line.end,
  line: line.text,
  needsReview,
  ...(note ? { note } : {}),
});

/** A masthead line before the addressees: an office, wide space, a date. */
function signedAbove(lines: Sentence[], addresseeIndex: number, conventions: Conventions): { line: Sentence; issuer: string; date: string } | undefined {
  for (const line of lines.slice(0, Math.max(0, addresseeIndex))) {
    const masthead = /^(\S{2,30}?)\s{2,}(\S+)$/.exec(line.text);
    const date = masthead && organisationEnd.test(masthead[1]!) ? dateLineValue({ ...line, text: masthead[2]! }, conventions) : undefined;
    if (masthead && date) return { line, issuer: masthead[1]!, date };
  }
  return undefined;
}

/** A line that is a date and nothing else (the foot of a notice); "2022年8月19" lacking its 日 too. */
function dateLineValue(line: Sentence, conventions: Conventions): string | undefined {
  const text = line.text.replace(/印发$/, '').replace(/^([0-9]{4}年[0-9]{1,2}月[0-9]{1,2})\s*$/, '$1日');
  const dates = findDates(text, { conventions });
  const only = dates[0];
  if (dates.length !== 1 || !only || only.reading.kind !== 'date' || only.reading.yearInferred) return undefined;
  return text.trim().length <= only.text.length + 2 ? only.reading.date : undefined;
}

/** Reads the header facts; everything found carries the line it came from. */
export function extractHeader(text: string, conventions: Conventions): Header {
  const lines = splitLines(text);
  const header: Header = {};
  // The addressee line ends with a colon; page metadata ("发布日期:… 来源:") does too, and is not one.
  const addresseeIndex = lines.findIndex(
    (line) => /[:：]$/.test(line.text) && line.text.length <= 120 && !/(如下|通知|联系|附件|要求)[:：]$/.test(line.text) && !/(发布|来源|日期|时间|浏览|索引|文号)/.test(line.text),
  );
  if (addresseeIndex >= 0) {
    const line = lines[addresseeIndex]!;
    header.addressees = fact(line.text.replace(/[:：]$/, ''), line);
  }

  const dateIndex = lines.findIndex((line, index) => index > Math.max(addresseeIndex, 0) && dateLineValue(line, conventions) !== undefined);
  if (dateIndex >= 0) {
    const line = lines[dateIndex]!;
    header.issuedOn = fact(dateLineValue(line, conventions)!, line);
    const signature = lines[dateIndex - 1];
    if (signature && organisationEnd.test(signature.text) && signature.text.length <= 30 && !/[，,。:：]/.test(signature.text)) {
      header.issuer = fact(signature.text, signature);
    }
    const rest = lines.slice(dateIndex + 1).filter((next) => !/^(\(|（)?(此件|联系人|附件)/.test(next.text));
    if (rest.length > 2) header.noticeEnd = line.end;
  } else if (signedAbove(lines, addresseeIndex, conventions)) {
    // "寿县人民政府督查室           2022年8月19": a bulletin's masthead names its issuer and date on one line.
    const { line, issuer, date } = signedAbove(lines, addresseeIndex, conventions)!;
    header.issuer = fact(issuer, line);
    header.issuedOn = fact(date, line, !/日$/.test(line.text), /日$/.test(line.text) ? undefined : '日期缺“日”字');
  } else {
    const published = lines.find((line) => /(发布时间|发文日期|成文日期)/.test(line.text) && findDates(line.text, { conventions }).some((date) => date.reading.kind === 'date'));
    const date = published && findDates(published.text, { conventions }).find((found) => found.reading.kind === 'date');
    if (published && date && date.reading.kind === 'date') header.issuedOn = fact(date.reading.date, published, true, '取自发布时间，非落款日期');
  }

  readTitle(lines, addresseeIndex, header);
  readDocumentNumber(lines, addresseeIndex, header);
  header.period = readPeriod(text, lines, header, conventions);
  return header;
}

function readTitle(lines: Sentence[], addresseeIndex: number, header: Header): void {
  const top = lines.slice(0, addresseeIndex >= 0 ? addresseeIndex : Math.min(lines.length, 8));
  const index = top.findIndex((line) => /(关于|转发)/.test(line.text));
  if (index >= 0) {
    // The issuing office may stand on the line above the title ("…办公室" / "关于印发…").
    const above = top[index - 1];
    const first = above && organisationEnd.test(above.text) && above.text.length <= 30 && !/文件$/.test(above.text) ? index - 1 : index;
    let joined = '';
    for (let next = first; next < Math.min(top.length, index + 4); next++) {
      joined = closeGaps(`${joined}${joined ? ' ' : ''}${top[next]!.text}`);
      const candidate = /(?:名\s*称[:：|\s]*)?([^|]*?(?:关于|转发)[^|]*(?:通知|意见|方案|决定|通报|函|计划|要点))/.exec(joined);
      if (!candidate) continue;
      const full = candidate[1]!.trim();
      const span = { ...top[first]!, end: top[next]!.end, text: full };
      const issuer = /^(.{2,30}?)(关于|转发)/.exec(full);
      if (issuer && !header.issuer) header.issuer = fact(issuer[1]!.trim(), span, true, '取自标题');
      const plan = /关于(?:印发|转发|下发)《?(.+?)》?的通知$/.exec(full);
      header.title = fact(plan ? plan[1]! : full, span);
      return;
    }
  }
  const named = lines.find((line) => /《(.+?)》[^《》]*(印发|转发)/.test(line.text));
  const plan = named && /《(.+?)》/.exec(named.text);
  if (named && plan) {
    // Only the name in 《》 is the title's source: the rest of the line is body text.
    const at = named.start + plan.index;
    header.title = fact(plan[1]!, { text: named.text, start: at, end: at + plan[0].length }, true, '取自正文中的方案名称');
  }
}

function readDocumentNumber(lines: Sentence[], addresseeIndex: number, header: Header): void {
  const candidates = lines.flatMap((line, index) =>
    [...line.text.matchAll(documentNumberPattern)].map((match) => ({ line, index, value: match[0].replace(/\s+/g, ''), at: match.index ?? 0 })),
  );
  const labelled = candidates.find((candidate) => /(文\s*号|发文字号)/.test(candidate.line.text.slice(0, candidate.at)));
  const alone = candidates.find((candidate) => candidate.line.text.replace(/\s+/g, '') === candidate.value);
  const headerPart = candidates.find(
    (candidate) => (addresseeIndex < 0 || candidate.index < addresseeIndex) && !/[(（《]\s*$/.test(candidate.line.text.slice(0, candidate.at)),
  );
  const chosen = labelled ?? alone ?? headerPart;
  if (chosen) header.documentNumber = fact(chosen.value, chosen.line, chosen === headerPart && chosen !== alone && chosen !== labelled);
}

/**
 * The period: a range in the title or the plan (2024—2026年), else "到2025年" targets, else the year
 * of issue when the notice speaks of that year. Always for the administrator to confirm.
 */
function readPeriod(text: string, lines: Sentence[], header: Header, conventions: Conventions): HeaderFact<{ start: string; end: string }> | undefined {
  const issuedOn = header.issuedOn?.value;
  const outsideCitations = text.replace(/《[^》]*》/g, (cited) => ' '.repeat(cited.length));
  const searchIn = [header.title?.value ?? '', outsideCitations];
  const startOf = (year: number) => (issuedOn && issuedOn.startsWith(String(year)) ? issuedOn : issuedOn && Number(issuedOn.slice(0, 4)) > year ? issuedOn : `${year}-01-01`);
  const line = (offset: number) => lines.find((candidate) => candidate.start <= offset && offset <= candidate.end) ?? lines[0]!;
  // A range in the title, or in parentheses as plans print it ("（2025—2027年）"); a range in the
  // running text ("对2020至2021年度…案件") is what the plan looks back on, not its period.
  const ranges = [
    { at: header.title?.start ?? 0, match: /([12][0-9]{3})\s*[—–\-~至到]+\s*([12][0-9]{3})\s*年/.exec(searchIn[0]!) },
    { at: -1, match: /[(（]\s*([12][0-9]{3})\s*[—–\-~至到]+\s*([12][0-9]{3})\s*年?\s*[)）]/.exec(outsideCitations) },
  ];
  for (const { at, match } of ranges) {
    if (!match) continue;
    const [first, last] = [Number(match[1]), Number(match[2])];
    if (last >= first && last - first <= 15) return fact({ start: startOf(first), end: `${last}-${conventions.yearEnd}` }, line(at >= 0 ? at : match.index), true, match[0]);
  }
  // "自2018年7月至2019年3月": a range of months.
  const months = /([12][0-9]{3})\s*年\s*([0-9]{1,2})\s*月\s*(?:[0-9]{1,2}\s*日)?\s*(?:至|到|—|－|-)\s*([12][0-9]{3})\s*年\s*([0-9]{1,2})\s*月/.exec(outsideCitations);
  if (months) {
    const [fromYear, fromMonth, toYear, toMonth] = [Number(months[1]), Number(months[2]), Number(months[3]), Number(months[4])];
    if (fromMonth >= 1 && fromMonth <= 12 && toMonth >= 1 && toMonth <= 12 && `${toYear}${toMonth}` >= `${fromYear}${fromMonth}`) {
      const end = new Date(Date.UTC(toYear, toMonth, 0)).getUTCDate();
      return fact({ start: `${fromYear}-${String(fromMonth).padStart(2, '0')}-01`, end: `${toYear}-${String(toMonth).padStart(2, '0')}-${end}` }, line(months.index), true, months[0]);
    }
  }
  const targets = [...outsideCitations.matchAll(/到\s*([12][0-9]{3})\s*年/g)];
  if (targets.length > 0 && issuedOn) {
    const last = Math.max(...targets.map((target) => Number(target[1])));
    const at = targets.find((target) => Number(target[1]) === last)!;
    return fact({ start: issuedOn, end: `${last}-${conventions.yearEnd}` }, line(at.index ?? 0), true, `到${last}年 → ${conventions.yearEnd}`);
  }
  if (!issuedOn) return undefined;
  const year = issuedOn.slice(0, 4);
  const dateLines = new Set([header.issuedOn?.line]);
  const mentionsYear = lines.some((candidate) => !dateLines.has(candidate.text) && !/(发布时间|发文日期|索\s*引\s*号|文\s*号)/.test(candidate.text) && [...candidate.text.matchAll(/([12][0-9]{3}|[〇○零一二三四五六七八九]{4})\s*年/g)].some((match) => String(parseYear(match[1]!)) === year));
  if (!mentionsYear) return undefined;
  const issued = header.issuedOn!;
  return fact({ start: issuedOn, end: `${year}-${conventions.yearEnd}` }, { text: issued.line, start: issued.start, end: issued.end }, true, `${year}年：自印发之日至年底`);
}
