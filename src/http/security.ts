/**
 * Security plumbing from maintained libraries: helmet (headers and a Content-Security-Policy
 * with no inline script or style), express-rate-limit on login (per address and per account),
 * csrf-sync (synchroniser tokens kept in the server-side session, on every state-changing request).
 */
import type { Request } from "express";
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

/** Per address: 30 login attempts in 15 minutes. */
export const loginLimitByAddress = rateLimit({
  windowMs: 15 * 60_000,
  limit: 30,
  standardHeaders: "draft-8",
  legacyHeaders: false,
  message: loginMessage,
  skipSuccessfulRequests: true,
});

/** Per account name: 10 failed attempts in 15 minutes, whatever the address. */
export const loginLimitByAccount = rateLimit({
  windowMs: 15 * 60_000,
  limit: 10,
  standardHeaders: "draft-8",
  legacyHeaders: false,
  message: loginMessage,
  skipSuccessfulRequests: true,
  keyGenerator: (req: Request) => `user:${String(req.body?.username ?? "").trim().toLowerCase().slice(0, 64)}`,
});

export const csrf = csrfSync({
  getTokenFromRequest: (req: Request) => {
    const fromBody = req.body && typeof req.body._csrf === "string" ? req.body._csrf : undefined;
    return fromBody ?? (req.headers["x-csrf-token"] as string | undefined);
  },
  errorConfig: { statusCode: 403, message: "表单已过期或来源不明，请刷新页面后重试", code: "EBADCSRFTOKEN" },
});
