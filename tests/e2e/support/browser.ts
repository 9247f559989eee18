import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect } from 'vitest';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';

/**
 * Real Chromium (Debian's package) driven by playwright-core, against the
 * built web app served by the real server. Without Chromium or a web build
 * the browser tests skip with a loud message, except under CI=true, where
 * they fail.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const WEB_BUILD_DIR = resolve('web/build');
export const ARTIFACTS_DIR = resolve('test-results/e2e');

const missing = [
  existsSync(CHROMIUM_PATH) ? null : `Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium)`,
  existsSync(join(WEB_BUILD_DIR, 'handler.js')) ? null : `the web build at ${WEB_BUILD_DIR} (npm run build)`,
].filter((reason): reason is string => reason !== null);

if (missing.length > 0) {
  const message = `Browser tests need ${missing.join(' and ')}.`;
  if (process.env.CI === 'true') throw new Error(`${message} Under CI=true they must run.`);
  console.warn(`\n${'!'.repeat(72)}\n!! SKIPPING BROWSER TESTS: ${message}\n${'!'.repeat(72)}\n`);
}

/** False when the browser tests cannot run here (never under CI, which fails instead). */
export const browserTestsCanRun = missing.length === 0;

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface Person {
  readonly name: string;
  readonly context: BrowserContext;
  readonly page: Page;
}

/** A new browser profile (its own cookies) that signs in through the login page. */
export async function signIn(
  browser: Browser,
  baseUrl: string,
  name: string,
  options: BrowserContextOptions = {},
  /** Called with the new page before it loads anything, e.g. to watch its WebSocket. */
  watch?: (page: Page) => void,
): Promise<Person> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1100, height: 720 }, ...options });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  watch?.(page);
  page.on('pageerror', (error) => console.error(`[${name}] page error:`, error));
  await page.goto('/login');
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/c\/\d+$/);
  await page.getByTestId('me').getByText(name, { exact: true }).waitFor({ state: 'attached' });
  return { name, context, page };
}

/**
 * Collects every Content-Security-Policy violation the page reports, as
 * `securitypolicyviolation` events in its documents and as the console
 * messages Chromium writes for them (workers and frames included). Call it
 * before the page navigates.
 */
export async function watchCspViolations(page: Page): Promise<() => Promise<string[]>> {
  const fromConsole: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) fromConsole.push(message.text());
  });
  // A string, as the tests compile without the DOM's types; it runs in the page before the page's own scripts.
  await page.addInitScript({
    content: `window.__cspViolations = [];
      document.addEventListener('securitypolicyviolation', (event) => window.__cspViolations.push(
        event.violatedDirective + ' blocked ' + (event.blockedURI || 'inline') + ' (' + event.sourceFile + ':' + event.lineNumber + ')'));`,
  });
  return async () => {
    const fromEvents = page.isClosed() ? [] : ((await page.evaluate('window.__cspViolations ?? []')) as string[]);
    return [...fromEvents, ...fromConsole];
  };
}

/** Saves a screenshot under test-results/e2e/ as a test artifact. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/** The composer of the open conversation. */
export const composer = (page: Page) => page.getByRole('textbox', { name: /^Message / });

/** The message items of the open conversation. */
export const messages = (page: Page) => page.getByTestId('message-list').getByTestId('message');

/** A sidebar link to a channel (its "#" is hidden from screen readers) or a person. */
export const channelLink = (page: Page, name: string) =>
  page
    .getByRole('navigation')
    .getByTestId('channel-list')
    .getByRole('link', { name: new RegExp(`^${name}\\b`) });
export const personLink = (page: Page, name: string) =>
  page
    .getByRole('navigation')
    .getByTestId('people-list')
    .getByRole('link', { name: new RegExp(`^${name}\\b`) });

/** Polls until the assertion holds; pages under test get longer than vitest's default second. */
export const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 10_000, interval: 100 });

/** After a failed test, a screenshot of every page still open, named after the test, to see what the browser showed. */
export async function screenshotsOnFailure(testName: string, failed: boolean, persons: readonly Person[]): Promise<void> {
  if (!failed) return;
  const slug = testName.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
  for (const person of persons)
    for (const [index, page] of person.context.pages().entries())
      if (!page.isClosed()) await screenshot(page, `failed-${slug}-${person.name}-${index}`).catch(() => {});
}
