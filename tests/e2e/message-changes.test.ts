import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { browserTestsCanRun, channelLink, composer, eventually, messages, personLink, screenshot } from './support/browser.js';
import { useBrowserChat } from './support/browser-fixture.js';

/** Sends a message from the composer of the open conversation and waits until the server confirmed it. */
async function send(page: Page, body: string): Promise<Locator> {
  await composer(page).fill(body);
  await composer(page).press('Control+Enter');
  const sent = messages(page).filter({ hasText: body }).last();
  await eventually(() => sent.getAttribute('data-status')).toBe('sent');
  return sent;
}

/** The message whose text is exactly this (a deleted one has none: find it by id instead). */
const messageWith = (page: Page, body: string) => messages(page).filter({ has: page.locator('.body', { hasText: body }) });
const byId = (page: Page, id: string) => page.getByTestId('message-list').locator(`[data-testid="message"][data-id="${id}"]`);

/** Opens the message's menu (it shows on hover) and clicks one of its buttons. */
async function menu(message: Locator, button: string): Promise<void> {
  await message.hover();
  await message.getByTestId('message-actions').getByRole('button', { name: button, exact: true }).click();
}

async function reactWith(message: Locator, search: string, emojiName: string): Promise<void> {
  await menu(message, 'Add reaction');
  const picker = message.getByTestId('emoji-picker');
  await picker.getByRole('searchbox', { name: 'Search emoji' }).fill(search);
  await picker.getByRole('button', { name: emojiName, exact: true }).click();
}

const reaction = (message: Locator, emoji: string) => message.locator(`[data-testid="reaction"][data-emoji="${emoji}"]`);

