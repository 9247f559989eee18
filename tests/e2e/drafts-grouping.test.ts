import { describe, expect, it } from 'vitest';
import { login, postGraphQL } from '../support/http-client.js';
import { clearOfMidnight, TestClock } from '../support/test-clock.js';
import { browserTestsCanRun, channelLink, composer, eventually, messages, personLink, screenshot } from './support/browser.js';
import { useBrowserChat } from './support/browser-fixture.js';

/** The page's window, for the computed style of an element (the tests compile without the DOM's types). */
type WithStyles = { getComputedStyle(element: unknown): Record<string, string> };

const DESKTOP = { viewport: { width: 1440, height: 900 } };
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const CREATE = 'mutation ($name: String!) { createChannel(name: $name) { id } }';
const SEND = 'mutation ($c: ID!, $b: String!) { sendMessage(channelId: $c, body: $b) { id } }';
const SEND_DM = 'mutation ($to: String!, $b: String!) { sendDirectMessage(to: $to, body: $b) { id } }';
const HISTORY = 'query ($c: ID!) { channel(id: $c) { messages(last: 100) { body } } }';

describe.runIf(browserTestsCanRun)('the conversation pane: drafts, grouping and its small things', () => {
  // The server's clock stands still until a test moves it: five minutes between two messages pass at once.
  const clock = new TestClock(clearOfMidnight());
  const chat = useBrowserChat({ SEND_BURST: '1000', ADDRESS_SEND_BURST: '1000' }, { clock: clock.now });
  const { join } = chat;

  const newChannel = async (token: string, name: string) =>
    (await postGraphQL<{ createChannel: { id: string } }>(chat.server.httpUrl, CREATE, { name }, { token })).data!.createChannel.id;
  const post = (token: string, channelId: string, body: string) =>
    postGraphQL(chat.server.httpUrl, SEND, { c: channelId, b: body }, { token });

  it('should keep a draft per conversation, mark it in the sidebar, restore it on return and after a reload, and drop it on send', async () => {
    const ada = await join('Ada', DESKTOP);
    const carol = await login(chat.server.httpUrl, 'Carol');
    await newChannel(carol.token, 'drafts');
    await postGraphQL(chat.server.httpUrl, SEND_DM, { to: 'Ada', b: 'hello from Carol' }, { token: carol.token });
    const { page } = ada;
    await personLink(page, 'Carol').waitFor();

    await composer(page).fill('half a thought\n  with its indent');
    await channelLink(page, 'drafts').click();
    await page.waitForURL(/\/c\/\d+$/);
    await eventually(() => composer(page).getAttribute('placeholder')).toBe('Message # drafts');
    expect(await composer(page).inputValue()).toBe('');
    await channelLink(page, 'general').getByRole('img', { name: 'draft' }).waitFor();
    expect(await channelLink(page, 'drafts').getByTestId('draft').count()).toBe(0);

    await composer(page).fill('a second draft');
    await personLink(page, 'Carol').click();
    // Typed once the conversation with Carol shows, not into the channel's box on its way out.
    await eventually(() => composer(page).getAttribute('placeholder')).toBe('Message Carol');
    await composer(page).fill('for Carol');
    await channelLink(page, 'general').click();
    await eventually(() => composer(page).inputValue()).toBe('half a thought\n  with its indent');
    await channelLink(page, 'drafts').getByTestId('draft').waitFor();
    await personLink(page, 'Carol').getByTestId('draft').waitFor();
    await screenshot(page, 'drafts-desktop');

    await page.reload();
    await eventually(() => composer(page).inputValue()).toBe('half a thought\n  with its indent');
    await channelLink(page, 'drafts').getByTestId('draft').waitFor();
    await personLink(page, 'Carol').getByTestId('draft').waitFor();

    await composer(page).press('Control+Enter');
    await messages(page).filter({ hasText: 'half a thought' }).waitFor();
    await eventually(() => messages(page).filter({ hasText: 'half a thought' }).getAttribute('data-status')).toBe('sent');
    await page.reload();
    await eventually(() => composer(page).getAttribute('placeholder')).toBe('Message # general');
    await messages(page).filter({ hasText: 'half a thought' }).waitFor();
    expect(await composer(page).inputValue()).toBe('');
    await channelLink(page, 'drafts').click();
    await eventually(() => composer(page).inputValue()).toBe('a second draft');
    await channelLink(page, 'general').getByTestId('draft').waitFor({ state: 'detached' });
  });

  it('should group consecutive messages by one author within five minutes, with their times on hover and for screen readers', async () => {
    const ada = await join('Ana', DESKTOP);
    const bob = await login(chat.server.httpUrl, 'Bob');
    const id = await newChannel(bob.token, 'grouping');
    await post(bob.token, id, 'one');
    clock.advance(60_000);
    await post(bob.token, id, 'two');
    clock.advance(4 * 60_000);
    await post(bob.token, id, 'three');
    clock.advance(5 * 60_000 + 1000);
    await post(bob.token, id, 'four, later');
    const { page } = ada;
    await channelLink(page, 'grouping').click();
    await messages(page).filter({ hasText: 'four, later' }).waitFor();

    const item = (body: string) => messages(page).filter({ has: page.locator('.body', { hasText: body }) });
    expect(await item('one').getByTestId('author').textContent()).toBe('Bob');
    for (const body of ['two', 'three']) {
      expect(await item(body).getByTestId('author').count()).toBe(0);
      expect(await item(body).getByTestId('grouped-time').textContent()).toMatch(/^Bob, \d/);
    }
    expect(await item('four, later').getByTestId('author').textContent()).toBe('Bob');

    // The time of a grouped message is out of the way until the pointer is on it.
    const time = item('two').getByTestId('grouped-time');
    const opacity = () => time.evaluate((el) => (el.ownerDocument.defaultView as unknown as WithStyles).getComputedStyle(el).opacity);
    expect(await opacity()).toBe('0');
    await item('two').hover();
    await eventually(opacity).toBe('1');

    // One's own messages: grouped alike, and without one's own name.
    for (const body of ['mine 1', 'mine 2']) {
      await composer(page).fill(body);
      await composer(page).press('Control+Enter');
      await eventually(() => item(body).getAttribute('data-status')).toBe('sent');
    }
    expect(await item('mine 1').getByTestId('author').count()).toBe(0);
    expect(await item('mine 1').locator('.meta').textContent()).toMatch(/^You/);
    expect(await item('mine 2').getByTestId('grouped-time').textContent()).toMatch(/^You, /);
    await screenshot(page, 'grouping-desktop');
  });

  it('should group on a phone too, own messages on the right without the name', async () => {
    const ada = await join('Ines', PHONE);
    const { page } = ada;
    for (const body of ['phone 1', 'phone 2']) {
      await composer(page).fill(body);
      await page.getByRole('button', { name: 'Send' }).tap();
      await eventually(() => messages(page).filter({ hasText: body }).getAttribute('data-status')).toBe('sent');
    }
    const second = messages(page).filter({ hasText: 'phone 2' });
    expect(await second.getByTestId('grouped-time').count()).toBe(1);
    const box = (await second.boundingBox())!;
    expect(box.x + box.width).toBeGreaterThan(390 / 2);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await screenshot(page, 'grouping-phone');
  });

  it('should say that a new channel is new, and that older messages are not kept once a history is full', async () => {
    const ada = await join('Olga', DESKTOP);
    const bob = await login(chat.server.httpUrl, 'Boris');
    await newChannel(bob.token, 'design');
    const full = await newChannel(bob.token, 'full');
    for (let n = 1; n <= 100; n++) await post(bob.token, full, `message number ${n}`);
    const { page } = ada;

    await channelLink(page, 'design').click();
    await eventually(() => page.getByTestId('empty-conversation').textContent()).toBe('This is the start of #design.');
    expect(await page.getByTestId('history-trimmed').count()).toBe(0);

    await channelLink(page, 'full').click();
    await messages(page).filter({ hasText: 'message number 100' }).waitFor();
    await page.getByTestId('history-trimmed').getByText('Older messages are not kept').waitFor();
    expect(await page.getByTestId('empty-conversation').count()).toBe(0);

    // PageUp and PageDown scroll the list once it has the keyboard.
    const list = page.getByTestId('message-list');
    await list.focus();
    const scrollTop = () => list.evaluate((el) => el.scrollTop);
    const bottom = await scrollTop();
    await page.keyboard.press('PageUp');
    await eventually(scrollTop).toBeLessThan(bottom);
    const up = await scrollTop();
    await page.keyboard.press('PageUp');
    await eventually(scrollTop).toBeLessThan(up);
    const upper = await scrollTop();
    await page.keyboard.press('PageDown');
    await eventually(scrollTop).toBeGreaterThan(upper);
    await page.keyboard.press('End');
    await eventually(scrollTop).toBe(bottom);
    // From the message box too: it pages through the messages, not through its own few lines.
    await composer(page).focus();
    await page.keyboard.press('PageUp');
    await eventually(scrollTop).toBeLessThan(bottom);
    await page.keyboard.press('PageDown');
    await eventually(scrollTop).toBe(bottom);
    expect(await list.getAttribute('aria-label')).toBe('Messages with # full');
  });

  it('should count characters near the limit, keep a longer paste whole and refuse to send it, saying why', async () => {
    const ada = await join('Petra', DESKTOP);
    const { page } = ada;
    const box = composer(page);
    await box.fill('a'.repeat(3400));
    expect(await page.getByTestId('composer-count').count()).toBe(0);
    await box.fill('a'.repeat(3612));
    await eventually(() => page.getByTestId('composer-count').textContent()).toBe('3,612 / 4,000');

    // A paste of 4,100 characters is kept whole, not cut to 4,000.
    await box.fill('');
    await box.focus();
    await page.keyboard.insertText('b'.repeat(4100));
    expect((await box.inputValue()).length).toBe(4100);
    await eventually(() => page.getByTestId('composer-count').textContent()).toBe('4,100 / 4,000: 100 characters too many');
    expect(await box.getAttribute('aria-invalid')).toBe('true');

    const before = await messages(page).count();
    await box.press('Control+Enter');
    await eventually(() => page.getByTestId('composer-refusal').textContent()).toBe(
      'Not sent: a message has at most 4,000 characters and this one has 4,100. Shorten it by 100 to send it.',
    );
    expect((await box.inputValue()).length).toBe(4100);
    expect(await messages(page).count()).toBe(before);
    await screenshot(page, 'character-count-over');

    // Shortened to the limit, it goes.
    await box.fill('c'.repeat(4000));
    await box.press('Control+Enter');
    await eventually(() => box.inputValue()).toBe('');
    const history = await postGraphQL(
      chat.server.httpUrl,
      HISTORY,
      { c: '1' },
      { token: (await login(chat.server.httpUrl, 'Quinn')).token },
    );
    expect(history.data.channel.messages.some((m: { body: string }) => m.body === 'c'.repeat(4000))).toBe(true);
  });
});
