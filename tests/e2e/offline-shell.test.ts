import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir, startTestServer, type TestServer } from '../support/test-server.js';
import {
  browserTestsCanRun,
  eventually,
  launchBrowser,
  screenshotsOnFailure,
  signIn,
  WEB_BUILD_DIR,
  type Person,
} from './support/browser.js';
import { screenshotScreen } from './support/axe.js';

describe.runIf(browserTestsCanRun)('the offline shell (service worker)', () => {
  const dir = makeTempDir('flask-chat-e2e-');
  let server: TestServer | undefined;
  let browser: Browser;
  let ada: Person | undefined;

  beforeAll(async () => {
    server = await startTestServer({ WEB_BUILD_DIR }, dir);
    browser = await launchBrowser();
  });
  afterEach(async (context) => {
    await screenshotsOnFailure(context.task.name, context.task.result?.state === 'fail', ada ? [ada] : []);
  });
  afterAll(async () => {
    await ada?.context.close().catch(() => {});
    await browser?.close();
    await server?.stop();
    removeTempDir(dir);
  });

  it('should open the app with the reconnecting banner while the server is down, and start the chat once it is back', async () => {
    ada = await signIn(browser, server!.url, 'Ada');
    const page = ada.page;
    // The worker has installed (assets and shell cached) and controls the page.
    await eventually(() => page.evaluate('navigator.serviceWorker.controller !== null')).toBe(true);
    const cached = (await page.evaluate(`caches.keys().then(async (keys) => {
      const urls = [];
      for (const key of keys) for (const request of await (await caches.open(key)).keys()) urls.push(new URL(request.url).pathname);
      return urls;
    })`)) as string[];
    expect(cached).toContain('/login');
    expect(cached.some((path) => path.startsWith('/_app/immutable/'))).toBe(true);
    // Never an API answer, nor the page one is signed in on.
    expect(cached.filter((path) => path.startsWith('/graphql') || path.startsWith('/c/'))).toEqual([]);

    const port = server!.port;
    await server!.stop();
    await page.reload();
    await page.getByTestId('offline-shell').waitFor();
    await page.getByTestId('connection-lost').waitFor();
    await screenshotScreen(page, 'offline-shell-desktop-light');

    // Back on the same address: the shell asks again by itself and the chat starts, signed in as before.
    server = await startTestServer({ WEB_BUILD_DIR, PORT: String(port) }, dir);
    await page.getByTestId('me').getByText('Ada', { exact: true }).waitFor({ state: 'attached', timeout: 20_000 });
    expect(await page.getByTestId('offline-shell').count()).toBe(0);
  });
});
