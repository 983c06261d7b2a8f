// The field app's service worker. The server puts `const BUILD = {…}` before this text: the
// build's version (a hash of every file of the app), the files to keep (the shell) and the
// tile URL template. A new build is a new worker, which keeps the new files and drops the old.
//
//   the page and its files    from the cache first (kept at install): the app opens offline
//   map tiles                 from the cache first, else the network, kept once seen
//   everything else (the API) straight to the network: the outbox (IndexedDB) is what keeps
//                             the guard's records, never a cached answer
/* global BUILD */

const SHELL = `cotmoc-field-shell-${BUILD.version}`;
const TILES = 'cotmoc-field-tiles';
const MAX_TILES = 5000;
const SHELL_PATHS = new Set(BUILD.shell);
// The template as a pattern: {z}, {x}, {y}, {s}, {r} stand for any part of a path.
const TILE_PATTERN = BUILD.tiles ? new RegExp(`^${BUILD.tiles
  .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
  .replace(/\{[a-z]\}/g, '[^/]*')}$`) : null;
let tilesPut = 0;

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(SHELL);
    await cache.addAll(BUILD.shell.map((path) => new Request(path, { cache: 'reload' })));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith('cotmoc-field-shell-') && key !== SHELL) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

async function fromShell(path, request) {
  const cache = await caches.open(SHELL);
  return (await cache.match(path)) || fetch(request);
}

async function trimTiles(cache) {
  const keys = await cache.keys();
  for (const key of keys.slice(0, Math.max(0, keys.length - MAX_TILES))) {
    await cache.delete(key);
  }
}

async function tile(request) {
  const cache = await caches.open(TILES);
  const kept = await cache.match(request.url);
  if (kept) return kept;
  const answer = await fetch(request);
  if (answer.ok) {
    await cache.put(request.url, answer.clone());
    tilesPut += 1;
    if (tilesPut % 100 === 0) trimTiles(cache);
  }
  return answer;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  const ours = url.origin === self.location.origin;
  if (ours && request.mode === 'navigate' && /^\/field\/?$/.test(url.pathname)) {
    event.respondWith(fromShell('/field', request)); // any ?lang=… opens the same page
  } else if (ours && SHELL_PATHS.has(url.pathname) && !url.search) {
    event.respondWith(fromShell(url.pathname, request));
  } else if (TILE_PATTERN && TILE_PATTERN.test(request.url)) {
    event.respondWith(tile(request));
  }
});
