/*
 * The service worker (template: src/pwa/build.ts injects the precache list and Workbox's folder,
 * and writes the result to PWA_DIR/sw.js, served as /sw.js from our own origin).
 *
 * - Precache: the shell (CSS, scripts, icons, manifest, /outbox, /offline.html, vendored idb and Chart.js).
 * - The capture forms (/talks/new, /visits/new, /meetings/new, /requests/new, /pairings/:id for
 *   assistance) and the user's own dashboard (/): NetworkFirst, so they open with no network as
 *   of the last online load. A cached page is served only to the user it was loaded for (its
 *   <meta name="ledger-user">), and each time with a fresh single-use `_once` token, so two
 *   entries saved from the same cached form are two entries, not one. The page right after a
 *   form's POST (a save, a login) waits for the server instead: a kept copy would hide the result.
 * - /counterparts (the talk form's name list, JSON): NetworkFirst; offline, a query not seen
 *   before is answered from the names of earlier answers.
 * - Capture pages never opened are fetched once in the background (a "warm" message from a page).
 * - Every other page: network only; offline, /offline.html says what can be done.
 * - Background Sync ("ledger-outbox"): sends the outbox (public/js/outbox-store.js).
 */
/* global workbox, importScripts, LedgerOutbox */
importScripts("/pwa/__WORKBOX_DIR__/workbox-sw.js");
workbox.setConfig({ modulePathPrefix: "/pwa/__WORKBOX_DIR__/", debug: false });
importScripts("/vendor/idb.umd.js", "/js/outbox-store.js");

// workbox-sw loads each module on first use: touch every one now, while importScripts is allowed.
const { precacheAndRoute, matchPrecache, cleanupOutdatedCaches } = workbox.precaching;
const { registerRoute, setCatchHandler } = workbox.routing;
const { NetworkFirst, NetworkOnly } = workbox.strategies;
const { CacheableResponsePlugin } = workbox.cacheableResponse;

/**
 * The page a form's answer leads to (the 303 after a save, after a login) waits for the server
 * however slow it is: a kept copy shown after the usual 6 s would have no "已保存" and the old
 * counts, and the user would think the save was lost (a delayed dashboard showed 0 / 10 after a
 * talk was saved). So the first page navigation within a minute of a form's POST goes to
 * `patientPages`; only no network at all falls back to the kept copy. Added before Workbox's
 * own listener (precacheAndRoute below), so it sees each navigation first; it answers none.
 */
const AFTER_POST_MS = 60_000;
let postedAt = 0;
const waitsForServer = new WeakSet();
self.addEventListener("fetch", (event) => {
  const req = event.request;
  if (req.mode !== "navigate") return;
  if (req.method === "POST") {
    postedAt = Date.now();
    return;
  }
  if (Date.now() - postedAt < AFTER_POST_MS) waitsForServer.add(req);
  postedAt = 0;
});

self.skipWaiting();
workbox.core.clientsClaim();
cleanupOutdatedCaches();
precacheAndRoute(self.__WB_MANIFEST);

const CAPTURE_PAGE = /^\/$|^\/(talks|visits|meetings|requests)\/new$|^\/pairings\/\d+$/;

/** Pages: one copy per path (the query, e.g. ?outbox=…, is not part of the key). */
const pagePlugin = {
  cacheKeyWillBeUsed: async ({ request }) => {
    const u = new URL(request.url);
    return u.origin + u.pathname;
  },
  // Only for the user logged in on this phone now, and with fresh single-use tokens.
  cachedResponseWillBeUsed: async ({ cachedResponse }) => {
    if (!cachedResponse) return null;
    const html = await cachedResponse.text();
    const owner = /<meta name="ledger-user" content="(\d+)">/.exec(html);
    const me = await LedgerOutbox.currentUser();
    if (!owner || me === null || Number(owner[1]) !== me) return null;
    const fresh = html
      .replace(/name="_once" value="[^"]*"/g, () => `name="_once" value="${LedgerOutbox.newToken()}"`)
      .replace("<html lang=\"zh-CN\"", "<html lang=\"zh-CN\" data-offline-copy");
    return new Response(fresh, { status: 200, headers: cachedResponse.headers });
  },
};

