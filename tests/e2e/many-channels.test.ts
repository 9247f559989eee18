import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { login, postGraphQL } from '../support/http-client.js';
import { seedChannels, seededChannelName } from '../support/seed-channels.js';
import { makeTempDir, removeTempDir, startTestServer, type TestServer } from '../support/test-server.js';
import {
  browserTestsCanRun,
  eventually,
  launchBrowser,
  messages,
  screenshotsOnFailure,
  signIn,
  WEB_BUILD_DIR,
  type Person,
} from './support/browser.js';
import { countByName, trackSubscriptions, type HeldSubscription } from './support/ws-frames.js';

const CHANNELS = 5_000;
const SEND = 'mutation ($c: ID!, $b: String!) { sendMessage(channelId: $c, body: $b) { id } }';

/** A sidebar channel link found by CSS: an ARIA-role query would name 5,000 links on every poll. */
const channelRow = (page: Page, name: string) => page.getByTestId('channel-list').locator('a', { hasText: name });
const heading = (page: Page, text: string) => page.locator('h1#conversation-title', { hasText: text });

describe.runIf(browserTestsCanRun)('the web app with 5,000 channels', () => {
  const dir = makeTempDir('flask-chat-e2e-');
  let server: TestServer;
  let browser: Browser;
  let reader: Person | undefined;

  beforeAll(async () => {
    // Straight into the database: the API would take 5,000 calls.
    await seedChannels(join(dir, 'chat.db'), CHANNELS);
    server = await startTestServer({ WEB_BUILD_DIR }, dir);
    browser = await launchBrowser();
  });
  afterEach(async (context) => {
    await screenshotsOnFailure(context.task.name, context.task.result?.state === 'fail', reader ? [reader] : []);
  });
  afterAll(async () => {
    await reader?.context.close().catch(() => {});
    await browser?.close();
    await server?.stop();
    removeTempDir(dir);
  });

  it('should show new messages and unread badges with one channelActivity subscription and no messageAdded, messageUpdated or typingChanged but for the open channel', async () => {
    let held: () => HeldSubscription[] = () => [];
    reader = await signIn(browser, server.url, 'Reader', {}, (page) => (held = trackSubscriptions(page)));
    const page = reader.page;
    await heading(page, '# general').waitFor();
    await eventually(() => page.getByTestId('channel-list').locator('li').count()).toBe(CHANNELS + 1);

    const { token } = await login(server.httpUrl, 'Writer');
    await postGraphQL(server.httpUrl, SEND, { c: '1', b: 'hello, reader' }, { token });
    await messages(page).filter({ hasText: 'hello, reader' }).waitFor();

    // #general has id 1; the seeded channels follow it.
    const far = seededChannelName(4_321);
    const farId = String(4_321 + 1);
    await postGraphQL(server.httpUrl, SEND, { c: farId, b: 'far down the list' }, { token });
    await eventually(() => channelRow(page, far).getByTestId('unread').textContent()).toBe('1');
    expect(await channelRow(page, 'general').getByTestId('unread').count()).toBe(0);

    expect(countByName(held())).toEqual({
      ChannelActivity: 1,
      ChannelAdded: 1,
      DirectMessageAdded: 1,
      DirectMessageUpdated: 1,
      MessageAdded: 1,
      MessageUpdated: 1,
      PresenceChanged: 1,
      ReadMarkerMoved: 1,
      TypingChanged: 1,
    });
    expect(held().find((s) => s.name === 'MessageAdded')?.variables).toMatchObject({ channelId: '1' });
    expect(held().find((s) => s.name === 'MessageUpdated')?.variables).toMatchObject({ channelId: '1' });
    expect(held().find((s) => s.name === 'TypingChanged')?.variables).toMatchObject({ channelId: '1' });

    // Opening the channel shows the message and clears its badge; its own stream replaces #general's.
    await channelRow(page, far).click();
    await heading(page, `# ${far}`).waitFor();
    await messages(page).filter({ hasText: 'far down the list' }).waitFor();
    expect(await channelRow(page, far).getByTestId('unread').count()).toBe(0);
    await eventually(() =>
      held()
        .filter((s) => s.name === 'MessageAdded')
        .map((s) => s.variables.channelId),
    ).toEqual([farId]);
    expect(held().find((s) => s.name === 'MessageUpdated')?.variables).toMatchObject({ channelId: farId });
    await eventually(() => held().find((s) => s.name === 'TypingChanged')?.variables.channelId).toBe(farId);
    // Nine, whatever the number of channels: edits, deletions, reactions and typing are followed in the open channel only.
    expect(held()).toHaveLength(9);
  });
});
