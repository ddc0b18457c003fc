/**
 * Structured logs with pino. Request logs carry the request id; cookies, the CSRF token and
 * anything that looks like a password, phone or ID number are redacted, never written.
 */
import { pino } from "pino";

export function createLogger(level: string) {
  return pino({
    level,
    redact: {
      paths: [
        "req.headers.cookie",
        'res.headers["set-cookie"]',
        "req.headers.authorization",
        "req.headers['x-csrf-token']",
        "*.password",
        "*.passwordHash",
        "*.phone",
        "*.idNumber",
      ],
      censor: "[redacted]",
    },
  });
}
