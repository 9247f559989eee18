import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * SvelteKit's route announcer (for screen readers, after each navigation)
 * carries a style attribute of its own (sveltejs/kit#11993), which a CSP
 * without 'unsafe-inline' styles refuses. Its hash, read from the SvelteKit
 * that builds the app so that an upgrade cannot silently change it, allows
 * exactly that one attribute. Null when SvelteKit no longer writes one.
 */
function announcerStyleHash() {
  const kit = dirname(createRequire(import.meta.url).resolve('@sveltejs/kit/package.json'));
  const root = readFileSync(join(kit, 'src/core/sync/write_root.js'), 'utf8');
  const style = /id="svelte-announcer"[^>]*\sstyle="([^"]*)"/.exec(root)?.[1];
  return style === undefined ? null : `sha256-${createHash('sha256').update(style).digest('base64')}`;
}
const announcerHash = announcerStyleHash();

/**
 * adapter-node builds web/build/handler.js, which the chat server mounts on
 * its own port (server/transport/web.ts): one process serves the app, the API
 * and the playground.
 */
/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    adapter: adapter({ out: 'build' }),
    // Root-relative asset addresses (/_app/…): the offline shell (src/service-worker.ts) is one page
    // served at every address, which "./_app/…" would resolve under /c/ or /dm/.
    paths: { relative: false },
    // The pages' Content-Security-Policy. SvelteKit adds a nonce per page for
    // its own bootstrap script ('auto': hashes for prerendered pages, of which
    // there are none today), so no inline script runs without one. The
    // server's other headers (frame, sniffing, referrer, HSTS) come from
    // server/transport/security-headers.ts, and web/src/hooks.server.ts adds
    // the page's own ws:/wss: origin to connect-src.
    csp: {
      mode: 'auto',
      directives: {
        'default-src': ['self'],
        'script-src': ['self'],
        // Only stylesheets from the build: Svelte and GraphiQL (React, CodeMirror) style elements through the CSSOM, which CSP allows.
        'style-src': ['self'],
        'style-src-attr': announcerHash ? ['unsafe-hashes', announcerHash] : ['none'],
        // GraphiQL's stylesheet embeds its fonts and a few icons as data: URLs.
        'font-src': ['self', 'data:'],
        'img-src': ['self', 'data:'],
        // The API over HTTP, and the same origin's WebSocket (added per request).
        'connect-src': ['self'],
        // The offline shell's service worker (src/service-worker.ts), served by the app itself.
        'worker-src': ['self'],
        'frame-src': ['none'],
        'object-src': ['none'],
        'base-uri': ['self'],
        'form-action': ['self'],
        'frame-ancestors': ['none'],
      },
    },
  },
};

export default config;
