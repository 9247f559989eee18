import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { countByName, trackSubscriptions } from '../tests/e2e/support/ws-frames.js';
import { seedChannels } from '../tests/support/seed-channels.js';
import { projectRoot, startBenchServer, type Launcher } from './processes.js';
import { median } from './stats.js';

/**
 * The web app's first load on a server with many channels, in Chromium: from
 * the click on "Sign in" until the channel is usable (its heading, its
 * messages, the message box, the sidebar's first channels), and until every
 * channel is in the sidebar. Long tasks
 * (main-thread work over 50 ms) are what a person feels as a frozen page.
 */
export interface WebLoadScenario {
  /** Stable name, e.g. `web-load-5000`. */
  name: string;
  channels: number;
}

export interface WebLoadResult {
  channels: number;
  /** Sign-in click → channel usable: its heading, messages and message box, and the sidebar's first channels. */
  usableMs: number;
  /** Sign-in click → every channel in the sidebar. */
  listedMs: number;
  /** The longest main-thread task from the click until every channel is listed. */
  longestTaskMs: number;
  /** Total blocking time: the sum over long tasks of what exceeds 50 ms. */
  blockingMs: number;
  /** The subscriptions the page holds once usable, by operation name. */
  subscriptions: Record<string, number>;
}

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const WEB_BUILD_DIR = resolve(projectRoot, 'web/build');

/** Why the scenario cannot run here, or null. */
export function webLoadMissing(webBuildDir = WEB_BUILD_DIR): string | null {
  if (!existsSync(CHROMIUM_PATH)) return `Chromium at ${CHROMIUM_PATH} is missing`;
  if (!existsSync(join(webBuildDir, 'handler.js'))) return `the web build at ${webBuildDir} is missing (npm run build:web)`;
  return null;
}

/** The sidebar's channel rows, counted in the page (#general and the seeded ones). */
const ROWS_SELECTOR = '[data-testid="channel-list"] > li';
/**
 * Waits until the page lists `count` channels. A function, not a string: the
 * app's Content-Security-Policy lets no string be evaluated in the page.
 */
const channelRowsReach = (page: Page, count: number) =>
  page.waitForFunction(([selector, wanted]) => (globalThis as any).document.querySelectorAll(selector).length >= wanted, [
    ROWS_SELECTOR,
    count,
  ] as const);

// Records long tasks from the start of each document, for the measurement to read.
const LONG_TASK_RECORDER = `
  window.__longTasks = [];
  new PerformanceObserver((list) => { for (const entry of list.getEntries()) window.__longTasks.push(entry.duration); })
    .observe({ type: 'longtask', buffered: true });
`;

/** One first load, on a fresh server seeded with `channels` channels. */
export async function measureWebLoad(launcher: Launcher, scenario: WebLoadScenario, webBuildDir = WEB_BUILD_DIR): Promise<WebLoadResult> {
  const server = await startBenchServer(launcher, 'chat', {
    webBuildDir,
    prepare: (file) => seedChannels(file, scenario.channels),
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1100, height: 720 } });
    context.setDefaultTimeout(120_000);
    await context.addInitScript(LONG_TASK_RECORDER);
    const page = await context.newPage();
    const live = trackSubscriptions(page);
    await page.goto('/login');
    await page.getByLabel('Your name').fill('reader');
    await page.evaluate('window.__longTasks.length = 0');
    const started = Date.now();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/c\/\d+$/);
    // CSS selectors: polling for ARIA roles walks 5,000 links, and would be measured with the page.
    await page.locator('h1#conversation-title', { hasText: '# general' }).waitFor();
    await page.locator('#composer-text').waitFor();
    await page.getByTestId('message-list').waitFor();
    await channelRowsReach(page, 1);
    const usableMs = Date.now() - started;
    await channelRowsReach(page, scenario.channels + 1);
    const listedMs = Date.now() - started;
    // Let a task still running finish and be recorded.
    await page.evaluate('new Promise((done) => requestAnimationFrame(() => setTimeout(done, 100)))');
    const tasks = (await page.evaluate('window.__longTasks')) as number[];
    return {
      channels: scenario.channels,
      usableMs,
      listedMs,
      longestTaskMs: Math.max(0, ...tasks),
      blockingMs: tasks.reduce((sum, duration) => sum + Math.max(0, duration - 50), 0),
      subscriptions: countByName(live()),
    };
  } finally {
    await browser.close();
    await server.stop();
  }
}

/** Medians of every figure; the subscriptions of the last run. */
export function combineWebLoads(results: WebLoadResult[]): WebLoadResult {
  return {
    ...results.at(-1)!,
    usableMs: median(results.map((r) => r.usableMs)),
    listedMs: median(results.map((r) => r.listedMs)),
    longestTaskMs: median(results.map((r) => r.longestTaskMs)),
    blockingMs: median(results.map((r) => r.blockingMs)),
  };
}

export function webLoadTable(rows: { scenario: WebLoadScenario; result: WebLoadResult }[]): string {
  const lines = [
    '| scenario | sign-in → usable channel | sign-in → every channel listed | longest main-thread task | total blocking time | subscriptions the page holds |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const { scenario, result } of rows) {
    const held = Object.entries(result.subscriptions)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, count]) => (count === 1 ? name : `${name} ×${count}`));
    const total = Object.values(result.subscriptions).reduce((sum, n) => sum + n, 0);
    lines.push(
      `| web app first load: ${scenario.channels.toLocaleString('en-US')} channels | ${Math.round(result.usableMs)} ms | ${Math.round(result.listedMs)} ms | ` +
        `${Math.round(result.longestTaskMs)} ms | ${Math.round(result.blockingMs)} ms | ${total}: ${held.join(', ')} |`,
    );
  }
  return lines.join('\n');
}
