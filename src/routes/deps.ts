/**
 * What the app and its routers are built from: `AppDeps` (the database, the raw SQLite handle
 * for streamed reads, the one clock, the config, where logs go) and `RouteDeps` (those plus the
 * passport instance). A file of its own so that routers, routes/index.ts and app.ts share the
 * types without importing each other in a loop.
 */
import type Database from "better-sqlite3";
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
  /**
   * The SQLite file's better-sqlite3 handle: SQLite only, absent on PostgreSQL (being replaced by
   * `kx`, issue 17; delete it once no route reads it).
   */
  raw?: Database.Database;
  clock: Clock;
  config: Config;
  /** Where request logs go (tests capture them); stdout when absent. */
  logDestination?: DestinationStream;
}

export interface RouteDeps extends AppDeps {
  /**
   * `AppDeps.raw`, or on PostgreSQL a stand-in that throws when used (`rawUnavailable`,
   * src/db/client.ts): the routes still reading it answer 500 there until they move to `kx`.
   */
  raw: Database.Database;
  passport: PassportStatic;
}
