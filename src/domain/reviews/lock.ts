/**
 * The year lock of 年终备查 (DOMAIN.md: "After the secretary closes a year, that year's records
 * are read-only until reopened with a reason"). Every write path calls `assertYearOpen` with the
 * record's date (and, on edit, its old date too). Throws LockedError.
 */
import type { Prisma } from "../../generated/prisma/client.ts";
import type { Db } from "../../db/client.ts";
import { LockedError } from "../../core/errors.ts";

type Reader = Db | Prisma.TransactionClient;

export async function isYearClosed(db: Reader, year: number): Promise<boolean> {
  return (await db.yearClosure.findUnique({ where: { year } })) !== null;
}

/** Throws LockedError if the year of any of `dates` (YYYY-MM-DD) is closed. */
export async function assertYearOpen(db: Reader, ...dates: string[]): Promise<void> {
  for (const year of new Set(dates.map((d) => Number(d.slice(0, 4))))) {
    if (await isYearClosed(db, year)) throw new LockedError(year);
  }
}

/** The closed years among those given, for list pages that mark records read-only. */
export async function closedYears(db: Reader): Promise<Set<number>> {
  const rows = await db.yearClosure.findMany({ select: { year: true } });
  return new Set(rows.map((r) => r.year));
}
