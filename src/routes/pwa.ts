/**
 * The installable app and its offline outbox (issue 14). The static parts are mounted before the
 * session middleware (src/app.ts), like /css and /js: the service worker fetches them while the
 * user logs in, and a request that touched the session then could answer with a new anonymous
 * session cookie that replaces the one just logged in.
 *   GET /sw.js             the service worker built by src/pwa/build.ts (404 when not built)
 *   GET /pwa/…             Workbox's runtime beside it (from node_modules, no CDN)
 *   GET /outbox            待同步记录: a static page (public/outbox.html) rendered in the browser
 *                          from IndexedDB; it holds no data of its own
 *   GET /outbox/token      behind login: { csrfToken, userId } for sending one outbox entry; an
 *                          expired session answers 401 { error: "登录已过期" } (JSON, not a redirect)
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import express, { Router } from "express";
import type { Config } from "../config.ts";
import { csrf } from "../http/security.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Public, no session: /sw.js, /pwa/…, /outbox. */
export function pwaStaticRouter(config: Config) {
  const r = Router();
  const dir = path.resolve(root, config.PWA_DIR);
  r.get("/sw.js", (_req, res) => {
    // Always revalidated: a new deployment's worker is picked up at the next page load.
    res.set("Cache-Control", "no-cache");
    // dotfiles: the directory may sit under .tmp (tests).
    res.type("application/javascript").sendFile(path.join(dir, "sw.js"), { dotfiles: "allow" }, (err) => {
      if (err && !res.headersSent) res.status(404).type("text/plain").send("service worker not built");
    });
  });
  r.use("/pwa", express.static(dir, { index: false, maxAge: "1d", dotfiles: "allow", fallthrough: false }));
  r.get("/outbox", (_req, res) => {
    res.set("Cache-Control", "no-cache");
    res.sendFile(path.join(root, "public", "outbox.html"));
  });
  return r;
}

/** GET /outbox/token, mounted after the session (it reads the login itself and answers JSON). */
export function outboxTokenRouter() {
  const r = Router();
  r.get("/outbox/token", (req, res) => {
    res.set("Cache-Control", "no-store");
    if (!req.user) return res.status(401).json({ error: "登录已过期" });
    if (req.user.mustChangePassword) return res.status(401).json({ error: "请先修改初始密码" });
    res.json({ csrfToken: csrf.generateToken(req), userId: req.user.id });
  });
  return r;
}
