import { describe, expect, it } from 'vitest';
import { login, postGraphQL } from '../support/http-client.js';
import { browserTestsCanRun, eventually, screenshot, watchCspViolations } from './support/browser.js';
import { useBrowserChat } from './support/browser-fixture.js';

describe.runIf(browserTestsCanRun)('the playground with a token', () => {
  const chat = useBrowserChat();

  it('should run a subscription with the token typed into its Headers tab, in a browser that never signed in', async () => {
    const context = await chat.browser.newContext({ baseURL: chat.server.url, viewport: { width: 1100, height: 720 } });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    const cspViolations = await watchCspViolations(page);
    const { token } = await login(chat.server.httpUrl, 'Tokenholder');
    const poster = await login(chat.server.httpUrl, 'Poster');

    await page.goto('/playground');
    const queryEditor = page.locator('.graphiql-query-editor .CodeMirror');
    await queryEditor.waitFor();
    const result = () => page.locator('.result-window').textContent();
    const run = async (operation: string) => {
      await queryEditor.click();
      await page.keyboard.press('Control+A');
      await page.keyboard.insertText(operation);
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+Enter');
    };

    // Without a session or a token, the socket is anonymous and the subscription refused.
    await run('subscription { messageAdded(channelId: "1") { body author { name } } }');
    await eventually(result).toContain('UNAUTHENTICATED');

    await page.getByRole('button', { name: 'Headers' }).click();
    const headersEditor = page.locator('.graphiql-editor-tool .CodeMirror').filter({ visible: true });
    await headersEditor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(JSON.stringify({ Authorization: `Bearer ${token}` }));

    // The replay of `after` shows that the subscription is live before the next message is posted.
    const send = (body: string) =>
      postGraphQL(
        chat.server.httpUrl,
        'mutation ($body: String!) { sendMessage(channelId: "1", body: $body) { id } }',
        { body },
        { token: poster.token },
      );
    const posted = await send('replayed with a token');
    const after = String(Number(posted.data.sendMessage.id) - 1);
    await run(`subscription { messageAdded(channelId: "1", after: "${after}") { body author { name } } }`);
    await eventually(result).toContain('replayed with a token');
    await send('heard live with a token');
    await eventually(result).toContain('heard live with a token');
    expect(await result()).toContain('"name": "Poster"');
    await screenshot(page, 'playground-token');
    expect(await cspViolations()).toEqual([]);
    await context.close();
  });
});
