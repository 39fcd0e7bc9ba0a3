/**
 * axe-core (npm) in the browser tests: the rules of WCAG 2.0/2.1 A and AA (what GB/T 37668 asks)
 * and axe's best practices, run on the page as it is. axe's source is evaluated through the
 * browser's debugging protocol, so the pages' Content-Security-Policy (no inline script) stays on.
 */
import axe from 'axe-core';
import type { Page } from 'playwright-core';

export interface Audit {
  /** Rules that passed on the page. */
  passes: number;
  /** Serious and critical violations, each with the first elements it found. */
  serious: string[];
  /** Moderate and minor ones, reported but not failed. */
  minor: string[];
}

export async function auditPage(page: Page): Promise<Audit> {
  await page.evaluate(axe.source);
  const results = await page.evaluate(() => {
    const inPage = globalThis as unknown as { axe: typeof axe; document: axe.ElementContext };
    return inPage.axe.run(inPage.document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
  });
  const describe = (violation: axe.Result) => `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes.slice(0, 3).map((node) => node.target.join(' ')).join('; ')}`;
  const isSerious = (violation: axe.Result) => violation.impact === 'serious' || violation.impact === 'critical';
  return {
    passes: results.passes.length,
    serious: results.violations.filter(isSerious).map(describe),
    minor: results.violations.filter((violation) => !isSerious(violation)).map(describe),
  };
}
