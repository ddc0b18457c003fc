/**
 * What the app and its routers are built from: `AppDeps` (the Prisma client, Kysely on the same
 * database for reports and reads, the one clock, the config, where logs go) and `RouteDeps` (those plus the
 * passport instance). A file of its own so that routers, routes/index.ts and app.ts share the
 * types without importing each other in a loop.
 */
import type { Kysely } from "kysely";
import type { DB } from "../db/kysely.ts";
import type { PassportStatic } from "passport";
import type { DestinationStream } from "pino";
import type { Db } from "../db/client.ts";
import type { Config } from "../config.ts";
import type { Clock } from "../http/clock.ts";

export interface AppDeps {
  db: Db;
  /** SQL on either engine (src/db/kysely.ts): every report and per-request read goes through it (issue 17). */
  kx: Kysely<DB>;
  clock: Clock;
  config: Config;
  /** Where request logs go (tests capture them); stdout when absent. */
  logDestination?: DestinationStream;
}

export interface RouteDeps extends AppDeps {
  passport: PassportStatic;
}
