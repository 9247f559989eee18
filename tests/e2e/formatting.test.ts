import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { login, postGraphQL } from '../support/http-client.js';
import { browserTestsCanRun, composer, eventually, messages, screenshot } from './support/browser.js';
import { useBrowserChat } from './support/browser-fixture.js';

/** The page's window, for the computed style of an element (the tests compile without the DOM's types). */
type WithStyles = { getComputedStyle(element: unknown): Record<string, string> };

const DESKTOP = { viewport: { width: 1440, height: 900 } };
const PHONE_DARK = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, colorScheme: 'dark' as const };
const SEND = 'mutation ($b: String!) { sendMessage(channelId: "1", body: $b) { id } }';
const HISTORY = 'query { channel(id: "1") { messages(last: 100) { id body } } }';

/** The body of the message whose text holds `text`. */
const bodyOf = (page: Page, text: string) => messages(page).filter({ hasText: text }).getByTestId('message-body');

describe.runIf(browserTestsCanRun)('message formatting in the browser', () => {
  const chat = useBrowserChat();
  const { join } = chat;
  let bobToken = '';
  const post = async (body: string) => {
    if (!bobToken) bobToken = (await login(chat.server.httpUrl, 'Bob')).token;
    const { data } = await postGraphQL<{ sendMessage: { id: string } }>(chat.server.httpUrl, SEND, { b: body }, { token: bobToken });
    return data!.sendMessage.id;
  };

  it('should show inline code, bold, italic, strikethrough and quotes as elements, and keep the text as typed', async () => {
    const ada = await join('Ada', DESKTOP);
    const { page } = ada;
    const body = 'run `npm ci` then **bold**, *star* and _underscore_ italics, ~~struck~~ and snake_case_name\n> quoted **line**\nafter';
    await post(body);
    const shown = bodyOf(page, 'then');
    await shown.waitFor();
    const code = shown.locator('p > code');
    expect(await code.textContent()).toBe('npm ci');
    expect(await code.evaluate((el) => (el.ownerDocument.defaultView as unknown as WithStyles).getComputedStyle(el).fontFamily)).toMatch(
      /mono/i,
    );
    expect(await shown.locator('strong').first().textContent()).toBe('bold');
    expect(await shown.locator('em').allTextContents()).toEqual(['star', 'underscore']);
    expect(await shown.locator('s').textContent()).toBe('struck');
    expect(await shown.locator('blockquote').textContent()).toBe('quoted line');
    expect(await shown.locator('blockquote strong').textContent()).toBe('line');
    expect(await shown.textContent()).toContain('snake_case_name');
    expect(await shown.locator(':scope > p').last().textContent()).toBe('after');

    // What Ada types is stored exactly as typed, marks and all.
    const typed = '**from the composer** with `code`';
    await composer(page).fill(typed);
    await composer(page).press('Control+Enter');
    await eventually(() => messages(page).filter({ hasText: 'from the composer' }).getAttribute('data-status')).toBe('sent');
    expect(await bodyOf(page, 'from the composer').locator('strong').textContent()).toBe('from the composer');
    const history = await postGraphQL(chat.server.httpUrl, HISTORY, {}, { token: bobToken });
    const bodies = history.data.channel.messages.map((m: { body: string }) => m.body);
    expect(bodies).toContain(typed);
    expect(bodies).toContain(body);
    await screenshot(page, 'formatting-inline');
  });

  it('should show a fenced code block in monospace with its whitespace and a horizontal scroll', async () => {
    const ada = await join('Ana', DESKTOP);
    const { page } = ada;
    const long = `const line = "${'x'.repeat(300)}";`;
    await post(`a block:\n\`\`\`ts\nfunction f() {\n    return  **1**;\n}\n${long}\n\`\`\`\nand after`);
    const block = bodyOf(page, 'a block:').locator('pre');
    await block.waitFor();
    expect(await block.textContent()).toBe(`function f() {\n    return  **1**;\n}\n${long}`);
    const style = await block.evaluate((el) => {
      const styles = el.ownerDocument.defaultView as unknown as WithStyles;
      return {
        whiteSpace: styles.getComputedStyle(el).whiteSpace,
        overflowX: styles.getComputedStyle(el).overflowX,
        font: styles.getComputedStyle(el.querySelector('code')).fontFamily!,
        scrolls: el.scrollWidth > el.clientWidth,
      };
    });
    expect(style).toMatchObject({ whiteSpace: 'pre', overflowX: 'auto', scrolls: true });
    expect(style.font).toMatch(/mono/i);
    expect(await bodyOf(page, 'a block:').locator('strong').count()).toBe(0);
    // The long line scrolls inside its block: the page itself does not get wider.
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(1440);
    await screenshot(page, 'formatting-code-block');
  });

  it('should keep <script>, markup and javascript: links inert text, and make links of http(s) addresses only', async () => {
    const ada = await join('Ida', DESKTOP);
    const { page } = ada;
    const attacks = [
      '<script>window.__pwned = 1</script>',
      '<img src=x onerror="window.__pwned = 2">',
      '[click me](javascript:window.__pwned=3)',
      'javascript:window.__pwned=4',
      '**<b>bold markup</b>** `<script>in code</script>`',
      '> <script>window.__pwned = 5</script>',
    ];
    const body = `${attacks.join('\n')}\nand https://example.org/a_b_c for real`;
    await post(body);
    const shown = bodyOf(page, 'for real');
    await shown.waitFor();
    for (const attack of [
      '<script>window.__pwned = 1</script>',
      '<img src=x onerror="window.__pwned = 2">',
      '[click me](javascript:window.__pwned=3)',
    ])
      expect(await shown.textContent()).toContain(attack);
    expect(await shown.locator('script, img, b, iframe').count()).toBe(0);
    expect(await shown.locator('strong').textContent()).toBe('<b>bold markup</b>');
    expect(await shown.locator('code').textContent()).toBe('<script>in code</script>');
    expect(await shown.locator('blockquote').textContent()).toBe('<script>window.__pwned = 5</script>');
    const links = await shown.locator('a').evaluateAll((anchors) => anchors.map((a) => (a as unknown as { href: string }).href));
    expect(links).toEqual(['https://example.org/a_b_c']);
    expect(await page.locator('a[href^="javascript:" i]').count()).toBe(0);
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    await screenshot(page, 'formatting-inert');
  });

  it('should keep mentions as chips inside marks, and show a code block without widening a phone screen, in dark mode', async () => {
    const ada = await join('Ola', PHONE_DARK);
    const { page } = ada;
    const { data } = await postGraphQL(
      chat.server.httpUrl,
      'mutation ($b: String!) { sendMessage(channelId: "1", body: $b) { id mentions { name } } }',
      { b: `**@Ola** look:\n\`\`\`\n${'wide '.repeat(60)}\n\`\`\`` },
      { token: bobToken || (await login(chat.server.httpUrl, 'Bob')).token },
    );
    expect(data.sendMessage.mentions).toEqual([{ name: 'Ola' }]);
    const shown = bodyOf(page, 'look:');
    await shown.waitFor();
    expect(await shown.locator('strong [data-testid="mention"]').textContent()).toBe('@Ola');
    const block = shown.locator('pre');
    expect(await block.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await screenshot(page, 'formatting-phone-dark');
  });
});