/** Capture pages and the dashboard: the network, or after `networkTimeoutSeconds` (if given) the kept copy. */
const pageStrategy = (networkTimeoutSeconds) =>
  new NetworkFirst({ cacheName: "ledger-pages", networkTimeoutSeconds, plugins: [new CacheableResponsePlugin({ statuses: [200] }), pagePlugin] });
const pages = pageStrategy(6);
const patientPages = pageStrategy(undefined);

registerRoute(
  ({ request, url }) => request.mode === "navigate" && url.origin === self.location.origin && CAPTURE_PAGE.test(url.pathname),
  (options) => (waitsForServer.has(options.request) ? patientPages : pages).handle(options),
);

const counterparts = new NetworkFirst({
  cacheName: "ledger-data",
  networkTimeoutSeconds: 4,
  plugins: [new CacheableResponsePlugin({ statuses: [200] })],
});

/** Offline and never asked before: the names of earlier answers of the same kind that contain q. */
async function counterpartsFromEarlierAnswers(url) {
  const kind = url.searchParams.get("kind") || "RESIDENT";
  const q = (url.searchParams.get("q") || "").trim();
  const cache = await caches.open("ledger-data");
  const seen = new Map();
  for (const req of await cache.keys()) {
    const u = new URL(req.url);
    if (u.pathname !== "/counterparts" || (u.searchParams.get("kind") || "RESIDENT") !== kind) continue;
    const res = await cache.match(req);
    const rows = res ? await res.json().catch(() => []) : [];
    for (const c of rows) if (q && c.name.includes(q)) seen.set(c.id, c);
  }
  const rows = [...seen.values()].sort((a, b) => a.name.localeCompare(b.name, "zh-CN")).slice(0, 20);
  return new Response(JSON.stringify(rows), { headers: { "Content-Type": "application/json; charset=utf-8" } });
}

registerRoute(
  ({ url }) => url.origin === self.location.origin && url.pathname === "/counterparts",
  async (options) => {
    try {
      return await counterparts.handle(options);
    } catch {
      return counterpartsFromEarlierAnswers(options.url);
    }
  },
);

/**
 * Keeps a copy of each capture page the user has not opened yet (asked by every page once the
 * worker is active): a form first opened right after logging in, before the worker took control,
 * still opens offline later. Pages the user may not open (403) or a lost login (303) are not kept.
 */
const WARM = ["/", "/talks/new", "/visits/new", "/meetings/new", "/requests/new"];
async function warmPages() {
  const user = await LedgerOutbox.currentUser();
  if (user === null) return;
  const cache = await caches.open("ledger-pages");
  for (const p of WARM) {
    // Logged out or another user meanwhile: no more requests on the old login's behalf.
    if ((await LedgerOutbox.currentUser()) !== user) return;
    const key = self.location.origin + p;
    if (await cache.match(key)) continue;
    try {
      const res = await fetch(p, { credentials: "same-origin", redirect: "manual", headers: { Accept: "text/html", "X-Ledger-Background": "warm" } }); // keeps the user's flash for the page they open next
      if (res.status === 200 && res.type === "basic" && (await LedgerOutbox.currentUser()) === user) await cache.put(key, res);
    } catch {
      return; // offline: try again at the next page
    }
  }
}
self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "warm") event.waitUntil(warmPages());
});

// Other pages go to the network; when that fails, the offline page (below) answers.
registerRoute(({ request }) => request.mode === "navigate", new NetworkOnly());

setCatchHandler(async ({ request }) => {
  if (request.mode === "navigate") return (await matchPrecache("/offline.html")) || Response.error();
  return Response.error();
});

// An entry left for lack of network fails the sync, so the browser tries again later (with backoff).
self.addEventListener("sync", (event) => {
  if (event.tag !== LedgerOutbox.SYNC_TAG) return;
  event.waitUntil(
    LedgerOutbox.sendAll().then((r) => {
      if (r.left) throw new Error("outbox: network still unavailable");
    }),
  );
});
