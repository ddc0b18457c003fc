/**
 * Security plumbing from maintained libraries: helmet (headers and a Content-Security-Policy
 * with no inline script or style), express-rate-limit on login (per address and per account)
 * and on the current-password check of 修改密码, csrf-sync (synchroniser tokens kept in the
 * server-side session, on every state-changing request).
 */
import type { Request, Response } from "express";
import helmet from "helmet";
import { rateLimit, type RateLimitRequestHandler } from "express-rate-limit";
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

/** The per-account login limiter's key for an account name as typed. */
const loginKey = (username: unknown) => `user:${accountKey(username)}`;

export interface LoginLimiters {
  /** The middlewares to put before the login handler (per address, then per account name). */
  middlewares: RateLimitRequestHandler[];
  /** Clears the account's failure count after a successful login as `username`. */
  succeeded(username: unknown): Promise<void>;
}

/**
 * The two login limiters, made afresh for each app (express-rate-limit keeps its counts in the
 * instance's memory, so a module-level limiter would be shared by every app in one process):
 * per address, 30 failed attempts in 15 minutes; per account name (normalised like the login
 * itself: trimmed, NFC, lower case), 10 failed attempts in 15 minutes whatever the address.
 * Successful logins are not counted, and one clears the account's count (`succeeded`), so the
 * owner's earlier typos do not bring a lockout closer; the per-address count stays (a login to
 * one's own account must not buy more guesses at others). Both answer 429 with the same page
 * (views/errors/429.ejs in the layout, with a link back to 登录) whether or not the account
 * exists. The address comes from `req.ip`, so it depends on `trust proxy` (TRUST_PROXY).
 */
export function loginLimiters(): LoginLimiters {
  const common = {
    windowMs: 15 * 60_000,
    standardHeaders: "draft-8" as const,
    legacyHeaders: false,
    message: loginMessage,
    skipSuccessfulRequests: true,
    handler: lockedOut,
  };
  const byAddress = rateLimit({ ...common, limit: 30 });
  const byAccount = rateLimit({ ...common, limit: 10, keyGenerator: (req: Request) => loginKey(req.body?.username) });
  return {
    middlewares: [byAddress, byAccount],
    succeeded: async (username) => {
      await byAccount.resetKey(loginKey(username));
    },
  };
}

/** The lockout answer: a page in the layout, status 429 (the Retry-After header is already set). */
function lockedOut(_req: Request, res: Response): void {
  res.status(429).render("errors/429", { title: "登录尝试过于频繁", message: loginMessage });
}

const passwordCheckMessage = "当前密码输错次数过多，请 15 分钟后再试";

/** Set by the handler when the current password was wrong: only those attempts count. */
export function countWrongCurrentPassword(res: Response): void {
  res.locals.wrongCurrentPassword = true;
}

/**
 * The limiter of the current-password check on 修改密码 (issue 11, item 6): a session in the
 * wrong hands must not try passwords there without end. Per account (the logged-in member id),
 * 10 wrong current passwords in 15 minutes; other refusals (a weak new password) and successes
 * are not counted. Answers 429 with the lockout page in the layout, linking back to the form.
 * Made afresh for each app, like loginLimiters.
 */
export function passwordCheckLimiter(): RateLimitRequestHandler {
  return rateLimit({
    windowMs: 15 * 60_000,
    limit: 10,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    message: passwordCheckMessage,
    keyGenerator: (req: Request) => `member:${req.user?.id ?? 0}`,
    skipSuccessfulRequests: true,
    requestWasSuccessful: (_req: Request, res: Response) => res.locals.wrongCurrentPassword !== true,
    handler: (_req: Request, res: Response) => {
      res.status(429).render("errors/429", {
        title: "密码尝试过于频繁",
        heading: "暂时无法修改密码",
        message: passwordCheckMessage,
        note: "为保护账号安全，多次输错当前密码后会暂停修改。如忘记密码，请联系管理员重置。",
        back: { href: "/", label: "返回工作台" },
      });
    },
  });
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
