import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import type { ServerOptions } from '../../../server/index.js';
import { launchBrowser, screenshotsOnFailure, signIn, WEB_BUILD_DIR, type Person } from './browser.js';

export interface BrowserChat {
  readonly server: TestServer;
  readonly browser: Browser;
  /** Signs a new person in through the login page; their browser profile is closed after the file's tests. */
  join(name: string, options?: Parameters<typeof signIn>[3]): Promise<Person>;
  /** The person signed in under this name by an earlier step, or a new one. */
  someone(name: string): Promise<Person>;
}

/**
 * What most browser test files need: the real server serving the built web
 * app, one Chromium, the people signed in, a screenshot of every open page
 * when a test fails, and everything closed at the end. Call it inside the
 * file's `describe`; `serverOptions` as for `startTestServer` (a test clock).
 */
export function useBrowserChat(env: Record<string, string> = {}, serverOptions: ServerOptions = {}): BrowserChat {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  const people: Person[] = [];
  const started = <T>(value: T | undefined, what: string): T => {
    if (!value) throw new Error(`the ${what} is not started yet: use the fixture inside a test`);
    return value;
  };

  beforeAll(async () => {
    server = await startTestServer({ WEB_BUILD_DIR, ...env }, undefined, serverOptions);
    browser = await launchBrowser();
  });
  afterEach(async (context) => {
    await screenshotsOnFailure(context.task.name, context.task.result?.state === 'fail', people);
  });
  afterAll(async () => {
    for (const person of people) await person.context.close().catch(() => {});
    await browser?.close();
    await server?.dispose();
  });

  const join = async (name: string, options: Parameters<typeof signIn>[3] = {}) => {
    const person = await signIn(started(browser, 'browser'), started(server, 'server').url, name, options);
    people.push(person);
    return person;
  };
  return {
    get server() {
      return started(server, 'server');
    },
    get browser() {
      return started(browser, 'browser');
    },
    join,
    someone: async (name) => people.find((p) => p.name === name && !p.page.isClosed()) ?? (await join(name)),
  };
}
