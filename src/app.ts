/**
 * createApp({ db, kx, clock, config }): the Express application with its middleware, routers
 * and error handler. It does not listen (src/server.ts does), so tests drive it with supertest.
 */
import express from "express";
import compression from "compression";
import session from "express-session";
import { LazyTouchSessionStore, renewOncePerMinute, saveBeforeRedirect } from "./auth/session-store.ts";
import { rememberPhoneUser } from "./auth/phone-user.ts";
import { publicFiles } from "./http/public-files.ts";
import expressLayouts from "express-ejs-layouts";
import { pinoHttp } from "pino-http";
import path from "node:path";
import { randomBytes, randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { createPassport } from "./auth/passport.ts";
import { csrf, securityHeaders } from "./http/security.ts";
import { locals } from "./http/locals.ts";
import { reachLoader } from "./http/load-reach.ts";
import { ledgerAt } from "./http/ledger-at.ts";
import { importUploads, writingUploads } from "./http/uploads.ts";
import { busyAnswers } from "./http/busy.ts";
import { formBodies, FORM_BYTE_LIMIT, FORM_FIELD_LIMIT } from "./http/bodies.ts";
import { errorHandler, notFound } from "./http/errors.ts";
import { mountRoutes } from "./routes/index.ts";
import type { AppDeps } from "./routes/deps.ts";
import { vendorRouter } from "./routes/vendor.ts";
import { pwaStaticRouter } from "./routes/pwa.ts";
import { createLogger, httpLogSerializers } from "./http/logger.ts";

export type { AppDeps };

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export function createApp(deps: AppDeps) {
  const { db, config, clock } = deps;
  const app = express();
  app.set("trust proxy", config.TRUST_PROXY);
  app.set("views", path.join(root, "views"));
  app.set("view engine", "ejs");
  app.set("layout", "layouts/main");
  // Compiled views kept between requests everywhere but in development (where edits to views/
  // must show at once). Express turns this on only when process.env.NODE_ENV is "production",
  // which the bench server and tests never set: keyed on the app's config instead, so the
  // bench and `npm start` render as production does (uncached, compiling the page and its
  // includes cost ~2-4 ms of CPU per request; issue 16 item 2).
  app.set("view cache", config.NODE_ENV !== "development");
  app.disable("x-powered-by");

  // Liveness for a load balancer or monitor: 200 {ok:true} when the database answers, 503 otherwise.
  app.get("/healthz", async (_req, res) => {
    res.set("Cache-Control", "no-store");
    try {
      await db.$queryRawUnsafe("SELECT count(*) FROM _prisma_migrations");
      res.json({ ok: true });
    } catch {
      res.status(503).json({ ok: false });
    }
  });
  // gzip/brotli for pages, scripts, styles and CSV (issue 15); already-zipped XLSX is left as it is
  app.use(compression());
  app.use(publicFiles(path.join(root, "public"), config.NODE_ENV === "production" ? "1d" : 0));
  // Static and public, before the session: fetched by the service worker while the user logs in.
  app.use("/vendor", vendorRouter());
  app.use(["/sw.js", "/pwa", "/outbox"], securityHeaders(config.COOKIE_SECURE)); // the outbox page's CSP
  app.use(pwaStaticRouter(config));
  app.use(
    pinoHttp({
      logger: createLogger(config.LOG_LEVEL, deps.logDestination),
      serializers: httpLogSerializers,
      genReqId: (req, res) => {
        const id = randomUUID();
        res.setHeader("X-Request-Id", id);
        return id;
      },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? "error" : "info"),
    }),
  );
  app.use(busyAnswers); // a form re-rendered for a busy database answers 503, not 422
  app.use(securityHeaders(config.COOKIE_SECURE));
  app.use(
    session({
      name: "ledger.sid",
      secret: config.SESSION_SECRET ?? randomBytes(32).toString("hex"),
      resave: false,
      saveUninitialized: false,
      rolling: false, // the inactivity timeout is renewed once a minute at most: renewOncePerMinute
      cookie: {
        httpOnly: true,
        sameSite: "lax",
        secure: config.COOKIE_SECURE,
        maxAge: config.SESSION_IDLE_MINUTES * 60_000,
      },
      store: new LazyTouchSessionStore(db, { checkPeriod: 10 * 60_000, kx: deps.kx }), // the row's expiry moves at most once a minute
    }),
  );
  app.use(renewOncePerMinute()); // before saveBeforeRedirect's snapshot: a renewal alone does not save ahead of a redirect
  app.use(saveBeforeRedirect); // a changed session is stored before the redirect's headers go out
  // The account on a compiled Kysely statement, kept at the ledger's version the request reads once (issue 16)
  const passport = createPassport(db, deps.kx, (req) => ledgerAt(req, deps.kx));
  app.use(passport.initialize());
  app.use(passport.session());
  app.use(rememberPhoneUser(config.COOKIE_SECURE)); // the offline outbox's owner, for the static /outbox page
  app.use(reachLoader(deps.kx, clock));
  app.use(expressLayouts);
  app.use(locals(clock));
  // Pages post HTML forms only (no JSON parser): src/http/bodies.ts refuses any other body. The
  // parser runs after the session and the layout, so its 413/400 pages show in the layout.
  app.use(express.urlencoded({ extended: false, limit: FORM_BYTE_LIMIT, parameterLimit: FORM_FIELD_LIMIT }));
  app.use(importUploads); // an admin's import file: parsed before the CSRF check reads its token
  app.use(writingUploads); // a writing's attachment (issue 18), likewise
  app.use(formBodies); // a body no parser took: 400; no body: {}
  app.use(csrf.csrfSynchronisedProtection);

  mountRoutes(app, { ...deps, passport });

  app.use(notFound);
  app.use(errorHandler);
  return app;
}
