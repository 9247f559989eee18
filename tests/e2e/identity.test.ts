import { describe, expect, it } from 'vitest';
import { browserTestsCanRun, eventually, personLink, screenshot } from './support/browser.js';
import { useBrowserChat } from './support/browser-fixture.js';

describe.runIf(browserTestsCanRun)('protected names in the web app', () => {
  const chat = useBrowserChat();

  it('should protect a name from the app, mark it, ask for the password at sign-in and take the name over with it', async () => {
    const ada = await chat.join('Ada');
    const bob = await chat.join('Bob');

    await ada.page.getByRole('button', { name: 'Protect your name' }).click();
    await ada.page.getByLabel('A password for your name').fill('short');
    await ada.page.getByRole('button', { name: 'Save' }).click();
    await eventually(() => ada.page.getByTestId('protect-error').textContent()).toMatch(/at least 8 characters/);
    await ada.page.getByLabel('A password for your name').fill('analytical engine');
    await ada.page.getByRole('button', { name: 'Save' }).click();
    await ada.page.getByText('Your name is protected by a password.').waitFor();
    await ada.page.getByTestId('me').locator('..').getByTestId('protected-mark').waitFor();
    await screenshot(ada.page, 'protected-name');

    // Another browser: the name asks for its password, refuses a wrong one, takes a right one.
    const context = await chat.browser.newContext({ baseURL: chat.server.url });
    const page = await context.newPage();
    await page.goto('/login');
    await page.getByLabel('Your name').fill('ada');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await eventually(() => page.getByTestId('login-error').textContent()).toMatch(/protected by a password/);
    const password = page.getByTestId('login-password');
    expect(await password.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    await password.fill('difference engine');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await eventually(() => page.getByTestId('login-error').textContent()).toMatch(/not the password/);
    await screenshot(page, 'login-password');
    await password.fill('analytical engine');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/c\/\d+$/);
    await page.getByTestId('me').getByText('Ada', { exact: true }).waitFor({ state: 'attached' });

    // The browser that held the name is signed out, saying why.
    await ada.page.waitForURL(/\/login\?ended=1$/);

    // Others see the mark beside the protected name.
    await personLink(bob.page, 'Ada').getByTestId('protected-mark').waitFor();

    // A protected name logs out at once: its messages stay with it.
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(/\/login$/);
    await context.close();
  });
});
