/**
 * Security plumbing from maintained libraries: helmet (headers and a Content-Security-Policy
 * with no inline script or style), express-rate-limit on login (per address and per account),
 * csrf-sync (synchroniser tokens kept in the server-side session, on every state-changing request).
 */
import type { Request, Response } from "express";
import helmet from "helmet";
import { rateLimit } from "express-rate-limit";
import { csrfSync } from "csrf-sync";

export function securityHeaders(secureCookies: boolean) {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", "data:"],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        workerSrc: ["'self'"], // the service worker (/sw.js)
        manifestSrc: ["'self'"], // /manifest.webmanifest
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        ...(secureCookies ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: secureCookies,
  });
}

const loginMessage = "登录尝试过于频繁，请 15 分钟后再试";

/**
 * The two login limiters, made afresh for each app (express-rate-limit keeps its counts in the
 * instance's memory, so a module-level limiter would be shared by every app in one process):
 * per address, 30 failed attempts in 15 minutes; per account name (normalised like the login
 * itself: trimmed, NFC, lower case), 10 failed attempts in 15 minutes whatever the address.
 * Successful logins are not counted. Both answer 429 with the same page (views/errors/429.ejs in
 * the layout, with a link back to 登录) whether or not the account exists. The address comes from
 * `req.ip`, so it depends on `trust proxy` (TRUST_PROXY).
 */
export function loginLimiters() {
  const common = {
    windowMs: 15 * 60_000,
    standardHeaders: "draft-8" as const,
    legacyHeaders: false,
    message: loginMessage,
    skipSuccessfulRequests: true,
    handler: lockedOut,
  };
  const byAddress = rateLimit({ ...common, limit: 30 });
  const byAccount = rateLimit({
    ...common,
    limit: 10,
    keyGenerator: (req: Request) => `user:${accountKey(req.body?.username)}`,
  });
  return [byAddress, byAccount];
}

/** The lockout answer: a page in the layout, status 429 (the Retry-After header is already set). */
function lockedOut(_req: Request, res: Response): void {
  res.status(429).render("errors/429", { title: "登录尝试过于频繁", message: loginMessage });
}

/** The account name a login attempt is counted against (the body is parsed before the limiter runs). */
export function accountKey(username: unknown): string {
  return String(typeof username === "string" ? username : "").trim().normalize("NFC").toLowerCase().slice(0, 64);
}

export const csrf = csrfSync({
  getTokenFromRequest: (req: Request) => {
    const fromBody = req.body && typeof req.body._csrf === "string" ? req.body._csrf : undefined;
    return fromBody ?? (req.headers["x-csrf-token"] as string | undefined);
  },
  errorConfig: { statusCode: 403, message: "表单已过期或来源不明，请刷新页面后重试", code: "EBADCSRFTOKEN" },
});