describe.runIf(browserTestsCanRun)('editing, deleting, reacting and mentioning in the web app', () => {
  const chat = useBrowserChat();
  const { join, someone } = chat;

  it('should show an edit live to the other user, marked (edited) with its time, and keep it after a reload', async () => {
    const ada = await join('Ada');
    const bob = await join('Bob');
    const sent = await send(ada.page, 'helo Bob');
    const id = (await sent.getAttribute('data-id'))!;
    await messageWith(bob.page, 'helo Bob').waitFor();

    // Arrow-up in the empty composer edits one's last message; Escape leaves it as it was.
    await composer(ada.page).press('ArrowUp');
    const editor = ada.page.getByRole('textbox', { name: 'Edit message' });
    await editor.fill('something else');
    await editor.press('Escape');
    await eventually(() => editor.count()).toBe(0);
    expect(await byId(ada.page, id).locator('.body').textContent()).toBe('helo Bob');

    // From the menu this time; Ctrl+Enter saves.
    await menu(byId(ada.page, id), 'Edit');
    await editor.fill('hello Bob');
    await editor.press('Control+Enter');
    await eventually(() => byId(ada.page, id).locator('.body').textContent()).toBe('hello Bob');

    const bobSees = byId(bob.page, id);
    await eventually(() => bobSees.locator('.body').textContent()).toBe('hello Bob');
    expect(await bobSees.getByTestId('edited').textContent()).toBe('(edited)');
    expect(await bobSees.getByTestId('edited').getAttribute('title')).toMatch(/^Edited /);
    await screenshot(bob.page, 'edited-message');

    await bob.page.reload();
    await eventually(() => byId(bob.page, id).locator('.body').textContent()).toBe('hello Bob');
    expect(await byId(bob.page, id).getByTestId('edited').count()).toBe(1);
  });

  it('should delete after asking once, leaving "This message was deleted" in its place for everyone, after a reload too', async () => {
    const ada = await someone('Ada');
    const bob = await someone('Bob');
    const sent = await send(ada.page, 'a regrettable message');
    const id = (await sent.getAttribute('data-id'))!;
    await byId(bob.page, id).waitFor();
    // Only one's own messages can be edited or deleted.
    await byId(bob.page, id).hover();
    expect(await byId(bob.page, id).getByRole('button', { name: 'Delete' }).count()).toBe(0);

    await menu(sent, 'Delete');
    await sent.getByText('Delete this message?').waitFor();
    await sent.getByRole('button', { name: 'Keep' }).click();
    expect(await sent.getByTestId('deleted').count()).toBe(0);
    await menu(sent, 'Delete');
    await sent.getByTestId('message-actions').getByRole('button', { name: 'Delete', exact: true }).click();

    for (const page of [ada.page, bob.page]) {
      await eventually(() => byId(page, id).getByTestId('deleted').textContent()).toBe('This message was deleted');
      expect(await byId(page, id).textContent()).not.toContain('regrettable');
    }
    await screenshot(bob.page, 'deleted-message');
    await bob.page.reload();
    await eventually(() => byId(bob.page, id).getByTestId('deleted').count()).toBe(1);
    expect(await byId(bob.page, id).textContent()).not.toContain('regrettable');
  });

  it("should add and remove reactions live among three people, one's own highlighted, and keep them after a reload", async () => {
    const ada = await someone('Ada');
    const bob = await someone('Bob');
    const carol = await join('Carol');
    const sent = await send(ada.page, 'lunch at noon?');
    const id = (await sent.getAttribute('data-id'))!;

    await byId(bob.page, id).waitFor();
    await reactWith(byId(bob.page, id), 'party', 'party popper');
    await eventually(() => reaction(byId(bob.page, id), '🎉').getAttribute('aria-pressed')).toBe('true');

    // Seen live by the author and by a third person, not pressed for them.
    for (const page of [ada.page, carol.page]) {
      await eventually(() => reaction(byId(page, id), '🎉').getByTestId('reaction-count').textContent()).toBe('1');
      expect(await reaction(byId(page, id), '🎉').getAttribute('aria-pressed')).toBe('false');
    }
    // A click on a reaction adds one's own.
    await reaction(byId(carol.page, id), '🎉').click();
    await eventually(() => reaction(byId(ada.page, id), '🎉').getByTestId('reaction-count').textContent()).toBe('2');
    expect(await reaction(byId(carol.page, id), '🎉').getAttribute('aria-pressed')).toBe('true');
    await screenshot(ada.page, 'reactions');

    // Bob takes his back: a click on his pressed reaction.
    await reaction(byId(bob.page, id), '🎉').click();
    for (const page of [ada.page, bob.page, carol.page])
      await eventually(() => reaction(byId(page, id), '🎉').getByTestId('reaction-count').textContent()).toBe('1');
    expect(await reaction(byId(bob.page, id), '🎉').getAttribute('aria-pressed')).toBe('false');

    // The picker remembers what Bob used, in this browser.
    await menu(byId(bob.page, id), 'Add reaction');
    await byId(bob.page, id).getByRole('group', { name: 'Recently used' }).getByRole('button', { name: 'party popper' }).waitFor();
    await byId(bob.page, id).getByTestId('emoji-picker').press('Escape');

    await carol.page.reload();
    await eventually(() => reaction(byId(carol.page, id), '🎉').getAttribute('aria-pressed')).toBe('true');
    expect(await reaction(byId(carol.page, id), '🎉').getByTestId('reaction-count').textContent()).toBe('1');
  });

  it('should offer names while typing @, insert a name with spaces in braces, and show mentions as chips, highlighted for the one mentioned', async () => {
    const ada = await someone('Ada');
    const bob = await someone('Bob');
    const carol = await someone('Carol');
    await join('Dan Lee');
    const box = composer(ada.page);
    await box.click();
    await box.pressSequentially('hi @bo');
    const suggestions = ada.page.getByTestId('mention-suggestions');
    await suggestions.getByRole('option', { name: /^Bob/ }).waitFor();
    await box.press('Enter');
    expect(await box.inputValue()).toBe('hi @Bob ');
    await box.pressSequentially('and @Da');
    await suggestions.getByRole('option', { name: /^Dan Lee/ }).waitFor();
    await box.press('Tab');
    expect(await box.inputValue()).toBe('hi @Bob and @{Dan Lee} ');
    // Escape closes the suggestions and keeps what was typed.
    await box.pressSequentially('@Car');
    await suggestions.waitFor();
    await box.press('Escape');
    await eventually(() => suggestions.count()).toBe(0);
    await box.pressSequentially('ol!');
    await box.press('Control+Enter');

    const forBob = messageWith(bob.page, 'hi @Bob and @{Dan Lee} @Carol!');
    await forBob.waitFor();
    expect(await forBob.getByTestId('mention').allTextContents()).toEqual(['@Bob', '@{Dan Lee}', '@Carol']);
    await eventually(() => forBob.evaluate((el) => el.classList.contains('mentioned'))).toBe(true);
    // A screen reader hears who mentioned them.
    await eventually(() => bob.page.getByTestId('announcer').textContent()).toBe('Ada mentioned you: hi @Bob and @{Dan Lee} @Carol!');
    await screenshot(bob.page, 'mentioned');
    const forAda = messageWith(ada.page, 'hi @Bob and @{Dan Lee} @Carol!');
    await eventually(() => forAda.getByTestId('mention').count()).toBe(3);
    expect(await forAda.evaluate((el) => el.classList.contains('mentioned'))).toBe(false);

    // An edit that drops a mention drops its chip and its highlight, live.
    await composer(ada.page).press('ArrowUp');
    const editor = ada.page.getByRole('textbox', { name: 'Edit message' });
    await editor.fill('hi @Carol, <b>not</b> @nobody');
    await editor.press('Control+Enter');
    const edited = messageWith(carol.page, 'hi @Carol, <b>not</b> @nobody');
    await edited.waitFor();
    expect(await edited.getByTestId('mention').allTextContents()).toEqual(['@Carol']);
    expect(await edited.locator('b').count()).toBe(0);
    await eventually(() => edited.evaluate((el) => el.classList.contains('mentioned'))).toBe(true);
    await bob.page.reload();
    const afterReload = messageWith(bob.page, 'hi @Carol, <b>not</b> @nobody');
    await afterReload.waitFor();
    expect(await afterReload.evaluate((el) => el.classList.contains('mentioned'))).toBe(false);
  });

  it('should carry edits, deletions and reactions of direct messages live to the other person only', async () => {
    const ada = await someone('Ada');
    const bob = await someone('Bob');
    await personLink(ada.page, 'Bob').click();
    await ada.page.waitForURL(/\/dm\/Bob$/);
    const sent = await send(ada.page, 'a private typo');
    const id = (await sent.getAttribute('data-id'))!;
    await personLink(bob.page, 'Ada').click();
    await byId(bob.page, id).waitFor();

    await menu(sent, 'Edit');
    const editor = ada.page.getByRole('textbox', { name: 'Edit message' });
    await editor.fill('a private word');
    await editor.press('Control+Enter');
    await eventually(() => byId(bob.page, id).locator('.body').textContent()).toBe('a private word');
    await reactWith(byId(bob.page, id), 'thumbs', 'thumbs up');
    await eventually(() => reaction(byId(ada.page, id), '👍').getByTestId('reaction-count').textContent()).toBe('1');

    await ada.page.reload();
    await eventually(() => byId(ada.page, id).locator('.body').textContent()).toBe('a private word');
    expect(await reaction(byId(ada.page, id), '👍').getByTestId('reaction-count').textContent()).toBe('1');
    await menu(byId(ada.page, id), 'Delete');
    await byId(ada.page, id).getByTestId('message-actions').getByRole('button', { name: 'Delete', exact: true }).click();
    await eventually(() => byId(bob.page, id).getByTestId('deleted').count()).toBe(1);
    expect(await byId(bob.page, id).getByTestId('reactions').count()).toBe(0);
  });

  it('should roll a refused reaction back at once with a visible note saying why', async () => {
    const ada = await someone('Ada');
    await channelLink(ada.page, 'general').click();
    await ada.page.getByRole('heading', { name: '# general' }).waitFor();
    const sent = await send(ada.page, 'react to me if you can');
    // The server refuses this one reaction, as it would past the rate limit.
    await ada.page.route('**/graphql', async (route) => {
      if (!route.request().postData()?.includes('mutation React')) return route.fallback();
      await new Promise((resolve) => setTimeout(resolve, 300));
      await route.fulfill({
        contentType: 'application/json',
        body: JSON.stringify({
          data: null,
          errors: [{ message: 'Too many changes at once. Wait a moment.', extensions: { code: 'RATE_LIMITED', retryAfterMs: 1000 } }],
        }),
      });
    });
    await reactWith(sent, 'fire', 'fire');
    // Shown at once, before the server answers …
    await eventually(() => reaction(sent, '🔥').count()).toBe(1);
    // … then taken back, saying why.
    await eventually(() => sent.getByTestId('message-note').textContent()).toBe(
      'Reaction not saved: Too many changes at once. Wait a moment.',
    );
    expect(await reaction(sent, '🔥').count()).toBe(0);
    await screenshot(ada.page, 'refused-reaction');
    await ada.page.unroute('**/graphql');
  });

  it('should reach the menu, the picker and the editor with the keyboard alone', async () => {
    const ada = await someone('Ada');
    const sent = await send(ada.page, 'typed and changed by keyboard');
    const focused = () =>
      ada.page.evaluate('document.activeElement?.textContent + "|" + document.activeElement?.getAttribute("aria-label")');
    // From the composer, back into the newest message's menu, which shows itself when it holds the focus.
    await composer(ada.page).focus();
    await ada.page.keyboard.press('Shift+Tab');
    expect(await focused()).toMatch(/^Delete\|/);
    const actions = sent.getByTestId('message-actions');
    expect(await actions.evaluate((el) => el.ownerDocument.defaultView!.getComputedStyle(el).opacity)).toBe('1');
    await ada.page.keyboard.press('Shift+Tab');
    await ada.page.keyboard.press('Shift+Tab');
    expect(await focused()).toMatch(/\|Add reaction$/);
    await ada.page.keyboard.press('Enter');
    // The search box has the focus; Enter takes the first match.
    await ada.page.keyboard.type('fire');
    await ada.page.keyboard.press('Enter');
    await eventually(() => reaction(sent, '🔥').getAttribute('aria-pressed')).toBe('true');
    expect(await focused()).toMatch(/\|Add reaction$/);
    await ada.page.keyboard.press('Tab');
    await ada.page.keyboard.press('Enter');
    const editor = ada.page.getByRole('textbox', { name: 'Edit message' });
    await editor.waitFor();
    await ada.page.keyboard.type(', twice');
    await ada.page.keyboard.press('Meta+Enter');
    await eventually(() => sent.locator('.body').textContent()).toBe('typed and changed by keyboard, twice');
    expect(await ada.page.evaluate('document.activeElement.id')).toBe('composer-text');
  });

  it('should open the menu with a long press on a phone, and fit a 320 px screen in dark mode', async () => {
    const eve = await join('Eve', { viewport: { width: 320, height: 640 }, hasTouch: true, isMobile: true, colorScheme: 'dark' });
    const sent = await send(eve.page, 'from a small phone');
    const box = (await sent.boundingBox())!;
    const actions = sent.getByTestId('message-actions');
    // The pointer is left where the sign-in button was: away from the message, so that it does not hover it.
    await eve.page.mouse.move(0, 0);
    expect(await actions.evaluate((el) => el.ownerDocument.defaultView!.getComputedStyle(el).opacity)).toBe('0');
    // A long press: the touch held for more than half a second.
    const session = await eve.context.newCDPSession(eve.page);
    const point = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    await session.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [point] });
    await eve.page.waitForTimeout(700);
    await session.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await eventually(() => actions.evaluate((el) => el.ownerDocument.defaultView!.getComputedStyle(el).opacity)).toBe('1');
    const width = (await eve.page.evaluate('document.documentElement.scrollWidth')) as number;
    expect(width).toBeLessThanOrEqual(320);
    await screenshot(eve.page, 'message-menu-phone');
  });
});
