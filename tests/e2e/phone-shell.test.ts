import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { login, postGraphQL } from '../support/http-client.js';
import { useBrowserChat } from './support/browser-fixture.js';
import { browserTestsCanRun, channelLink, composer, eventually } from './support/browser.js';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } as const;
const SEND = 'mutation ($c: ID!, $b: String!) { sendMessage(channelId: $c, body: $b) { id } }';

const menuButton = (page: Page) => page.getByRole('button', { name: /^Menu/ });
const drawer = (page: Page) => page.locator('#sidebar');
const focusedInDrawer = (page: Page) => page.evaluate('document.activeElement?.closest("#sidebar") !== null') as Promise<boolean>;
const focusIsMenuButton = (page: Page) =>
  page.evaluate('document.activeElement?.getAttribute("aria-controls") === "sidebar"') as Promise<boolean>;

/** The element a finger at the centre of the locator's box would touch, described by its text. */
const touchedAtCentre = async (page: Page, selector: string) => {
  const box = (await page.locator(selector).first().boundingBox())!;
  return page.evaluate(`document.elementFromPoint(${box.x + box.width / 2}, ${box.y + box.height / 2})?.closest('${selector}') !== null`);
};

describe.runIf(browserTestsCanRun)('the web app on a 390 × 844 phone', () => {
  const chat = useBrowserChat();

  it.each(['light', 'dark'] as const)(
    'should show one 48 px top bar with the menu and its unread dot, the conversation and the online count, and no keyboard hints (%s)',
    async (colorScheme) => {
      const phone = await chat.join(`Top ${colorScheme}`, { ...PHONE, colorScheme });
      const page = phone.page;
      const bar = page.getByTestId('topbar');
      await eventually(() => bar.getByTestId('topbar-place').textContent()).toBe('#general');
      expect((await bar.boundingBox())!.height).toBe(48);
      // The conversation's own header takes no room of its own: the bar is the only one above the messages.
      expect((await page.locator('.conversation > header').boundingBox())!.height).toBeLessThanOrEqual(1);
      await page.getByRole('heading', { name: '# general' }).waitFor({ state: 'attached' });
      await eventually(() => bar.getByTestId('topbar-online').textContent()).toMatch(/^\d+ online$/);
      expect(await page.locator('#composer-hint').isVisible()).toBe(false);

      const { token } = await login(chat.server.httpUrl, `Writer ${colorScheme}`);
      const created = await postGraphQL(
        chat.server.httpUrl,
        `mutation { createChannel(name: "elsewhere ${colorScheme}") { id } }`,
        {},
        { token },
      );
      const elsewhere = created.data.createChannel.id as string;
      for (const body of ['one', 'two']) await postGraphQL(chat.server.httpUrl, SEND, { c: elsewhere, b: body }, { token });
      const badge = page
        .getByTestId('channel-list')
        .locator('a', { hasText: `elsewhere ${colorScheme}` })
        .getByTestId('unread');
      await eventually(() => badge.textContent()).toBe('2');
      // Every unread message, of this test and of those before it, and said with its space.
      const total = await page
        .getByTestId('channel-list')
        .getByTestId('unread')
        .evaluateAll((els) => els.reduce((sum, el) => sum + Number(el.textContent), 0));
      await eventually(() => menuButton(page).getAttribute('aria-label')).toBe(`Menu (${total} unread)`);
      expect(await page.getByTestId('menu-unread-dot').isVisible()).toBe(true);
      // The title keeps the place once something is unread.
      await eventually(() => page.title()).toBe(`(${total}) #general · Flask-Chat`);
    },
  );

  it('should move the focus into the open drawer, keep Tab inside it with the page inert, and give it back to the menu on Escape and on close', async () => {
    const phone = await chat.join('Trapper', PHONE);
    const page = phone.page;
    await menuButton(page).click();
    await eventually(() => focusedInDrawer(page)).toBe(true);
    expect(await page.locator('.main').evaluate((el) => el.hasAttribute('inert'))).toBe(true);
    expect(await drawer(page).getAttribute('aria-modal')).toBe('true');

    const stops = await drawer(page).evaluate(
      (el) =>
        [...el.querySelectorAll('a[href], button:not([disabled]), input:not([disabled])')].filter((e) => e.getClientRects().length > 0)
          .length,
    );
    for (let i = 0; i < stops + 2; i++) {
      await page.keyboard.press('Tab');
      expect(await focusedInDrawer(page)).toBe(true);
    }
    // Backwards from the first stop, the last: Log out, at the bottom.
    await page.getByRole('button', { name: 'Close menu' }).focus();
    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate('document.activeElement?.textContent?.trim()')).toBe('Log out');

    await page.keyboard.press('Escape');
    await eventually(() => drawer(page).isVisible()).toBe(false);
    expect(await focusIsMenuButton(page)).toBe(true);
    expect(await page.locator('.main').evaluate((el) => el.hasAttribute('inert'))).toBe(false);

    await menuButton(page).click();
    await page.getByRole('button', { name: 'Close menu' }).click();
    await eventually(() => drawer(page).isVisible()).toBe(false);
    expect(await focusIsMenuButton(page)).toBe(true);
  });

  it('should leave Tab and Escape to a dialog opened from the drawer, and create a channel from it', async () => {
    const phone = await chat.join('Creator', PHONE);
    const page = phone.page;
    await menuButton(page).tap();
    await page.getByRole('button', { name: 'Create a channel' }).tap();
    const dialog = page.getByRole('dialog', { name: 'Create a channel' });
    await dialog.waitFor();
    await page.keyboard.press('Tab');
    expect(await dialog.evaluate((el) => el.contains(el.ownerDocument.activeElement))).toBe(true);
    await page.keyboard.press('Escape');
    await eventually(() => dialog.count()).toBe(0);
    expect(await drawer(page).isVisible()).toBe(true);

    await page.getByRole('button', { name: 'Create a channel' }).tap();
    await page.getByLabel('New channel name').fill('#from-the-phone');
    await dialog.getByRole('button', { name: 'Create', exact: true }).tap();
    await eventually(() => page.getByTestId('topbar-place').textContent()).toBe('#from-the-phone');
    await eventually(() => drawer(page).isVisible()).toBe(false);
  });

  it.each(['light', 'dark'] as const)(
    'should log out from the drawer with a real tap, on 44 px rows, the top bar under "Signed in as" (%s)',
    async (colorScheme) => {
      const phone = await chat.join(`Tapper ${colorScheme}`, { ...PHONE, colorScheme });
      const page = phone.page;
      await menuButton(page).tap();
      await channelLink(page, 'general').waitFor();
      expect((await channelLink(page, 'general').boundingBox())!.height).toBeGreaterThanOrEqual(44);
      expect(await touchedAtCentre(page, '.who')).toBe(true);

      const logout = page.getByRole('button', { name: 'Log out', exact: true });
      await logout.scrollIntoViewIfNeeded();
      expect((await logout.boundingBox())!.height).toBeGreaterThanOrEqual(44);
      expect(await touchedAtCentre(page, '.logout')).toBe(true);
      const box = (await logout.boundingBox())!;
      await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
      // A name without a password: asked once, and tapped again.
      const anyway = page.getByRole('button', { name: 'Log out anyway' });
      await anyway.scrollIntoViewIfNeeded();
      await anyway.tap();
      await page.waitForURL(/\/login$/);
      await page.getByText('You signed out.').waitFor();
      expect(await page.evaluate('document.activeElement?.id')).toBe('login-name');
      expect(await page.getByTestId('login-name-rules').textContent()).toMatch(/Up to 32 characters/);
    },
  );

  it('should show the keyboard hints on a desktop with a mouse', async () => {
    const desk = await chat.join('Desk', { viewport: { width: 1440, height: 900 } });
    await composer(desk.page).waitFor();
    expect(await desk.page.locator('#composer-hint').isVisible()).toBe(true);
    expect(await desk.page.getByTestId('topbar').isVisible()).toBe(false);
  });
});
