import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserTestsCanRun, channelLink, composer, eventually, messages, personLink, screenshot } from './support/browser.js';
import { useBrowserChat } from './support/browser-fixture.js';
import { PAGE_STAND_INS, raisedNotifications, serverReadState, setHidden, writer } from './support/page-state.js';

const list = (page: Page) => page.getByTestId('message-list');
const distanceFromBottom = (page: Page) => list(page).evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight);
/** Whether an element is within the message list's visible part. */
const inView = (page: Page, selector: string) =>
  list(page).evaluate((el, s) => {
    const item = el.querySelector(s);
    if (!item) return false;
    const box = item.getBoundingClientRect();
    const view = el.getBoundingClientRect();
    return box.bottom > view.top && box.top < view.bottom;
  }, selector);

describe.runIf(browserTestsCanRun)('read markers, unread counts and notifications in the web app', () => {
  const chat = useBrowserChat();
  const { join, someone } = chat;
  let randomId = '';

  it('should keep badges and the title count after a reload, mentions with a badge of their own', async () => {
    const ada = await join('Ada');
    const wren = await writer(chat.server.httpUrl, 'Wren');
    randomId = await wren.createChannel('random');
    await channelLink(ada.page, 'random').waitFor();
    await wren.send(randomId, 'first of two');
    await wren.send(randomId, 'and @Ada, this is for you');

    const badge = channelLink(ada.page, 'random').getByTestId('unread');
    await eventually(() => badge.textContent()).toBe('2');
    expect(await badge.getAttribute('aria-label')).toBe('2 unread messages, 1 mention of you');
    expect(await channelLink(ada.page, 'random').getByTestId('mentions').count()).toBe(1);
    await eventually(() => ada.page.title()).toBe('(2) #general · Flask-Chat');
    expect(await ada.page.locator('link[rel="icon"]').getAttribute('href')).toMatch(/favicon-unread\.svg$/);
    await screenshot(ada.page, 'unread-mention-badge');

    await ada.page.reload();
    await eventually(() => channelLink(ada.page, 'random').getByTestId('unread').textContent()).toBe('2');
    expect(await channelLink(ada.page, 'random').getByTestId('mentions').count()).toBe(1);
    await eventually(() => ada.page.title()).toBe('(2) #general · Flask-Chat');
  });

  it('should open at a "New" divider above the first unread message, with a count, Jump and Mark as read', async () => {
    const ada = await someone('Ada');
    const wren = await writer(chat.server.httpUrl, 'Wren2');
    for (let i = 1; i <= 15; i++) await wren.send(randomId, `old news ${i}`);
    // Read up to the newest first: what comes after it is new.
    await channelLink(ada.page, 'random').click();
    await messages(ada.page).filter({ hasText: 'old news 15' }).waitFor();
    await eventually(async () => (await serverReadState(ada.page, randomId)).unreadCount).toBe(0);
    await eventually(() => ada.page.title()).toBe('#random · Flask-Chat');
    await channelLink(ada.page, 'general').click();
    await ada.page.getByRole('heading', { name: '# general' }).waitFor();

    for (let i = 1; i <= 30; i++) await wren.send(randomId, `news ${i}`);
    await eventually(() => channelLink(ada.page, 'random').getByTestId('unread').textContent()).toBe('30');

    await channelLink(ada.page, 'random').click();
    const banner = ada.page.getByTestId('unread-banner');
    await eventually(() => banner.textContent()).toMatch(/^\s*30 new messages\s*·\s*Jump\s*·\s*Mark as read\s*$/);
    const divider = list(ada.page).getByTestId('new-divider');
    expect(await divider.count()).toBe(1);
    // The divider is right above the first unread message, and it is in view; the newest is not.
    const after = divider.locator('xpath=following-sibling::li[1]');
    expect(await after.locator('.body').textContent()).toBe('news 1');
    await eventually(() => inView(ada.page, '[data-testid="new-divider"]')).toBe(true);
    expect(await distanceFromBottom(ada.page)).toBeGreaterThan(100);
    const pill = ada.page.getByTestId('new-below');
    expect(await pill.textContent()).toMatch(/New messages\s*30/);
    await screenshot(ada.page, 'new-divider');
    // Nothing below was seen: the marker stays.
    await ada.page.waitForTimeout(1500);
    expect((await serverReadState(ada.page, randomId)).unreadCount).toBe(30);

    await list(ada.page).evaluate((el) => el.scrollTo({ top: 0 }));
    await eventually(() => inView(ada.page, '[data-testid="new-divider"]')).toBe(false);
    await banner.getByRole('button', { name: 'Jump' }).click();
    await eventually(() => inView(ada.page, '[data-testid="new-divider"]')).toBe(true);

    await banner.getByRole('button', { name: 'Mark as read' }).click();
    await eventually(() => banner.count()).toBe(0);
    await eventually(async () => (await serverReadState(ada.page, randomId)).unreadCount).toBe(0);
    expect(await channelLink(ada.page, 'random').getByTestId('unread').count()).toBe(0);
  });

  it('should move the marker when the newest message has been in view, and clear the badge in the other tab', async () => {
    const ada = await someone('Ada');
    await channelLink(ada.page, 'general').click();
    await ada.page.getByRole('heading', { name: '# general' }).waitFor();
    const other = await ada.context.newPage();
    await other.goto(`/c/1`);
    await other.getByRole('heading', { name: '# general' }).waitFor();

    const wren = await writer(chat.server.httpUrl, 'Wren3');
    await wren.send(randomId, 'seen in one tab');
    for (const page of [ada.page, other]) await eventually(() => channelLink(page, 'random').getByTestId('unread').textContent()).toBe('1');
    await eventually(() => other.title()).toBe('(1) #general · Flask-Chat');

    await channelLink(ada.page, 'random').click();
    await messages(ada.page).filter({ hasText: 'seen in one tab' }).waitFor();
    await eventually(() => channelLink(other, 'random').getByTestId('unread').count()).toBe(0);
    await eventually(() => other.title()).toBe('#general · Flask-Chat');
    // The message at the bottom was in view: the marker is there.
    expect(await serverReadState(other, randomId)).toMatchObject({ unreadCount: 0, mentionCount: 0 });
    await other.close();
  });

  it('should count the open conversation while the page is hidden, and raise desktop notifications for direct messages and mentions only then, once turned on', async () => {
    const nia = await join('Nia', { permissions: ['notifications'] });
    await nia.context.addInitScript({ content: PAGE_STAND_INS });
    await nia.page.reload();
    await nia.page.getByRole('heading', { name: '# general' }).waitFor();
    // Never asked for on load: a control asks.
    expect(await raisedNotifications(nia.page)).toEqual([]);
    await nia.page.getByRole('button', { name: 'Turn on desktop notifications' }).click();
    await nia.page.getByText('Desktop notifications are on.').waitFor();

    const wren = await writer(chat.server.httpUrl, 'Wren4');
    await wren.sendDirect('Nia', 'while you look');
    await eventually(() => personLink(nia.page, 'Wren4').getByTestId('unread').textContent()).toBe('1');
    expect(await raisedNotifications(nia.page)).toEqual([]);

    // A new user has never read the channels that were there before: all of their messages count.
    const before = Number(/^\((\d+)\)/.exec(await nia.page.title())?.[1] ?? '0');
    await setHidden(nia.page, true);
    await wren.send('1', 'a plain message in general');
    await wren.send('1', 'hey @Nia, look at this');
    await wren.sendDirect('Nia', 'are you there?');
    await eventually(() => raisedNotifications(nia.page)).toEqual([
      { title: 'Wren4 in #general', body: 'hey @Nia, look at this' },
      { title: 'Wren4', body: 'are you there?' },
    ]);
    // The open channel counts as unread while the page is hidden.
    await eventually(() => nia.page.title()).toBe(`(${before + 3}) #general · Flask-Chat`);

    await nia.page.evaluate('window.__notifications[1].onclick()');
    await nia.page.waitForURL(/\/dm\/Wren4$/);
    await messages(nia.page).filter({ hasText: 'are you there?' }).waitFor();
    await setHidden(nia.page, false);
    await eventually(() => personLink(nia.page, 'Wren4').getByTestId('unread').count()).toBe(0);
  });

  it('should open the quick switcher with Ctrl+K and go to a channel by keyboard alone, Escape giving the focus back', async () => {
    const ada = await someone('Ada');
    await channelLink(ada.page, 'general').click();
    await ada.page.getByRole('heading', { name: '# general' }).waitFor();
    await composer(ada.page).focus();
    await ada.page.keyboard.press('Control+k');
    const switcher = ada.page.getByTestId('quick-switcher');
    const field = switcher.getByRole('combobox');
    await eventually(() => field.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    expect(await switcher.evaluate((el) => el.matches(':modal'))).toBe(true);
    await ada.page.keyboard.press('Escape');
    await eventually(() => switcher.evaluate((el) => el.matches('[open]'))).toBe(false);
    expect(await ada.page.evaluate('document.activeElement.id')).toBe('composer-text');

    await ada.page.keyboard.press('Control+k');
    await ada.page.keyboard.type('ra');
    const options = switcher.getByRole('option');
    await eventually(() => options.first().textContent()).toMatch(/# random/);
    expect(await options.first().getAttribute('aria-selected')).toBe('true');
    // The last row searches messages; the arrows wrap around.
    await ada.page.keyboard.press('ArrowUp');
    expect(await options.last().getAttribute('aria-selected')).toBe('true');
    expect(await options.last().textContent()).toContain('Search messages for “ra”');
    await ada.page.keyboard.press('ArrowDown');
    await screenshot(ada.page, 'quick-switcher');
    await ada.page.keyboard.press('Enter');
    await ada.page.waitForURL(new RegExp(`/c/${randomId}$`));
    await ada.page.getByRole('heading', { name: '# random' }).waitFor();
  });
});
