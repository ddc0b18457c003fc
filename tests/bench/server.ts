/**
 * The app under load for `npm run bench` (tests/bench/run.ts starts it as a child process, so the
 * load generator and the server do not share an event loop): the real `createApp` on the county
 * file, clock fixed at BENCH_TODAY 10:00 (Asia/Shanghai), request logs written (pino, info) to
 * /dev/null, listening on 127.0.0.1 at a free port, which it prints as `{"port":N}` on stdout.
 *
 * The floor of a page ("the same page with no database work"): the real app is mounted inside an
 * outer bench app that
 * - on a request carrying `x-bench-capture: KEY`, records the view and the locals the real
 *   handler renders (its first `res.render`, before the layout) under KEY;
 * - serves `GET /__bench/floor/KEY`: the same view with the same locals in the same layout
 *   (views/layouts/main.ejs via express-ejs-layouts), behind the same compression, static, logging
 *   and header middleware, with no session, no passport and no query: only what is not database work.
 * `GET /__bench/cpu` answers the process's CPU time so far (`process.cpuUsage()`, µs).
 * Production code is untouched: the bench routes exist only in this process.
 *
 * Usage: node --import tsx tests/bench/server.ts DB_FILE_OR_URL (a SQLite file, or postgresql://…:
 * on PostgreSQL the app has no raw handle, as src/server.ts; BENCH_ENGINE=postgres in run.ts).
 */
import express, { type NextFunction, type Request, type Response } from "express";
import compression from "compression";
import expressLayouts from "express-ejs-layouts";
import { pinoHttp } from "pino-http";
import { pino } from "pino";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { createApp } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import { openDb, openRaw } from "../../src/db/client.ts";
import { engineOf } from "../../src/db/engine.ts";
import { openKysely } from "../../src/db/kysely.ts";
import { fixedClock } from "../../src/http/clock.ts";
import { securityHeaders } from "../../src/http/security.ts";
import { publicFiles } from "../../src/http/public-files.ts";
import { createLogger, httpLogSerializers } from "../../src/http/logger.ts";
import { BENCH_TODAY } from "./county.ts";

const file = process.argv[2];
if (!file) throw new Error("usage: server.ts DB_FILE_OR_URL");
const url = /^(file:|postgres(ql)?:\/\/)/.test(file) ? file : `file:${file}`;
const config = loadConfig({ NODE_ENV: "production", LOG_LEVEL: "info", SESSION_SECRET: "bench-secret-bench-secret", SEED_SCALE: "none", DATABASE_URL: url });
const db = openDb(url);
const raw = engineOf(url) === "sqlite" ? openRaw(url) : undefined;
const kx = openKysely(url, raw ? { sqlite: raw } : {});
const clock = fixedClock(`${BENCH_TODAY}T10:00:00+08:00`);
const logDestination = pino.destination({ dest: "/dev/null", sync: false });
const app = createApp({ db, kx, clock, config, logDestination });

const root = path.resolve(".");
const captured = new Map<string, { view: string; locals: Record<string, unknown> }>();
const outer = express();
outer.disable("x-powered-by");
outer.set("views", path.join(root, "views"));
outer.set("view engine", "ejs");
outer.set("layout", "layouts/main");
outer.enable("view cache"); // the floor renders compiled views, as the app does (src/app.ts)

// The floor: the captured page rendered again, through the non-database middleware of createApp.
const floor = express.Router();
// compression() as createApp has it (since issue 15, after the floor was first built): it is not
// database work, and the page paid for it alone (~30 µs of CPU and 15 KB of garbage per request
// even when the client asks for no encoding, as the load generator does).
floor.use(compression());
floor.use(publicFiles(path.join(root, "public"), "1d"));
floor.use(
  pinoHttp({
    logger: createLogger("info", logDestination),
    serializers: httpLogSerializers,
    genReqId: (_req, res) => {
      const id = randomUUID();
      res.setHeader("X-Request-Id", id);
      return id;
    },
  }),
);
floor.use(securityHeaders(false));
floor.use(expressLayouts);
// The server's CPU time so far (µs), so the harness can divide it by the requests it served.
outer.get("/__bench/cpu", (_req, res) => {
  res.json(process.cpuUsage());
});
floor.get("/:key", (req, res) => {
  const page = captured.get(String(req.params.key));
  if (!page) return res.status(404).send("not captured");
  res.render(page.view, { ...page.locals });
});
outer.use("/__bench/floor", floor);

// Capture what the real handler renders: its first render call (the page view, before the layout).
// express-ejs-layouts keeps the render it wraps in `res.__render` and reuses one already set.
outer.use((req: Request, res: Response, next: NextFunction) => {
  const key = req.get("x-bench-capture");
  if (key) {
    let done = false;
    (res as unknown as { __render: unknown }).__render = function (this: Response, view: string, options?: object, cb?: unknown) {
      if (!done) {
        done = true;
        captured.set(key, { view, locals: { ...res.locals, ...(options ?? {}) } });
      }
      return Object.getPrototypeOf(this).render.call(this, view, options, cb);
    };
  }
  next();
});
outer.use(app);

const server = outer.listen(0, "127.0.0.1", () => {
  const address = server.address();
  process.stdout.write(JSON.stringify({ port: typeof address === "object" && address ? address.port : 0 }) + "\n");
});
server.keepAliveTimeout = 60_000;

function shutdown() {
  server.close(async () => {
    await kx.destroy();
    raw?.close();
    await db.$disconnect();
    process.exit(0);
  });
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 3_000).unref();
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
