import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postGraphQL } from '../support/http-client.js';
import { ME } from '../support/operations.js';
import { expectCommonSecurityHeaders } from '../support/security-headers.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
let proxied: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  proxied = await startTestServer({ TRUST_PROXY: 'loopback' });
});
afterAll(async () => {
  await server.dispose();
  await proxied.dispose();
});

describe('security headers on the API', () => {
  it.each([
    ['a GraphQL answer', () => postGraphQL(server.httpUrl, ME).then((response) => response.headers)],
    ['a refused GraphQL request', () => fetch(server.httpUrl, { method: 'POST', body: '{' }).then((response) => response.headers)],
    ['the health check', () => fetch(`${server.url}/healthz`).then((response) => response.headers)],
    ['a 404', () => fetch(`${server.url}/no-such-page`).then((response) => response.headers)],
  ])('should send nosniff, no framing, a referrer policy and a CSP that allows nothing on %s', async (_what, headersOf) => {
    const headers = await headersOf();
    expectCommonSecurityHeaders(headers);
    expect(headers.get('content-security-policy')).toMatch(/default-src 'none'/);
  });
});

describe('HSTS', () => {
  it('should not send HSTS over plain HTTP, nor when a client it does not trust claims HTTPS', async () => {
    expect((await fetch(`${server.url}/healthz`)).headers.get('strict-transport-security')).toBeNull();
    const claimed = await fetch(`${server.url}/healthz`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(claimed.headers.get('strict-transport-security')).toBeNull();
  });

  it('should send HSTS when a trusted proxy says the client came over HTTPS, and not when it came over HTTP', async () => {
    const overHttps = await fetch(`${proxied.url}/healthz`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(overHttps.headers.get('strict-transport-security')).toMatch(/^max-age=\d{7,}/);
    const overHttp = await fetch(`${proxied.url}/healthz`, { headers: { 'x-forwarded-proto': 'http' } });
    expect(overHttp.headers.get('strict-transport-security')).toBeNull();
  });
});
