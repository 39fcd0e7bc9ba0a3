/**
 * Sentences of a notice with their offsets, so every extracted item can point back at the words
 * it came from. Notices are read as published: full-width and ASCII punctuation both occur (pages
 * copied from the web are often NFKC-normalised: "," for "，", "(" for "（").
 */

/** Where an item came from: offsets into the notice text (end exclusive) and the sentence. */
export interface SourceSpan {
  start: number;
  end: number;
  sentence: string;
}

/** A sentence (or a line that ends without punctuation) and its position. */
export interface Sentence {
  text: string;
  start: number;
  end: number;
}

/** Splits at 。；;！？ and at line ends; empty pieces are dropped, offsets kept. */
export function splitSentences(text: string): Sentence[] {
  const sentences: Sentence[] = [];
  let start = 0;
  const push = (end: number) => {
    const raw = text.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const trimmed = raw.trim();
    if (trimmed) sentences.push({ text: trimmed, start: start + lead, end: start + lead + trimmed.length });
  };
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if ('。；;！？!?'.includes(char)) {
      push(index + 1);
      start = index + 1;
    } else if (char === '\n') {
      push(index);
      start = index + 1;
    }
  }
  push(text.length);
  return sentences;
}

/** Lines with their offsets (the numbering and the header are line-based). */
export function splitLines(text: string): Sentence[] {
  const lines: Sentence[] = [];
  let start = 0;
  for (const raw of text.split('\n')) {
    const lead = raw.length - raw.trimStart().length;
    const trimmed = raw.trim();
    if (trimmed) lines.push({ text: trimmed, start: start + lead, end: start + lead + trimmed.length });
    start += raw.length + 1;
  }
  return lines;
}

/**
 * A form for comparing names: NFKC (full-width brackets and commas become ASCII), no spaces, no
 * quotation or title marks. "各区（市）局" and "各区(市)局" compare equal.
 */
export function normalizeName(value: string): string {
  return value
    .normalize('NFKC')
    .replace(/[\s\u3000“”"‘’'《》〈〉<>「」]/g, '')
    .replace(/[〔［【]/g, '[')
    .replace(/[〕］】]/g, ']');
}

/** Removes spaces a line break or a layout left between Chinese characters. */
export function closeGaps(value: string): string {
  return value.replace(/([\u3400-\u9fff《》（）()“”])[\s\u3000]+(?=[\u3400-\u9fff《》（）()“”])/g, '$1').trim();
}

/** The span of `[start, end)` within its sentence. */
export function spanOf(sentence: Sentence, start = sentence.start, end = sentence.end): SourceSpan {
  return { start, end, sentence: sentence.text };
}

/** Shortens a sentence for a YAML comment. */
export function shorten(value: string, max = 48): string {
  const flat = value.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
