import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { login, postGraphQL } from '../support/http-client.js';
import { makeTempDir, removeTempDir, startTestServer, type TestServer } from '../support/test-server.js';
import {
  browserTestsCanRun,
  eventually,
  composer,
  launchBrowser,
  messages,
  personLink,
  screenshot,
  screenshotsOnFailure,
  signIn,
  WEB_BUILD_DIR,
  type Person,
} from './support/browser.js';

const SEND = 'mutation ($b: String!) { sendMessage(channelId: "1", body: $b) { id } }';
const EDIT = 'mutation ($id: ID!, $b: String!) { editMessage(channelId: "1", id: $id, body: $b) { id } }';
const REACT = 'mutation ($id: ID!) { react(channelId: "1", messageId: $id, emoji: "👀", on: true) { id } }';
const SEND_DM = 'mutation ($to: String!, $b: String!) { sendDirectMessage(to: $to, body: $b) { id } }';

describe.runIf(browserTestsCanRun)('the web app when the connection drops', () => {
  const dir = makeTempDir('flask-chat-e2e-');
  let server: TestServer;
  let browser: Browser;
  let ada: Person;

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

  it('should say the connection is lost, reconnect by itself and show what was posted meanwhile', async () => {
    ada = await signIn(browser, server.url, 'Ada');
    const bob = await login(server.httpUrl, 'Bob');
    // A DM conversation, so that the direct-message stream has a watermark to resume from.
    await postGraphQL(server.httpUrl, SEND_DM, { to: 'Ada', b: 'before the outage' }, { token: bob.token });
    await personLink(ada.page, 'Bob').waitFor();
    const { data: before } = await postGraphQL<{ sendMessage: { id: string } }>(
      server.httpUrl,
      SEND,
      { b: 'before the outage' },
      { token: bob.token },
    );
    await messages(ada.page).filter({ hasText: 'before the outage' }).waitFor();

    const port = server.port;
    await server.stop();
    await ada.page.getByTestId('connection-lost').waitFor();
    await screenshot(ada.page, 'connection-lost');

    // Posted while Ada's browser cannot reach any server: on another instance over the same database.
    const meanwhile = await startTestServer({ WEB_BUILD_DIR }, dir);
    for (const body of ['posted meanwhile 1', 'posted meanwhile 2'])
      await postGraphQL(meanwhile.httpUrl, SEND, { b: body }, { token: bob.token });
    // Changed meanwhile too: no stream replays these, the history read again after subscribing brings them.
    await postGraphQL(meanwhile.httpUrl, EDIT, { id: before!.sendMessage.id, b: 'edited meanwhile' }, { token: bob.token });
    await postGraphQL(meanwhile.httpUrl, REACT, { id: before!.sendMessage.id }, { token: bob.token });
    await postGraphQL(meanwhile.httpUrl, SEND_DM, { to: 'Ada', b: 'a private word meanwhile' }, { token: bob.token });
    await meanwhile.stop();

    // Also sent by Ada during the outage: it waits, and goes by itself once the server is back.
    await composer(ada.page).fill('typed while offline');
    await composer(ada.page).press('Control+Enter');
    const offline = messages(ada.page).filter({ hasText: 'typed while offline' });
    await eventually(() => offline.getAttribute('data-status')).toBe('waiting');
    await offline.getByText('Waiting for connection…').waitFor();
    await ada.page.getByText('Messages you write meanwhile wait here and are sent once it is back.').waitFor();
    expect(await offline.getByRole('button', { name: 'Retry' }).count()).toBe(0);

    server = await startTestServer({ WEB_BUILD_DIR, PORT: String(port) }, dir);
    await ada.page.getByTestId('connection-lost').waitFor({ state: 'detached', timeout: 15_000 });
    await messages(ada.page).filter({ hasText: 'posted meanwhile 2' }).waitFor();
    expect(await messages(ada.page).filter({ hasText: 'posted meanwhile' }).count()).toBe(2);
    expect(await messages(ada.page).filter({ hasText: 'before the outage' }).count()).toBe(0);
    const changed = messages(ada.page).filter({ hasText: 'edited meanwhile' });
    await eventually(() => changed.getByTestId('edited').count()).toBe(1);
    await eventually(() => changed.getByTestId('reaction').getAttribute('data-emoji')).toBe('👀');
    // The DM from before the outage and the one from during it.
    await eventually(() => personLink(ada.page, 'Bob').getByTestId('unread').textContent()).toBe('2');

    await eventually(() => offline.getAttribute('data-status')).toBe('sent');

    // Live again, on the new server.
    await postGraphQL(server.httpUrl, SEND, { b: 'after the restart' }, { token: bob.token });
    await messages(ada.page).filter({ hasText: 'after the restart' }).waitFor();
    await personLink(ada.page, 'Bob').click();
    await messages(ada.page).filter({ hasText: 'a private word meanwhile' }).waitFor();
  });
});
