/**
 * Third-party browser files served from node_modules, never from a CDN (the network may be
 * closed and the CSP allows only 'self'):
 *   GET /vendor/chart.umd.min.js   Chart.js (the charts of the secretary's overview and a member's year)
 * Public like /css and /js (static code, no data).
 */
import { createRequire } from "node:module";
import path from "node:path";
import { Router } from "express";

const require = createRequire(import.meta.url);
const CHART_JS = path.join(path.dirname(require.resolve("chart.js")), "chart.umd.min.js");

export function vendorRouter() {
  const r = Router();
  r.get("/chart.umd.min.js", (_req, res) => {
    res.type("application/javascript").sendFile(CHART_JS, { maxAge: "1d" });
  });
  return r;
}
