/**
 * Where a notice's title (标题, 2号 方正小标宋) breaks. GB/T 9704 §7.3.3: a title of several lines
 * breaks where the meaning allows, in a trapezoid or diamond, never leaving a word (let alone one
 * character) alone on a line. Word and LibreOffice break wherever the line is full, so the title
 * is given its own breaks: the fewest lines that fit the 版心, balanced, at the best places.
 */

/** Width units: a Chinese character or full-width mark is 2, a Latin letter, digit or half-width mark 1. */
function widthOf(text: string): number {
  return [...text].reduce((width, character) => width + (character.charCodeAt(0) < 0x2e80 && !'“”‘’'.includes(character) ? 1 : 2), 0);
}

/** Words that end a unit's or an office's name: a break after them keeps the name whole. */
const nameEnds = /[局科委办院厅所队站]$/;
/** Words a title's parts begin with (关于督促…落实…的通知): a break before them reads naturally. */
const partStarts = /^(落实|考核|约谈|督促|予以|开展|做好|加强|负责|整改|工作|活动|情况)/;

/**
 * What breaking the title into `before` and `after` costs: 0 at a mark, after 关于 or before the
 * closing 的…, more inside a quoted title, most between two characters of one word.
 */
function breakCost(before: string, after: string): number {
  if (/[“《〔（]$/.test(before) || /^[”》〕）、，。]/.test(after)) return 1000; // a mark never leaves its word
  const quoteDepth = [...before].reduce((depth, character) => depth + ('“《'.includes(character) ? 1 : '”》'.includes(character) ? -1 : 0), 0);
  if (/[”》]$/.test(before) || /^[“《]/.test(after)) return 0;
  if (before.endsWith('关于') || /^的[^的]{1,6}$/.test(after)) return 0;
  if (quoteDepth > 0) return 12;
  if (nameEnds.test(before)) return 1;
  if (partStarts.test(after)) return 2;
  return 8;
}

/**
 * The title in lines of at most `lineWidth` width units (2 per Chinese character), each of at
 * least two characters: the fewest lines, then the cheapest breaks with the most even lines,
 * then the longer line first (a trapezoid).
 */
export function titleLines(title: string, lineWidth: number): string[] {
  const characters = [...title];
  if (widthOf(title) <= lineWidth || characters.length < 4) return [title];
  for (let count = Math.ceil(widthOf(title) / lineWidth); count <= characters.length / 2; count += 1) {
    const best = bestSplit(characters, count, lineWidth);
    if (best) return best;
  }
  return [title];
}

function bestSplit(characters: string[], count: number, lineWidth: number): string[] | undefined {
  let best: { lines: string[]; cost: number } | undefined;
  const visit = (start: number, lines: string[], cost: number) => {
    if (lines.length === count - 1) {
      const last = characters.slice(start).join('');
      if (characters.length - start < 2 || widthOf(last) > lineWidth) return;
      const all = [...lines, last];
      const widths = all.map(widthOf);
      // Evenness counts in characters; a longer line above a shorter one breaks a tie.
      const total = cost + (Math.max(...widths) - Math.min(...widths)) / 2 + (widths[0]! < widths.at(-1)! ? 0.5 : 0);
      if (!best || total < best.cost) best = { lines: all, cost: total };
      return;
    }
    for (let end = start + 2; end <= characters.length - 2; end += 1) {
      const line = characters.slice(start, end).join('');
      if (widthOf(line) > lineWidth) break;
      visit(end, [...lines, line], cost + breakCost(characters.slice(0, end).join(''), characters.slice(end).join('')));
    }
  };
  visit(0, [], 0);
  return best?.lines;
}
