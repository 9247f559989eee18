import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { login, postGraphQL } from '../support/http-client.js';
import { seriousViolations, screenshotScreen } from './support/axe.js';
import { useBrowserChat } from './support/browser-fixture.js';
import { browserTestsCanRun, composer, eventually, messages, personLink } from './support/browser.js';

const SIZES = {
  desktop: { viewport: { width: 1440, height: 900 } },
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
} as const;
const THEMES = ['light', 'dark'] as const;

/** Fails with axe's own words for each serious or critical violation, so that the test says what to fix. */
async function expectNoSeriousViolations(page: Page, view: string): Promise<void> {
  const violations = await seriousViolations(page);
  expect(violations.map((v) => `${view}: ${v.id} (${v.impact}) ${v.help}\n  ${v.nodes.join('\n  ')}`)).toEqual([]);
}

describe.runIf(browserTestsCanRun)('accessibility in light and dark, on a desktop and a phone (axe-core)', () => {
  const chat = useBrowserChat();

  it.each(Object.keys(SIZES) as (keyof typeof SIZES)[])(
    'should have no serious or critical violation on the login, channel, direct-message and drawer views, %s',
    async (size) => {
      const name = `Reader ${size}`;
      const friend = await login(chat.server.httpUrl, `Friend ${size}`);
      const person = await chat.join(name, SIZES[size]);
      const page = person.page;
      // Something to look at: a message of one's own, someone else's with a link and a mention, and a direct message.
      await composer(page).fill('my own words, with https://example.com/mine');
      await composer(page).press('Control+Enter');
      await postGraphQL(
        chat.server.httpUrl,
        'mutation ($b: String!) { sendMessage(channelId: "1", body: $b) { id } }',
        { b: `hello @${name}, see https://example.com/${size}` },
        { token: friend.token },
      );
      await postGraphQL(
        chat.server.httpUrl,
        'mutation ($to: String!) { sendDirectMessage(to: $to, body: "just between us") { id } }',
        { to: name },
        { token: friend.token },
      );
      await messages(page)
        .filter({ hasText: `see https://example.com/${size}` })
        .waitFor();

      for (const colorScheme of THEMES) {
        await page.emulateMedia({ colorScheme });
        const shot = (view: string) => screenshotScreen(page, `${view}-${size}-${colorScheme}`);
        await expectNoSeriousViolations(page, `channel ${colorScheme}`);
        await shot('channel');

        const menu = page.getByRole('button', { name: /^Menu/ });
        if (size === 'desktop') {
          // The sidebar's dialogs: channel creation with a refusal showing, and the quick switcher.
          await page.getByRole('button', { name: 'Create a channel' }).click();
          await page.getByRole('dialog', { name: 'Create a channel' }).getByRole('button', { name: 'Create', exact: true }).click();
          await page.getByTestId('create-channel-error').waitFor();
          await expectNoSeriousViolations(page, `channel creation ${colorScheme}`);
          await shot('create-channel');
          await page.keyboard.press('Escape');
          await page.keyboard.press('Control+K');
          await page.getByRole('combobox').fill('gen');
          await expectNoSeriousViolations(page, `quick switcher ${colorScheme}`);
          await shot('quick-switcher');
          await page.keyboard.press('Escape');
        }
        if (size === 'phone') {
          await menu.click();
          await page.getByRole('button', { name: 'Close menu' }).waitFor();
          // Slid all the way in, for axe and the picture alike.
          await eventually(() => page.locator('#sidebar').evaluate((el) => el.getBoundingClientRect().left)).toBe(0);
          await expectNoSeriousViolations(page, `drawer ${colorScheme}`);
          await shot('drawer');
        }
        await personLink(page, `Friend ${size}`).click();
        await messages(page).filter({ hasText: 'just between us' }).waitFor();
        await expectNoSeriousViolations(page, `direct message ${colorScheme}`);
        await shot('direct-message');
        await page.goBack();
        await messages(page)
          .filter({ hasText: `see https://example.com/${size}` })
          .waitFor();
      }

      const signedOut = await person.context.browser()!.newContext({ baseURL: chat.server.url, ...SIZES[size] });
      const loginPage = await signedOut.newPage();
      await loginPage.goto('/login');
      await loginPage.getByLabel('Your name').waitFor();
      for (const colorScheme of THEMES) {
        await loginPage.emulateMedia({ colorScheme });
        await expectNoSeriousViolations(loginPage, `login ${colorScheme}`);
        await screenshotScreen(loginPage, `login-${size}-${colorScheme}`);
      }
      await signedOut.close();
    },
  );
});
