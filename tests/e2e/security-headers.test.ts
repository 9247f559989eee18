import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectCommonSecurityHeaders } from '../support/security-headers.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { browserTestsCanRun, composer, eventually, launchBrowser, messages, watchCspViolations, WEB_BUILD_DIR } from './support/browser.js';

const webBuilt = existsSync(join(WEB_BUILD_DIR, 'handler.js'));

/** The directive's sources, e.g. `sources(csp, 'script-src')` → ["'self'", "'nonce-…'"]. */
const sources = (policy: string, directive: string) =>
  policy
    .split(';')
    .map((part) => part.trim().split(/\s+/))
    .find(([name]) => name === directive)
    ?.slice(1) ?? [];

describe.runIf(webBuilt)('security headers on the web app', () => {
  let server: TestServer;
  let proxied: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ WEB_BUILD_DIR });
    proxied = await startTestServer({ WEB_BUILD_DIR, TRUST_PROXY: 'loopback' });
  });
  afterAll(async () => {
    await server?.dispose();
    await proxied?.dispose();
  });

  it.each(['/', '/login', '/playground', '/c/1'])(
    'should serve %s with a CSP that runs only its own scripts, no framing, nosniff and a referrer policy',
    async (path) => {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status).toBe(200);
      expectCommonSecurityHeaders(response.headers);
      const policy = response.headers.get('content-security-policy')!;
      const scripts = sources(policy, 'script-src');
      expect(scripts).toContain("'self'");
      expect(scripts).not.toContain("'unsafe-inline'");
      expect(scripts).not.toContain("'unsafe-eval'");
      expect(sources(policy, 'style-src')).not.toContain("'unsafe-inline'");
      expect(sources(policy, 'object-src')).toEqual(["'none'"]);
      // The offline shell's service worker (web/src/service-worker.ts), from the app's own origin only.
      expect(sources(policy, 'worker-src')).toEqual(["'self'"]);
      expect(sources(policy, 'connect-src')).toEqual(["'self'", `ws://127.0.0.1:${server.port}`]);
      // The page's one inline script, SvelteKit's bootstrap, carries this answer's nonce.
      const nonce = scripts.find((source) => source.startsWith("'nonce-"))!.slice(7, -1);
      const html = await response.text();
      expect(html).toContain(`<script nonce="${nonce}">`);
      expect(html).not.toMatch(/<script(?![^>]*nonce=)[^>]*>[^<]/);
      expect(response.headers.get('strict-transport-security')).toBeNull();
    },
  );

  it('should send a fresh nonce with every page', async () => {
    const nonceOf = async () => /'nonce-([^']+)'/.exec((await fetch(`${server.url}/login`)).headers.get('content-security-policy')!)![1];
    expect(await nonceOf()).not.toBe(await nonceOf());
  });

  it('should serve static assets with nosniff and no framing', async () => {
    const html = await (await fetch(`${server.url}/login`)).text();
    const script = /import\("\.?\/(_app\/immutable\/entry\/start\.[^"]+\.js)"\)/.exec(html)![1];
    for (const path of [`/${script}`, '/favicon.svg']) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status).toBe(200);
      expectCommonSecurityHeaders(response.headers);
    }
  });

  it("should let the service worker fetch from its own origin only, under its script's policy", async () => {
    const response = await fetch(`${server.url}/service-worker.js`);
    expect(response.status).toBe(200);
    const policy = response.headers.get('content-security-policy')!;
    expect(sources(policy, 'connect-src')).toEqual(["'self'"]);
    expect(sources(policy, 'default-src')).toEqual(["'none'"]);
  });

  it('should allow the wss: origin and send HSTS when a trusted proxy says the page came over HTTPS', async () => {
    const response = await fetch(`${proxied.url}/login`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(sources(response.headers.get('content-security-policy')!, 'connect-src')).toEqual(["'self'", `wss://127.0.0.1:${proxied.port}`]);
    expect(response.headers.get('strict-transport-security')).toMatch(/^max-age=\d{7,}/);
  });

  it('should not believe X-Forwarded-Proto from a client it does not trust as a proxy', async () => {
    const response = await fetch(`${server.url}/login`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(sources(response.headers.get('content-security-policy')!, 'connect-src')).toEqual(["'self'", `ws://127.0.0.1:${server.port}`]);
    expect(response.headers.get('strict-transport-security')).toBeNull();
  });
});

describe.runIf(browserTestsCanRun)('the web app under its CSP, in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let otherSite: Server;
  beforeAll(async () => {
    server = await startTestServer({ WEB_BUILD_DIR });
    browser = await launchBrowser();
    // Another site's page that tries to frame the app.
    otherSite = createServer((_request, response) => {
      response.setHeader('Content-Type', 'text/html');
      response.end(`<!doctype html><iframe id="app" src="${server.url}/login"></iframe>`);
    });
    await new Promise<void>((resolve) => otherSite.listen(0, '127.0.0.2', resolve));
  });
  afterAll(async () => {
    await browser?.close();
    otherSite?.close();
    await server?.dispose();
  });

  it('should sign in, chat live and navigate with no CSP violation', async () => {
    const context = await browser.newContext({ baseURL: server.url });
    const page = await context.newPage();
    const violations = await watchCspViolations(page);
    await page.goto('/login');
    await page.getByLabel('Your name').fill('Strict');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/c\/\d+$/);
    await composer(page).fill('under a strict policy');
    await page.getByRole('button', { name: 'Send' }).click();
    await messages(page).filter({ hasText: 'under a strict policy' }).waitFor();
    await page.goto('/playground');
    await page.locator('.graphiql-query-editor .CodeMirror').waitFor();
    expect(await violations()).toEqual([]);
    await context.close();
  });

  it('should refuse to be framed by another site', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const address = otherSite.address() as AddressInfo;
    await page.goto(`http://127.0.0.2:${address.port}/`);
    const frame = await (await page.locator('#app').elementHandle())!.contentFrame();
    // Chromium puts its error page in place of a refused frame: nothing of the app loads in it.
    await eventually(() => frame!.url()).toMatch(/^chrome-error:/);
    expect(await frame!.locator('form').count()).toBe(0);
    await context.close();
  });
});
