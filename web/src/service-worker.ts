/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />

/**
 * The offline shell. The app's build output (immutable, hashed file names)
 * and its static files are kept in a cache named after the build, with one
 * page: the app's shell, which is the same HTML at every address (the app
 * renders in the browser only, +layout.ts). Opened while the server is down,
 * the app then starts from the cache and says that it is reconnecting,
 * instead of the browser's own error page.
 *
 * Nothing else is cached: the API (/graphql, over HTTP and WebSocket) always
 * goes to the network, pages are asked of the network first (each answer
 * brings a fresh CSP nonce) and the cached shell stands in only when the
 * network fails, and the shell is fetched without cookies, so no session and
 * nothing of one person's ends up in the cache.
 */
import { build, files, version } from '$service-worker';

const worker = self as unknown as ServiceWorkerGlobalScope;
const CACHE = `flask-chat-${version}`;
/** Any page address gives the shell; this one needs no session to be fetched. */
const SHELL = '/login';
const ASSETS = new Set([...build, ...files]);

worker.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll([...ASSETS]);
      const shell = await fetch(new Request(SHELL, { credentials: 'omit', cache: 'no-store' }));
      if (!shell.ok) throw new Error(`the app shell answered ${shell.status}`);
      await cache.put(SHELL, shell);
      await worker.skipWaiting();
    })(),
  );
});

worker.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
      await worker.clients.claim();
    })(),
  );
});

worker.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== worker.location.origin || url.pathname.startsWith('/graphql')) return;

  if (ASSETS.has(url.pathname)) {
    event.respondWith(cachedFirst(request, url.pathname));
  } else if (request.mode === 'navigate') {
    event.respondWith(networkElseShell(request));
  }
  // Anything else goes to the network as if there were no worker.
});

/** A build asset: from the cache, which holds this build's; from the network if the cache lost it. */
async function cachedFirst(request: Request, path: string): Promise<Response> {
  const cache = await caches.open(CACHE);
  return (await cache.match(path)) ?? fetch(request);
}

/** A page: the network's answer, or the cached shell when the server cannot be reached. */
async function networkElseShell(request: Request): Promise<Response> {
  try {
    return await fetch(request);
  } catch (error) {
    const shell = await (await caches.open(CACHE)).match(SHELL);
    if (shell) return shell;
    throw error;
  }
}
