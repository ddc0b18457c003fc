/**
 * Structured logs with pino (one JSON object a line on stdout, or on `destination` when given —
 * tests capture it there). Request logs carry the request id (`req.id`, also sent back as the
 * `X-Request-Id` header). What a request log may hold is chosen, not filtered: method, path,
 * query string with long digit runs masked, remote address and user agent — never the body,
 * cookies, the CSRF token or the Referer. Phone and ID numbers (runs of 7+ digits, ASCII or
 * full-width, an ID number's final X included) are masked in query strings and error messages;
 * fields named password/phone/idNumber are redacted wherever they appear in a logged object.
 */
import { pino, stdSerializers, type DestinationStream, type Logger } from "pino";
import type { IncomingMessage } from "node:http";

export const REDACTED = "[redacted]";

/** Masks runs of 7 or more digits (spaces or hyphens between allowed) — phones, ID numbers. */
export function maskNumbers(text: string): string {
  return text.replace(/[0-9０-９](?:[ \-]?[0-9０-９]){6,}[Xx]?/g, REDACTED);
}

/** A URL with its query string decoded and masked; the path is kept (record ids are short). */
export function maskUrl(url: string): string {
  const q = url.indexOf("?");
  if (q < 0) return url;
  let query = url.slice(q + 1);
  try {
    query = decodeURIComponent(query.replace(/\+/g, " "));
  } catch {
    // keep it encoded: masking still applies to plain digits
  }
  return url.slice(0, q + 1) + maskNumbers(query);
}

interface SerializedReq {
  id: unknown;
  method: string;
  url: string;
  remoteAddress?: string;
  headers: Record<string, unknown>;
  raw: IncomingMessage;
}

/** Serializers for pino-http: the request as the few fields above; errors with masked text. */
export const httpLogSerializers = {
  req: (req: SerializedReq) => ({
    id: req.id,
    method: req.method,
    url: maskUrl(req.url ?? ""),
    remoteAddress: req.remoteAddress,
    userAgent: req.headers?.["user-agent"],
  }),
  res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
  err: (err: Error) => {
    const s = stdSerializers.err(err);
    return { type: s.type, message: maskNumbers(s.message ?? ""), stack: maskNumbers(s.stack ?? ""), code: (err as { code?: string }).code };
  },
};

/** The process logger at `level`; `destination` (a stream) for tests, stdout otherwise. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    serializers: { err: httpLogSerializers.err },
    redact: {
      paths: [
        "req.headers.cookie",
        'res.headers["set-cookie"]',
        "req.headers.authorization",
        "req.headers['x-csrf-token']",
        "password",
        "*.password",
        "*.passwordHash",
        "*.phone",
        "*.idNumber",
      ],
      censor: REDACTED,
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
