/**
 * The process environment, parsed once with zod. Every setting has a default that works on a
 * fresh clone; `loadConfig()` throws a readable Error listing every bad variable.
 */
import { z } from "zod";

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  // Loopback by default: the demo's passwords are public. Set HOST=0.0.0.0 to serve the office network.
  HOST: z.string().default("127.0.0.1"),
  // SQLite file (the embedded default) or PostgreSQL server (issue 17; src/db/engine.ts).
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, "必须以 file:（SQLite）或 postgresql://（PostgreSQL）开头")
    .default("file:./data/ledger.db"),
  // Signs the session cookie. Without it a random one is made at start (sessions then end at restart).
  SESSION_SECRET: z.string().min(16).optional(),
  // Minutes of inactivity after which a session ends.
  SESSION_IDLE_MINUTES: z.coerce.number().int().positive().default(120),
  DEMO_PASSWORD: z.string().min(6).default("demo1234"),
  // Express `trust proxy`: the number of proxies in front of the app (0 = none), never `true`.
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  // Set when served over HTTPS so cookies get the Secure flag.
  COOKIE_SECURE: z.enum(["true", "false"]).default("false").transform((v) => v === "true"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  SEED_SCALE: z.enum(["demo", "county", "none"]).default("demo"),
  // Where the service worker is built at start (src/pwa/build.ts) and served from (/sw.js, /pwa/…).
  PWA_DIR: z.string().min(1).default("build/pwa"),
});

export type Config = z.infer<typeof schema>;

/** Parses `env` (default `process.env`); throws Error("配置错误: …") naming each invalid variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new Error(`配置错误 (invalid environment):\n${lines.join("\n")}`);
  }
  return parsed.data;
}
