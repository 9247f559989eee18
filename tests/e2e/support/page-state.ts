import type { Page } from 'playwright-core';
import { login, postGraphQL } from '../../support/http-client.js';

/**
 * Stand-ins the browser tests install in a page before its scripts run
 * (strings: the tests compile without the DOM's types). `Notification`
 * records what the page raises, asking the real one for the permission the
 * test's browser context granted; visibility can be switched to hidden as a
 * background tab would be.
 */
export const PAGE_STAND_INS = `
  window.__notifications = [];
  const Real = window.Notification;
  class RecordedNotification {
    constructor(title, options) {
      this.title = title;
      this.body = options && options.body;
      this.tag = options && options.tag;
      this.onclick = null;
      this.closed = false;
      window.__notifications.push(this);
    }
    close() { this.closed = true; }
    static get permission() { return Real ? Real.permission : 'denied'; }
    static requestPermission() { return Real.requestPermission(); }
  }
  window.Notification = RecordedNotification;
  window.__hidden = false;
  Object.defineProperty(Document.prototype, 'visibilityState', { configurable: true, get: () => (window.__hidden ? 'hidden' : 'visible') });
  Object.defineProperty(Document.prototype, 'hidden', { configurable: true, get: () => window.__hidden });
`;

/** Hides or shows the page, as switching to another tab and back does. */
export const setHidden = (page: Page, hidden: boolean) =>
  page.evaluate(`window.__hidden = ${hidden}; document.dispatchEvent(new Event('visibilitychange'))`);

/** The notifications the page raised: title and body. */
export const raisedNotifications = (page: Page) =>
  page.evaluate('window.__notifications.map((n) => ({ title: n.title, body: n.body }))') as Promise<{ title: string; body: string }[]>;

/** Where the signed-in user's read marker stands in a channel, as the server says, asked with the page's own session. */
export const serverReadState = (page: Page, channelId: string) =>
  page.evaluate(
    `fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'query ($id: ID!) { channel(id: $id) { lastReadId unreadCount mentionCount } }', variables: { id: ${JSON.stringify(channelId)} } }),
    }).then((r) => r.json()).then((r) => r.data.channel)`,
  ) as Promise<{ lastReadId: string | null; unreadCount: number; mentionCount: number }>;

/** Someone who writes through the API, without a browser. */
export async function writer(httpUrl: string, name: string) {
  const { token } = await login(httpUrl, name);
  const call = async <T>(query: string, variables: Record<string, unknown>) => {
    const answer = await postGraphQL<T>(httpUrl, query, variables, { token });
    if (answer.errors) throw new Error(`${name} could not ${query}: ${JSON.stringify(answer.errors)}`);
    return answer.data!;
  };
  return {
    createChannel: async (channelName: string) =>
      (await call<{ createChannel: { id: string } }>('mutation ($n: String!) { createChannel(name: $n) { id } }', { n: channelName }))
        .createChannel.id,
    send: async (channelId: string, body: string) =>
      (
        await call<{ sendMessage: { id: string } }>('mutation ($c: ID!, $b: String!) { sendMessage(channelId: $c, body: $b) { id } }', {
          c: channelId,
          b: body,
        })
      ).sendMessage.id,
    sendDirect: async (to: string, body: string) =>
      (
        await call<{ sendDirectMessage: { id: string } }>(
          'mutation ($t: String!, $b: String!) { sendDirectMessage(to: $t, body: $b) { id } }',
          { t: to, b: body },
        )
      ).sendDirectMessage.id,
    typing: (where: { channelId: string } | { to: string }) =>
      call<{ typing: boolean }>(
        'mutation ($c: ID, $t: String) { typing(channelId: $c, to: $t) }',
        'channelId' in where ? { c: where.channelId } : { t: where.to },
      ),
  };
}
