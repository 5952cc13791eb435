/**
 * Debian's Chromium driven by playwright-core, for the browser tests and the
 * UI bench: headless, no sandbox (containers), no traffic beyond loopback
 * (no QUIC, sync, component updates or background networking) and a fresh
 * profile per launch, removed on close. Page errors and console errors are
 * collected so that a test can fail on them.
 *
 * @example
 * const browser = await launchChromium();
 * const page = await browser.newPage();
 * await page.goto(url);
 * expect(browser.errors).toEqual([]);
 * await browser.close();
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.TRELLIS_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_FLAGS: readonly string[] = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export interface TestBrowser {
  readonly context: BrowserContext;
  /** Uncaught page errors and console errors, as `page: message` lines. */
  readonly errors: string[];
  /** A new page whose errors land in `errors`. */
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Launches Chromium, or throws saying how to install it: a browser test
 * without a browser fails, it is not skipped.
 */
export async function launchChromium(opts: { readonly viewport?: { width: number; height: number } } = {}): Promise<TestBrowser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM}; the browser tests need it.\n` +
      '    fix: apt-get install chromium (Debian), or set TRELLIS_CHROMIUM to a Chromium binary');
  }
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-chromium-'));
  let context: BrowserContext;
  try {
    // A persistent context is how playwright takes a given profile folder (it refuses --user-data-dir in args).
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM, args: [...CHROMIUM_FLAGS], viewport: opts.viewport ?? { width: 1400, height: 900 },
    });
  } catch (error) {
    fs.rmSync(profile, { recursive: true, force: true });
    throw new Error(`Chromium at ${CHROMIUM} did not start: ${(error as Error).message}\n    fix: apt-get install chromium`, { cause: error });
  }
  const errors: string[] = [];
  const watch = (page: Page) => {
    page.on('pageerror', (error) => errors.push(`${page.url()}: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`${page.url()}: console: ${message.text()}`);
    });
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  return {
    context, errors,
    newPage: () => context.newPage(),
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}
