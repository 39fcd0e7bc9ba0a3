/** Debian's Chromium through playwright-core, headless, as the browser tests run it, and what they share. */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Locator } from 'playwright-core';

/** Where the browser tests' screenshots go (ignored by git; `docs/` keeps copies). */
export const screenshots = path.resolve(__dirname, '../../test-artifacts/screenshots');

export function launchChromium(): Promise<Browser> {
  mkdirSync(screenshots, { recursive: true });
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
}

/** Clicks and waits for the page the click loads (a form post and its redirect). */
export async function clickAndLoad(target: Locator): Promise<void> {
  await Promise.all([target.page().waitForNavigation({ waitUntil: 'load' }), target.click()]);
}

/** The element's text as a person reads it, trimmed. */
export const textOf = async (target: Locator): Promise<string> => (await target.innerText()).trim();
