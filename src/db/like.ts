/**
 * Literal "contains" for search boxes. Prisma's `contains` / `startsWith` / `endsWith` on SQLite
 * become `LIKE` without escaping, so a typed `%` or `_` acts as a wildcard (`?q=%` matched
 * everyone). `containsText(db, table, column, q)` returns a Prisma where fragment that matches
 * `q` literally: the plain `contains` when `q` holds no wildcard (the common case; ASCII case is
 * folded either way, as LIKE does), otherwise the ids found by `LIKE … ESCAPE '\'` with the
 * wildcards escaped (few rows ever hold a % or _ in a name, so the id list stays short).
 * Names, login names and phones are stored folded (src/core/names.ts), so the term is folded
 * the same way before it is compared (`第一　责任区` finds `第一责任区`, `１３８` finds `138`).
 * ASCII case is folded on both engines: SQLite's LIKE does it, PostgreSQL's needs ILIKE (Prisma's
 * `mode: "insensitive"`), so a search finds the same rows on either (`tom` finds `Tom`).
 */
import { Prisma } from "../generated/prisma/client.ts";
import type { Db } from "./client.ts";
import { foldName } from "../core/names.ts";

/**
 * The provider the Prisma client (or transaction client) was generated for: "sqlite" or
 * "postgresql". Prisma keeps it on the client as `_activeProvider` (typed in its runtime, not
 * documented): the one engine question a Prisma where fragment has to ask.
 */
function providerOf(db: Db): string {
  return (db as unknown as { _activeProvider: string })._activeProvider;
}

/** Tables and text columns a search box may look into (identifiers never come from input). */
const SEARCHABLE = {
  Member: ["name", "username", "phone"],
  Resident: ["name", "tags"],
} as const;
type Table = keyof typeof SEARCHABLE;
type Column<T extends Table> = (typeof SEARCHABLE)[T][number];

/** Columns holding folded names or numbers: the search term is folded like them. */
const FOLDED: ReadonlySet<string> = new Set(["name", "username", "phone"]);

/** Does `q` hold a LIKE wildcard? */
export function hasLikeWildcard(q: string): boolean {
  return /[%_]/.test(q);
}

/** `q` with `\`, `%` and `_` escaped for `LIKE … ESCAPE '\'`. */
export function escapeLike(q: string): string {
  return q.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * A where fragment: `column` of `table` contains `q` literally. With `between` (a separator, e.g.
 * "、"), `q` must be one whole item of the separator-joined list held in `column`.
 */
export async function containsText<T extends Table>(db: Db, table: T, column: Column<T>, typed: string, between?: string): Promise<Record<string, unknown>> {
  const q = FOLDED.has(column) ? foldName(typed) : typed;
  const pg = providerOf(db) === "postgresql";
  if (!hasLikeWildcard(q) && between === undefined) return { [column]: pg ? { contains: q, mode: "insensitive" } : { contains: q } };
  const sep = between ?? "";
  // Prisma's tagged SQL: its placeholders fit either engine (`?` was SQLite's only); the
  // separators are cast so PostgreSQL types the untyped parameters of `||` as text.
  const col = Prisma.raw(`"${table}"."${column}"`);
  const rows = await db.$queryRaw<{ id: number | bigint }[]>(
    Prisma.sql`SELECT "id" FROM ${Prisma.raw(`"${table}"`)} WHERE (CAST(${sep} AS TEXT) || ${col} || CAST(${sep} AS TEXT)) ${Prisma.raw(pg ? "ILIKE" : "LIKE")} ${`%${escapeLike(sep + q + sep)}%`} ESCAPE '\\'`,
  );
  return { id: { in: rows.map((r) => Number(r.id)) } };
}
