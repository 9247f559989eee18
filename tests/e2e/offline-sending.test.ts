import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { login, postGraphQL } from '../support/http-client.js';
import { makeTempDir, removeTempDir, startTestServer, type TestServer } from '../support/test-server.js';
import {
  browserTestsCanRun,
  composer,
  eventually,
  launchBrowser,
  messages,
  screenshot,
  screenshotsOnFailure,
  signIn,
  WEB_BUILD_DIR,
  type Person,
} from './support/browser.js';

const DESKTOP = { viewport: { width: 1440, height: 900 } };
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const HISTORY = 'query { channel(id: "1") { messages(last: 100) { body clientId } } }';

const send = async (page: Page, body: string) => {
  await composer(page).fill(body);
  await composer(page).press('Control+Enter');
};

/** Answers the page's next sends with a GraphQL error of this code, as the server words one. */
const refuseSends = (page: Page, code: string, message: string) =>
  page.route('**/graphql', (route) =>
    route.request().postData()?.includes('SendMessage')
      ? route.fulfill({
          contentType: 'application/json',
          body: JSON.stringify({ data: null, errors: [{ message, extensions: { code } }] }),
        })
      : route.continue(),
  );

describe.runIf(browserTestsCanRun)('sending while the connection comes and goes', () => {
  const dir = makeTempDir('flask-chat-e2e-');
  let server: TestServer;
  let browser: Browser;
  const people: Person[] = [];
  const join = async (name: string, options = DESKTOP) => {
    const person = await signIn(browser, server.url, name, options);
    people.push(person);
    return person;
  };

  beforeAll(async () => {
    server = await startTestServer({ WEB_BUILD_DIR }, dir);
    browser = await launchBrowser();
  });
  afterEach(async (context) => {
    await screenshotsOnFailure(context.task.name, context.task.result?.state === 'fail', people);
  });
  afterAll(async () => {
    for (const person of people) await person.context.close().catch(() => {});
    await browser?.close();
    await server?.stop();
    removeTempDir(dir);
  });

  it('should keep messages written offline waiting, then send them by themselves, in order and once each, after a server restart', async () => {
    const { page } = await join('Ada');
    await send(page, 'before the outage');
    await eventually(() => messages(page).filter({ hasText: 'before the outage' }).getAttribute('data-status')).toBe('sent');

    const port = server.port;
    await server.stop();
    await page.getByTestId('connection-lost').waitFor();
    for (const body of ['offline one', 'offline two', 'offline three']) await send(page, body);
    for (const body of ['offline one', 'offline two', 'offline three']) {
      const item = messages(page).filter({ hasText: body });
      await eventually(() => item.getAttribute('data-status')).toBe('waiting');
      await item.getByText('Waiting for connection…').waitFor();
      expect(await item.getByRole('button', { name: 'Retry' }).count()).toBe(0);
    }
    await screenshot(page, 'offline-waiting');

    server = await startTestServer({ WEB_BUILD_DIR, PORT: String(port) }, dir);
    await page.getByTestId('connection-lost').waitFor({ state: 'detached', timeout: 15_000 });
    for (const body of ['offline one', 'offline two', 'offline three'])
      await eventually(() => messages(page).filter({ hasText: body }).getAttribute('data-status')).toBe('sent');

    const reader = await login(server.httpUrl, 'Reader');
    const history = await postGraphQL<{ channel: { messages: { body: string; clientId: string }[] } }>(
      server.httpUrl,
      HISTORY,
      {},
      { token: reader.token },
    );
    const bodies = history.data!.channel.messages.map((m) => m.body);
    expect(bodies.filter((b) => b.startsWith('offline'))).toEqual(['offline one', 'offline two', 'offline three']);
    // And the page shows each once, after a reload too.
    expect(await messages(page).filter({ hasText: 'offline two' }).count()).toBe(1);
    await page.reload();
    await messages(page).filter({ hasText: 'offline three' }).waitFor();
    expect(await messages(page).filter({ hasText: 'offline' }).count()).toBe(3);
  });

  it('should offer Retry for a rate limit, and none for a refusal that a retry does not change', async () => {
    const { page } = await join('Bea');
    await refuseSends(page, 'BAD_USER_INPUT', 'A message may not contain control characters other than line breaks and tabs.');
    await send(page, 'refused for good');
    const refused = messages(page).filter({ hasText: 'refused for good' });
    await eventually(() => refused.getAttribute('data-status')).toBe('failed');
    await refused.getByText('Not sent: A message may not contain control characters').waitFor();
    expect(await refused.getByRole('button', { name: 'Retry' }).count()).toBe(0);

    await page.unrouteAll();
    await refuseSends(page, 'FORBIDDEN', 'This conversation is not yours.');
    await send(page, 'not mine to send');
    const forbidden = messages(page).filter({ hasText: 'not mine to send' });
    await eventually(() => forbidden.getAttribute('data-status')).toBe('failed');
    expect(await forbidden.getByRole('button', { name: 'Retry' }).count()).toBe(0);

    await page.unrouteAll();
    await refuseSends(page, 'RATE_LIMITED', 'You are sending messages too fast. Wait a moment.');
    await send(page, 'too fast');
    const limited = messages(page).filter({ hasText: 'too fast' });
    await eventually(() => limited.getAttribute('data-status')).toBe('failed');
    await screenshot(page, 'send-refusals');
    await page.unrouteAll();
    await limited.getByRole('button', { name: 'Retry' }).click();
    await eventually(() => limited.getAttribute('data-status')).toBe('sent');
  });

  it('should show a clear page without a composer for an unknown channel or user', async () => {
    const { page } = await join('Cleo');
    await page.goto('/c/987654');
    await page.getByRole('heading', { name: 'No such channel' }).waitFor();
    expect(await page.getByTestId('missing-conversation').textContent()).toContain('no channel at this address');
    expect(await composer(page).count()).toBe(0);
    expect(await page.getByText('This is the start').count()).toBe(0);

    await page.goto('/dm/nobody-here');
    await page.getByRole('heading', { name: 'No user named nobody-here' }).waitFor();
    expect(await composer(page).count()).toBe(0);
    await screenshot(page, 'unknown-user');

    const phone = await join('Dina', PHONE);
    await phone.page.goto('/c/987654');
    await phone.page.getByRole('heading', { name: 'No such channel' }).waitFor();
    expect(await composer(phone.page).count()).toBe(0);
    await screenshot(phone.page, 'unknown-channel-phone');
  });
});
