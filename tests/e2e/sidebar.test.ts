import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { login, postGraphQL } from '../support/http-client.js';
import { useBrowserChat } from './support/browser-fixture.js';
import { browserTestsCanRun, channelLink, eventually } from './support/browser.js';

const DESKTOP = { viewport: { width: 1440, height: 900 } } as const;
const CHANNELS = 60;
const SEND = 'mutation ($c: ID!, $b: String!) { sendMessage(channelId: $c, body: $b) { id } }';
const roomName = (n: number) => `room-${String(n).padStart(2, '0')}`;

/** The sidebar's channel rows, by CSS: 60 links by ARIA role on every poll would be slow. */
const channelRows = (page: Page) => page.getByTestId('channel-list').locator('li');
const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name });
const createButton = (page: Page) => page.getByRole('button', { name: 'Create a channel' });

describe.runIf(browserTestsCanRun)(`the sidebar with ${CHANNELS} channels`, () => {
  // Sixty channels from one user and one address in a few seconds: above the default creation limits.
  const chat = useBrowserChat({ USER_CHANNEL_BURST: '100', ADDRESS_CHANNEL_BURST: '100' });
  const ids = new Map<string, string>();
  let token = '';

  const seed = async () => {
    if (ids.size > 0) return;
    token = (await login(chat.server.httpUrl, 'Founder')).token;
    for (let n = 1; n <= CHANNELS; n++) {
      const created = await postGraphQL(chat.server.httpUrl, `mutation { createChannel(name: "${roomName(n)}") { id } }`, {}, { token });
      ids.set(roomName(n), created.data.createChannel.id);
    }
  };

  it('should filter channels as one types, with their count in the heading, and fold and unfold a section', async () => {
    await seed();
    const { page } = await chat.join('Filterer', DESKTOP);
    await eventually(() => channelRows(page).count()).toBe(CHANNELS + 1);
    expect(await page.getByTestId('channels-heading-count').textContent()).toBe(String(CHANNELS + 1));

    await page.getByLabel('Filter channels and people').fill('#ROOM-4');
    await eventually(() => channelRows(page).count()).toBe(10);
    expect(await page.getByTestId('channels-heading-count').textContent()).toBe('10');
    expect(await channelRows(page).first().textContent()).toContain('room-40');
    await page.getByLabel('Filter channels and people').fill('no such room');
    await page.getByText('No channel matches “no such room”.').waitFor();
    await page.getByLabel('Filter channels and people').fill('');
    await eventually(() => channelRows(page).count()).toBe(CHANNELS + 1);

    const fold = page.getByRole('button', { name: /^Channels/ });
    await fold.click();
    expect(await fold.getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByTestId('channel-list').isVisible()).toBe(false);
    await fold.click();
    await channelLink(page, 'room-01').waitFor();
  });

  it('should open a channel among the sixty from the quick switcher with Ctrl+K', async () => {
    await seed();
    const { page } = await chat.someone('Filterer');
    await page.keyboard.press('Control+K');
    await page.getByRole('combobox').fill('room-57');
    await page.keyboard.press('Enter');
    await heading(page, '# room-57').waitFor();
    expect(page.url()).toMatch(new RegExp(`/c/${ids.get('room-57')}$`));
  });

  it('should offer "Unread below" for an unread channel out of view, and scroll to it when clicked', async () => {
    await seed();
    const { page } = await chat.join('Scroller', DESKTOP);
    await heading(page, '# general').waitFor();
    expect(await page.getByTestId('unread-below').count()).toBe(0);
    await postGraphQL(chat.server.httpUrl, SEND, { c: ids.get(roomName(CHANNELS)), b: 'at the bottom' }, { token });
    const pill = page.getByTestId('unread-below');
    await pill.waitFor();
    expect(await channelLink(page, roomName(CHANNELS)).isVisible()).toBe(true);
    expect(await channelLink(page, roomName(CHANNELS)).evaluate((el) => el.getBoundingClientRect().top)).toBeGreaterThan(900);
    await pill.click();
    await eventually(() => channelLink(page, roomName(CHANNELS)).evaluate((el) => el.getBoundingClientRect().bottom)).toBeLessThan(900);
    expect(await page.evaluate('document.activeElement.textContent')).toContain(roomName(CHANNELS));
    await eventually(() => pill.count()).toBe(0);
  });

  it.each(['light', 'dark'] as const)(
    'should create a channel typed with a "#" in a small dialog, showing what it creates, and clear a long refusal on edit and on navigation (%s)',
    async (colorScheme) => {
      const { page } = await chat.join(`Maker ${colorScheme}`, { ...DESKTOP, colorScheme });
      await heading(page, '# general').waitFor();
      await createButton(page).click();
      const dialog = page.getByRole('dialog', { name: 'Create a channel' });
      expect(await page.evaluate('document.activeElement.id')).toBe('new-channel');
      await page.keyboard.type(` #design-${colorScheme} `);
      expect(await dialog.getByTestId('create-channel-preview').textContent()).toBe(`Creates #design-${colorScheme}`);
      await dialog.getByRole('button', { name: 'Create', exact: true }).click();
      await heading(page, `# design-${colorScheme}`).waitFor();
      await eventually(() => dialog.count()).toBe(0);
      await channelLink(page, `design-${colorScheme}`).waitFor();
      expect(await page.getByTestId('channel-list').getByText(`##design-${colorScheme}`).count()).toBe(0);

      // A name of 50 characters that exists already: the refusal quoting it wraps inside the dialog.
      const long = `${colorScheme === 'light' ? 'L' : 'D'}${'x'.repeat(49)}`;
      await postGraphQL(
        chat.server.httpUrl,
        `mutation { createChannel(name: "${long}") { id } }`,
        {},
        { token: (await login(chat.server.httpUrl, `Other ${colorScheme}`)).token },
      );
      await createButton(page).click();
      await page.getByLabel('New channel name').fill(`#${long}`);
      await dialog.getByRole('button', { name: 'Create', exact: true }).click();
      const error = dialog.getByTestId('create-channel-error');
      await eventually(() => error.textContent()).toMatch(/exists already/);
      expect(await error.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
      expect(await dialog.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
      await page.getByLabel('New channel name').press('End');
      await page.keyboard.press('Backspace');
      await eventually(() => error.count()).toBe(0);

      await page.getByLabel('New channel name').fill(`#${long}`);
      await dialog.getByRole('button', { name: 'Create', exact: true }).click();
      await eventually(() => error.count()).toBe(1);
      await page.goBack();
      await heading(page, '# general').waitFor();
      await eventually(() => dialog.count()).toBe(0);
      await createButton(page).click();
      expect(await page.getByLabel('New channel name').inputValue()).toBe('');
      expect(await error.count()).toBe(0);
      await page.keyboard.press('Escape');
    },
  );
});
