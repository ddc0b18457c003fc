/**
 * Third-party browser files served from node_modules, never from a CDN (the network may be
 * closed and the CSP allows only 'self'):
 *   GET /vendor/chart.umd.min.js   Chart.js (the charts of the secretary's overview and a member's year)
 *   GET /vendor/idb.umd.js         idb 8 (IndexedDB with promises: the offline outbox, in pages and the service worker)
 * Public like /css and /js (static code, no data). Precached by the service worker (src/pwa/build.ts).
 */
import { createRequire } from "node:module";
import path from "node:path";
import { Router } from "express";

const require = createRequire(import.meta.url);

/** File name under /vendor/ → the file in node_modules. */
export const VENDOR_FILES: Record<string, string> = {
  "chart.umd.min.js": path.join(path.dirname(require.resolve("chart.js")), "chart.umd.min.js"),
  "idb.umd.js": path.join(path.dirname(require.resolve("idb")), "umd.js"),
};

export function vendorRouter() {
  const r = Router();
  for (const [name, file] of Object.entries(VENDOR_FILES)) {
    r.get(`/${name}`, (_req, res) => {
      res.type("application/javascript").sendFile(file, { maxAge: "1d" });
    });
  }
  return r;
}
