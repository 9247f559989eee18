import type { ServerResponse } from 'node:http';

/**
 * The security headers of every answer on the port, set in one place before
 * anything answers: the web app's pages, static assets, the playground,
 * /graphql, /healthz, 404s. The web app's pages replace the
 * Content-Security-Policy with their own (SvelteKit's `kit.csp` in
 * web/svelte.config.js, with a nonce per page); every other answer is data,
 * never a document, so its policy allows nothing at all.
 */

/** For answers that are not pages: JSON, static files. Nothing may run, load or frame them. */
export const DATA_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * The web app's service worker (web/src/service-worker.ts) runs under the
 * policy of its own script's answer: it fetches the app's files and shell
 * from this origin to cache them, and may do nothing else.
 */
export const SERVICE_WORKER_PATH = '/service-worker.js';
export const WORKER_CONTENT_SECURITY_POLICY =
  "default-src 'none'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** One year: browsers then refuse plain HTTP to this host. Only sent over HTTPS, where it counts. */
const HSTS_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;

const COMMON: ReadonlyArray<readonly [string, string]> = [
  ['Content-Security-Policy', DATA_CONTENT_SECURITY_POLICY],
  // Older browsers know no frame-ancestors: no other site may frame the app (clickjacking).
  ['X-Frame-Options', 'DENY'],
  ['X-Content-Type-Options', 'nosniff'],
  // Addresses of channels and conversations stay on this site.
  ['Referrer-Policy', 'same-origin'],
  // A chat needs none of these; a page injected or framed cannot ask for them either.
  ['Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), browsing-topics=()'],
  // The playground and the app open no windows of other sites that could script them back.
  ['Cross-Origin-Opener-Policy', 'same-origin'],
];

/** Sets the headers; `secure` (TLS here, or a trusted proxy's X-Forwarded-Proto) adds HSTS; `path` names the answer. */
export function setSecurityHeaders(response: ServerResponse, options: { secure: boolean; path?: string }): void {
  for (const [name, value] of COMMON) response.setHeader(name, value);
  if (options.path === SERVICE_WORKER_PATH) response.setHeader('Content-Security-Policy', WORKER_CONTENT_SECURITY_POLICY);
  if (options.secure) response.setHeader('Strict-Transport-Security', `max-age=${HSTS_MAX_AGE_SECONDS}`);
}

/** The same headers as raw `Name: value\r\n` lines, for answers written straight to a socket (a refused upgrade). */
export const rawSecurityHeaders = (): string => COMMON.map(([name, value]) => `${name}: ${value}\r\n`).join('');
