import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserTestsCanRun, channelLink, composer, eventually, messages, personLink, screenshot } from './support/browser.js';
import { useBrowserChat } from './support/browser-fixture.js';
import { writer } from './support/page-state.js';

const typingLine = (page: Page) => page.getByTestId('typing');

/** Counts the `typing` mutations the page sends. */
function countTypingCalls(page: Page): () => number {
  let calls = 0;
  page.on('request', (request) => {
    if (request.method() === 'POST' && /mutation Typing\b/.test(request.postData() ?? '')) calls++;
  });
  return () => calls;
}

async function searchFor(page: Page, text: string) {
  const field = page.getByRole('searchbox', { name: 'Search messages' });
  await field.fill(text);
  await field.press('Enter');
  const results = page.getByTestId('search-results');
  await eventually(() => results.getByRole('status').textContent()).toMatch(/messages? with|No messages/);
  return results;
}

describe.runIf(browserTestsCanRun)('typing and search in the web app', () => {
  // Channels keep more than the 100 newest messages a conversation loads: search finds older ones too.
  const chat = useBrowserChat({ MESSAGE_LIMIT: '500' });
  const { join, someone } = chat;

  it('should show who is typing above the composer, several at once, gone on send or after the lapse, saying it at most every few seconds', async () => {
    const ada = await join('Ada');
    const bob = await join('Bob');
    const typingCalls = countTypingCalls(bob.page);
    await composer(bob.page).pressSequentially('hel', { delay: 50 });
    await eventually(() => typingLine(ada.page).textContent()).toBe('Bob is typing…');
    await composer(bob.page).pressSequentially('lo there', { delay: 50 });
    // Eleven keystrokes within a second or so: one call.
    expect(typingCalls()).toBe(1);
    expect(await typingLine(bob.page).textContent()).toBe('');

    const cara = await writer(chat.server.httpUrl, 'Cara');
    await cara.typing({ channelId: '1' });
    await eventually(() => typingLine(ada.page).textContent()).toBe('Bob and Cara are typing…');
    await screenshot(ada.page, 'typing');

    await composer(bob.page).press('Control+Enter');
    await messages(ada.page).filter({ hasText: 'hello there' }).waitFor();
    await eventually(() => typingLine(ada.page).textContent()).toBe('Cara is typing…');
    // Cara says nothing more: her typing lapses.
    await eventually(() => typingLine(ada.page).textContent()).toBe('');
    // Clearing the box is no typing.
    await composer(bob.page).fill('');
    expect(typingCalls()).toBe(1);

    // In a direct conversation, typing to the other person only.
    await personLink(ada.page, 'Bob').click();
    await ada.page.waitForURL(/\/dm\/Bob$/);
    await personLink(bob.page, 'Ada').click();
    await bob.page.waitForURL(/\/dm\/Ada$/);
    await composer(bob.page).pressSequentially('psst', { delay: 30 });
    await eventually(() => typingLine(ada.page).textContent()).toBe('Bob is typing…');
  });

  it('should find messages by search, channel and direct ones, highlighted as text, and jump to one, briefly highlighted', async () => {
    const ada = await someone('Ada');
    const wren = await writer(chat.server.httpUrl, 'Wren');
    const id = await wren.send('1', 'Le CAFÉ est prêt, <b>venez</b>');
    await wren.sendDirect('Ada', 'a café for you too');
    for (let i = 1; i <= 20; i++) await wren.send('1', `filler ${i}`);
    await channelLink(ada.page, 'general').click();
    await ada.page.getByRole('heading', { name: '# general' }).waitFor();

    const results = await searchFor(ada.page, 'cafe');
    const hits = results.getByTestId('search-hit');
    await eventually(() => hits.count()).toBe(2);
    // Newest first: the direct message, then the channel's.
    expect(await hits.nth(0).locator('.place').textContent()).toBe('Wren');
    expect(await hits.nth(1).locator('.place').textContent()).toBe('#general');
    expect(await hits.nth(1).locator('mark').allTextContents()).toEqual(['CAFÉ']);
    expect(await hits.nth(1).locator('.body').textContent()).toBe('Le CAFÉ est prêt, <b>venez</b>');
    expect(await hits.nth(1).locator('b').count()).toBe(0);
    await screenshot(ada.page, 'search-results');

    await hits.nth(1).click();
    await ada.page.waitForURL(/\/c\/1$/);
    const found = ada.page.getByTestId('message-list').locator(`[data-testid="message"][data-id="${id}"]`);
    await eventually(() => found.evaluate((el) => el.classList.contains('revealed'))).toBe(true);
    const inView = await found.evaluate((el) => {
      const box = el.getBoundingClientRect();
      const list = el.closest('[data-testid="message-list"]')!.getBoundingClientRect();
      return box.top >= list.top && box.bottom <= list.bottom;
    });
    expect(inView).toBe(true);
    await eventually(() => found.evaluate((el) => el.classList.contains('revealed'))).toBe(false);

    // The direct message opens its conversation.
    await searchFor(ada.page, 'CAFE for');
    await results.getByTestId('search-hit').first().click();
    await ada.page.waitForURL(/\/dm\/Wren$/);
    await messages(ada.page).filter({ hasText: 'a café for you too' }).waitFor();
  });

  it('should say so when a message found is no longer among those loaded, and when nothing matches', async () => {
    const ada = await someone('Ada');
    const wren = await writer(chat.server.httpUrl, 'Wren2');
    const channelId = await wren.createChannel('archive');
    await wren.send(channelId, 'an ancient relic');
    for (let i = 1; i <= 100; i++) await wren.send(channelId, `newer ${i}`);

    const results = await searchFor(ada.page, 'relic');
    await results.getByTestId('search-hit').first().click();
    await ada.page.waitForURL(new RegExp(`/c/${channelId}$`));
    await eventually(() => ada.page.getByTestId('reveal-note').textContent()).toMatch(/older than the 100 newest messages shown here/);

    const none = await searchFor(ada.page, 'zzzqqq');
    expect(await none.getByRole('status').textContent()).toMatch(/No messages contain “zzzqqq”/);
    await none.getByRole('button', { name: 'Close' }).click();
  });
});
