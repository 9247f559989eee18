import { describe, expect, it } from 'vitest';
import { login, postGraphQL } from '../support/http-client.js';
import {
  browserTestsCanRun,
  eventually,
  channelLink,
  composer,
  messages,
  personLink,
  screenshot,
  watchCspViolations,
} from './support/browser.js';
import { useBrowserChat } from './support/browser-fixture.js';

describe.runIf(browserTestsCanRun)('the web app in Chromium', () => {
  const chat = useBrowserChat();
  const { join, someone } = chat;

  it('should show the server reason when a name is taken or invalid', async () => {
    await join('Ada');
    const context = await chat.browser.newContext({ baseURL: chat.server.url });
    const page = await context.newPage();
    await page.goto('/login');
    await screenshot(page, 'login');
    await page.getByLabel('Your name').fill('ada');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await eventually(() => page.getByTestId('login-error').textContent()).toMatch(/is in use in another session/);
    await page.getByLabel('Your name').fill('no/slashes');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await eventually(() => page.getByTestId('login-error').textContent()).toMatch(/may contain letters, digits/);
    await screenshot(page, 'login-error');
    expect(page.url()).toMatch(/\/login$/);
    await context.close();
  });

  it('should deliver messages live both ways, sending with Ctrl+Enter and keeping Enter for new lines', async () => {
    const ada = await someone('Ada');
    const bob = await join('Bob');
    const box = composer(ada.page);
    await box.click();
    await box.pressSequentially('Hello Bob');
    await box.press('Enter');
    await box.pressSequentially('second line');
    expect(await box.inputValue()).toBe('Hello Bob\nsecond line');
    await box.press('Control+Enter');
    expect(await box.inputValue()).toBe('');

    const bobSees = messages(bob.page).filter({ hasText: 'Hello Bob' });
    await bobSees.waitFor();
    expect(await bobSees.getByTestId('author').textContent()).toBe('Ada');
    expect(await bobSees.locator('p').first().textContent()).toBe('Hello Bob\nsecond line');
    expect(await bobSees.locator('time').count()).toBe(1);
    expect(await bob.page.getByTestId('day-separator').first().textContent()).toContain('Today');

    await composer(bob.page).fill('Hi Ada, with the button');
    await bob.page.getByRole('button', { name: 'Send' }).click();
    const adaSees = messages(ada.page).filter({ hasText: 'Hi Ada, with the button' });
    await adaSees.waitFor();
    expect(await adaSees.evaluate((el) => el.classList.contains('mine'))).toBe(false);
    const own = messages(ada.page).filter({ hasText: 'Hello Bob' });
    expect(await own.evaluate((el) => el.classList.contains('mine'))).toBe(true);
    await eventually(() => own.getAttribute('data-status')).toBe('sent');

    // Cmd+Enter sends too (macOS).
    await composer(bob.page).fill('sent with meta');
    await composer(bob.page).press('Meta+Enter');
    await messages(ada.page).filter({ hasText: 'sent with meta' }).waitFor();
    // A screen reader hears messages that arrive while the conversation is open.
    await eventually(() => ada.page.getByTestId('announcer').textContent()).toContain('Bob: sent with meta');
    await screenshot(ada.page, 'channel');
  });

  it('should list new channels live, count unread messages, and refuse a duplicate channel name readably', async () => {
    const ada = await someone('Ada');
    const bob = await someone('Bob');
    await ada.page.getByRole('button', { name: 'Create a channel' }).click();
    await ada.page.getByLabel('New channel name').fill('Random');
    await ada.page.getByRole('button', { name: 'Create', exact: true }).click();
    await ada.page.waitForURL(/\/c\/\d+$/);
    await ada.page.getByRole('heading', { name: '# Random' }).waitFor();

    await channelLink(bob.page, 'Random').waitFor();
    await bob.page.getByRole('button', { name: 'Create a channel' }).click();
    await bob.page.getByLabel('New channel name').fill('random');
    await bob.page.getByRole('button', { name: 'Create', exact: true }).click();
    await eventually(() => bob.page.getByTestId('create-channel-error').textContent()).toMatch(/A channel named "random" exists already/);
    await bob.page.keyboard.press('Escape');

    await composer(ada.page).fill('anyone here?');
    await composer(ada.page).press('Control+Enter');
    const badge = channelLink(bob.page, 'Random').getByTestId('unread');
    await eventually(() => badge.textContent()).toBe('1');
    expect(await badge.getAttribute('aria-label')).toBe('1 unread message');
    await screenshot(bob.page, 'unread');
    await channelLink(bob.page, 'Random').click();
    await messages(bob.page).filter({ hasText: 'anyone here?' }).waitFor();
    expect(await channelLink(bob.page, 'Random').getByTestId('unread').count()).toBe(0);
  });

  it('should carry direct messages both ways and keep an offline partner listed, greyed', async () => {
    const ada = await someone('Ada');
    const carol = await join('Carol');
    await personLink(ada.page, 'Carol').click();
    await ada.page.waitForURL(/\/dm\/Carol$/);
    await composer(ada.page).fill('Psst, Carol');
    await composer(ada.page).press('Control+Enter');

    const badge = personLink(carol.page, 'Ada').getByTestId('unread');
    await eventually(() => badge.textContent()).toBe('1');
    await personLink(carol.page, 'Ada').click();
    await carol.page.waitForURL(/\/dm\/Ada$/);
    await messages(carol.page).filter({ hasText: 'Psst, Carol' }).waitFor();
    await composer(carol.page).fill('Hi Ada, privately');
    await carol.page.getByRole('button', { name: 'Send' }).click();
    await messages(ada.page).filter({ hasText: 'Hi Ada, privately' }).waitFor();
    await screenshot(ada.page, 'direct-message');

    // Bob saw none of it.
    expect(
      await personLink((await someone('Bob')).page, 'Carol')
        .getByTestId('unread')
        .count(),
    ).toBe(0);

    await carol.page.getByRole('button', { name: 'Log out' }).click();
    await carol.page.getByRole('button', { name: 'Log out anyway' }).click();
    await carol.page.waitForURL(/\/login$/);
    await eventually(() => personLink(ada.page, 'Carol').getAttribute('data-online')).toBe('false');
    expect(await personLink(ada.page, 'Carol').evaluate((el) => el.classList.contains('offline'))).toBe(true);
  });

  it('should keep the session and the open channel across a reload and a reopened browser', async () => {
    const ada = await someone('Ada');
    await channelLink(ada.page, 'general').click();
    await ada.page.getByRole('heading', { name: '# general' }).waitFor();
    await channelLink(ada.page, 'Random').click();
    await ada.page.getByRole('heading', { name: '# Random' }).waitFor();
    const url = ada.page.url();
    await ada.page.reload();
    await ada.page.getByRole('heading', { name: '# Random' }).waitFor();
    expect(ada.page.url()).toBe(url);
    await messages(ada.page).filter({ hasText: 'anyone here?' }).waitFor();

    await ada.page.goBack();
    await ada.page.getByRole('heading', { name: '# general' }).waitFor();
    await ada.page.goForward();
    await ada.page.getByRole('heading', { name: '# Random' }).waitFor();

    // Reopening the app (a new tab at the root) lands on the last conversation.
    const reopened = await ada.context.newPage();
    await reopened.goto('/');
    await reopened.waitForURL(url);
    await reopened.getByRole('heading', { name: '# Random' }).waitFor();
    await reopened.close();
  });

  it('should end the session on the server at logout and return to the login page', async () => {
    const dave = await join('Dave');
    const cookies = await dave.context.cookies();
    const session = cookies.find((c) => c.name === 'flask_chat_session');
    expect(session?.httpOnly).toBe(true);
    expect(await dave.page.evaluate('document.cookie')).not.toContain('flask_chat_session');
    const otherTab = await dave.context.newPage();
    await otherTab.goto('/');
    await otherTab.getByRole('heading', { name: /^# / }).waitFor();

    await dave.page.getByRole('button', { name: 'Log out' }).click();
    // A name without a password: one line says what logging out costs, before it happens.
    await dave.page.getByTestId('logout-warning').getByText('your direct messages go with it').waitFor();
    await dave.page.getByRole('button', { name: 'Log out anyway' }).click();
    await dave.page.waitForURL(/\/login$/);
    // The other tab's connection is closed by the server; it says why and asks to sign in.
    await otherTab.waitForURL(/\/login\?ended=1$/);
    await otherTab.getByText('Your session ended. Sign in again.').waitFor();
    await otherTab.close();
    const me = await postGraphQL(chat.server.httpUrl, '{ me { name } }', {}, { cookie: `flask_chat_session=${session!.value}` });
    expect(me.data).toEqual({ me: null });
    await dave.page.goto('/');
    await dave.page.waitForURL(/\/login$/);
    // The name is free again.
    await (
      await login(chat.server.httpUrl, 'Dave')
    ).token;
  });

  it('should be usable with the keyboard alone', async () => {
    const kay = await join('Kay');
    await kay.page.getByRole('heading', { name: '# general' }).waitFor();
    // The message box has the focus on arrival; from the top of the page, the first stop is the skip link.
    expect(await kay.page.evaluate('document.activeElement.id')).toBe('composer-text');
    // The skip link, first in the page, shows itself when focused and leads to the message box.
    const skip = kay.page.getByRole('link', { name: 'Skip to the message box' });
    await kay.page.getByLabel('Filter channels and people').focus();
    await kay.page.keyboard.press('Shift+Tab');
    expect(await skip.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    expect(await skip.isVisible()).toBe(true);
    await kay.page.keyboard.press('Enter');
    expect(await kay.page.evaluate('document.activeElement.id')).toBe('composer-text');
    await kay.page.keyboard.type('typed without a mouse');
    await kay.page.keyboard.press('Control+Enter');
    await messages(kay.page).filter({ hasText: 'typed without a mouse' }).waitFor();

    // Through the sidebar by Tab: the filter, the quick switcher and the search field, the Channels heading and its "+", then the channel links in order.
    await kay.page.getByLabel('Filter channels and people').focus();
    await kay.page.keyboard.press('Tab');
    expect(await kay.page.evaluate('document.activeElement.textContent')).toMatch(/^\s*Jump to…/);
    await kay.page.keyboard.press('Tab');
    expect(await kay.page.evaluate('document.activeElement.id')).toBe('sidebar-search');
    await kay.page.keyboard.press('Tab');
    expect(await kay.page.evaluate('document.activeElement.getAttribute("aria-expanded")')).toBe('true');
    await kay.page.keyboard.press('Tab');
    expect(await kay.page.evaluate('document.activeElement.textContent')).toMatch(/Create a channel/);
    await kay.page.keyboard.press('Tab');
    expect(await kay.page.evaluate('document.activeElement.getAttribute("href")')).toMatch(/^\/c\/\d+$/);
    expect(await kay.page.evaluate('document.activeElement.closest("nav").getAttribute("aria-label")')).toBe(
      'Channels and direct messages',
    );
  });

  it('should show text as text, never as HTML, with links made safe and clickable', async () => {
    const ada = await someone('Ada');
    await channelLink(ada.page, 'general').click();
    await ada.page.getByRole('heading', { name: '# general' }).waitFor();
    const body = '<script>window.__owned = 1</script><b>bold?</b> see https://example.com/a_(b). ok';
    await composer(ada.page).fill(body);
    await composer(ada.page).press('Control+Enter');
    const item = messages(ada.page).filter({ hasText: 'bold?' });
    await item.waitFor();
    expect(await item.locator('p').first().textContent()).toBe(body);
    expect(await item.locator('b, script').count()).toBe(0);
    expect(await ada.page.evaluate('window.__owned')).toBeUndefined();
    const link = item.getByRole('link');
    expect(await link.getAttribute('href')).toBe('https://example.com/a_(b)');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await link.textContent()).toBe('https://example.com/a_(b)');
  });

  it('should show a failed send with a retry that stores the message once', async () => {
    const ada = await someone('Ada');
    await ada.page.route('**/graphql', (route) =>
      route.request().postData()?.includes('SendMessage') ? route.abort('connectionfailed') : route.continue(),
    );
    await composer(ada.page).fill('try me twice');
    await composer(ada.page).press('Control+Enter');
    const item = messages(ada.page).filter({ hasText: 'try me twice' });
    await eventually(() => item.getAttribute('data-status')).toBe('failed');
    await screenshot(ada.page, 'failed-send');
    await ada.page.unroute('**/graphql');
    await item.getByRole('button', { name: 'Retry' }).click();
    await eventually(() => item.getAttribute('data-status')).toBe('sent');

    const token = (await login(chat.server.httpUrl, 'Checker')).token;
    const history = await postGraphQL(chat.server.httpUrl, '{ channel(id: "1") { messages { body clientId } } }', {}, { token });
    const copies = history.data.channel.messages.filter((m: { body: string }) => m.body === 'try me twice');
    expect(copies).toHaveLength(1);
    expect(copies[0].clientId).toMatch(/^web-/);
  });

  it('should show at most the 100 newest messages of a channel', async () => {
    const { token } = await login(chat.server.httpUrl, 'Poster');
    const created = await postGraphQL(chat.server.httpUrl, 'mutation { createChannel(name: "busy") { id } }', {}, { token });
    const channelId = created.data.createChannel.id;
    for (let i = 1; i <= 105; i++)
      await postGraphQL(
        chat.server.httpUrl,
        'mutation ($c: ID!, $b: String!) { sendMessage(channelId: $c, body: $b) { id } }',
        { c: channelId, b: `message ${i}` },
        { token },
      );
    const ada = await someone('Ada');
    await ada.page.goto(`/c/${channelId}`);
    await messages(ada.page).filter({ hasText: 'message 105' }).waitFor();
    await eventually(() => messages(ada.page).count()).toBe(100);
    expect(await messages(ada.page).first().locator('p').first().textContent()).toBe('message 6');
    const list = ada.page.getByTestId('message-list');
    const distanceFromBottom = () => list.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight);
    await eventually(distanceFromBottom).toBeLessThan(2);

    // A reader who scrolled up stays where they are; a button offers the way down.
    await list.evaluate((el) => el.scrollTo({ top: 0 }));
    await eventually(() => list.evaluate((el) => el.scrollTop)).toBe(0);
    await postGraphQL(
      chat.server.httpUrl,
      'mutation ($c: ID!) { sendMessage(channelId: $c, body: "message 106") { id } }',
      { c: channelId },
      { token },
    );
    await messages(ada.page).filter({ hasText: 'message 106' }).waitFor();
    // A live one pushes the oldest out.
    expect(await messages(ada.page).count()).toBe(100);
    expect(await messages(ada.page).first().locator('p').first().textContent()).toBe('message 7');
    expect(await list.evaluate((el) => el.scrollTop)).toBeLessThan(50);
    await ada.page.getByRole('button', { name: /New messages/ }).click();
    await eventually(distanceFromBottom).toBeLessThan(2);

    // At the bottom, the view follows new messages.
    await postGraphQL(
      chat.server.httpUrl,
      'mutation ($c: ID!) { sendMessage(channelId: $c, body: "message 107") { id } }',
      { c: channelId },
      { token },
    );
    await messages(ada.page).filter({ hasText: 'message 107' }).waitFor();
    await eventually(distanceFromBottom).toBeLessThan(2);
  });

  it('should fit a phone screen, with the sidebar behind a menu, and follow a dark system theme', async () => {
    const { token } = await login(chat.server.httpUrl, 'Maker');
    await postGraphQL(chat.server.httpUrl, 'mutation { createChannel(name: "phones") { id } }', {}, { token });
    const phone = await join('Erin', { viewport: { width: 390, height: 800 }, colorScheme: 'dark', isMobile: true, hasTouch: true });
    const menu = phone.page.getByRole('button', { name: /^Menu/ });
    await menu.waitFor();
    expect(await channelLink(phone.page, 'general').isVisible()).toBe(false);
    await screenshot(phone.page, 'phone-dark');
    await menu.click();
    await channelLink(phone.page, 'phones').waitFor();
    await phone.page.keyboard.press('Escape');
    await eventually(() => channelLink(phone.page, 'phones').isVisible()).toBe(false);
    await menu.click();
    await channelLink(phone.page, 'phones').click();
    await phone.page.getByRole('heading', { name: '# phones' }).waitFor();
    await eventually(() => channelLink(phone.page, 'phones').isVisible()).toBe(false);
    const background = await phone.page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--bg').trim()");
    expect(background).toBe('#16181d');
    await composer(phone.page).fill('from my phone');
    await phone.page.getByRole('button', { name: 'Send' }).click();
    await messages(phone.page).filter({ hasText: 'from my phone' }).waitFor();
    await screenshot(phone.page, 'phone-conversation');
  });

  it('should never scroll sideways at 320 px, cutting the longest names with an ellipsis', async () => {
    const longName = 'W'.repeat(32);
    const longChannel = 'M'.repeat(50);
    const writer = await login(chat.server.httpUrl, longName);
    const created = await postGraphQL(
      chat.server.httpUrl,
      `mutation { createChannel(name: "${longChannel}") { id } }`,
      {},
      { token: writer.token },
    );
    const channelId = created.data.createChannel.id;
    await postGraphQL(
      chat.server.httpUrl,
      `mutation { sendMessage(channelId: "${channelId}", body: "a long name speaks") { id } }`,
      {},
      { token: writer.token },
    );
    const narrow = await join('Narrow', { viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true });
    await postGraphQL(
      chat.server.httpUrl,
      `mutation { sendDirectMessage(to: "Narrow", body: "hello") { id } }`,
      {},
      { token: writer.token },
    );
    const sideways = () =>
      narrow.page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth') as Promise<number>;
    await narrow.page.goto(`/c/${channelId}`);
    await messages(narrow.page).filter({ hasText: 'a long name speaks' }).waitFor();
    expect(await sideways()).toBeLessThanOrEqual(0);
    // On a phone the name shows in the top bar (the conversation's own heading is for screen readers there).
    const heading = narrow.page.getByTestId('topbar-place');
    await eventually(() => heading.textContent()).toBe(`#${longChannel}`);
    expect(
      await heading.evaluate(
        (el) => el.scrollWidth > el.clientWidth && el.ownerDocument.defaultView!.getComputedStyle(el).textOverflow === 'ellipsis',
      ),
    ).toBe(true);
    await narrow.page.getByRole('button', { name: /^Menu/ }).click();
    await channelLink(narrow.page, longChannel).waitFor();
    expect(await sideways()).toBeLessThanOrEqual(0);
    await screenshot(narrow.page, 'phone-320-long-names');
    await personLink(narrow.page, longName).click();
    await eventually(() => heading.textContent()).toBe(longName);
    expect(await sideways()).toBeLessThanOrEqual(0);
  });

  it('should serve the GraphiQL playground from the bundle, with queries and subscriptions on the signed-in session, within its CSP', async () => {
    const ada = await someone('Ada');
    const page = await ada.context.newPage();
    const cspViolations = await watchCspViolations(page);
    const external: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(chat.server.url) && !request.url().startsWith('data:')) external.push(request.url());
    });
    await page.goto('/playground');
    await page.locator('.graphiql-query-editor .CodeMirror').waitFor();
    await page.locator('.result-window .CodeMirror').waitFor({ state: 'attached' });
    const run = async (operation: string) => {
      await page.locator('.graphiql-query-editor .CodeMirror').click();
      await page.keyboard.press('Control+A');
      await page.keyboard.insertText(operation);
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+Enter');
    };
    const result = () => page.locator('.result-window').textContent();

    await run('{ me { name } }');
    await eventually(result).toContain('"name": "Ada"');
    await screenshot(page, 'playground');

    // The replay of `after` shows that the subscription is live before the next message is posted.
    const { token } = await login(chat.server.httpUrl, 'Pat');
    const posted = await postGraphQL(
      chat.server.httpUrl,
      'mutation { sendMessage(channelId: "1", body: "replayed in the playground") { id } }',
      {},
      { token },
    );
    const after = String(Number(posted.data.sendMessage.id) - 1);
    await run(`subscription { messageAdded(channelId: "1", after: "${after}") { body } }`);
    await eventually(result).toContain('replayed in the playground');
    await postGraphQL(
      chat.server.httpUrl,
      'mutation { sendMessage(channelId: "1", body: "seen in the playground") { id } }',
      {},
      { token },
    );
    await eventually(result).toContain('seen in the playground');
    expect(external).toEqual([]);
    expect(await cspViolations()).toEqual([]);
    await page.close();
  });
});
