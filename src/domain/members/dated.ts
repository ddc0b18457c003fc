/**
 * Dated history of a person's role term, zone, line and department (DOMAIN.md: "a member belongs
 * to one zone at a time; keep the history of assignments with dates"). Intervals are
 * `[fromOn, toOn]`, inclusive Asia/Shanghai dates, `toOn` null = still.
 *
 * `changeFrom(tx, what, memberId, value, fromOn)` makes `value` hold from `fromOn` on:
 * - the interval covering `fromOn` is closed the day before (`toOn = fromOn − 1`), or, when it
 *   starts on `fromOn` itself, replaced (a same-day correction);
 * - a new open interval starts on `fromOn` (none when `value` is null: the person leaves);
 * - nothing changes when the covering interval already holds `value`.
 * So records are attributed to the zone/line held on their date and a move neither counts a
 * record twice nor loses it. Throws DomainError("fromOn") when a later change already exists (the
 * history is only extended at its end) and LockedError when `fromOn` is in a closed year.
 */
import { Prisma } from "../../generated/prisma/client.ts";
import { addDays } from "../../rules/index.ts";
import { DomainError } from "../../core/errors.ts";
import { assertYearOpen } from "../reviews/lock.ts";

type Tx = Prisma.TransactionClient;

export type DatedKind = "role" | "zone" | "line" | "department";

const TABLES: Record<DatedKind, { table: string; columns: string[] }> = {
  role: { table: "RoleTerm", columns: ["role", "cadreLevel"] },
  zone: { table: "ZoneAssignment", columns: ["zoneId"] },
  line: { table: "LineAssignment", columns: ["lineId"] },
  department: { table: "DepartmentAssignment", columns: ["departmentId"] },
};

type Value = (string | number | null)[];

interface Interval {
  id: number;
  fromOn: string;
  toOn: string | null;
  values: Value;
}

export interface DatedChange {
  before: { values: Value; fromOn: string; toOn: string | null } | null;
  after: { values: Value; fromOn: string } | null;
}

async function intervals(tx: Tx, kind: DatedKind, memberId: number): Promise<Interval[]> {
  const { table, columns } = TABLES[kind];
  // Tagged SQL (placeholders per engine); table and column names come from TABLES only.
  const rows = (await tx.$queryRaw(
    Prisma.sql`SELECT "id", "fromOn", "toOn", ${quoted(columns)} FROM ${quoted([table])} WHERE "memberId" = ${memberId} ORDER BY "fromOn", "id"`,
  )) as Record<string, unknown>[];
  return rows.map((r) => intervalOf(r, columns));
}

/** An interval from a row of a dated table (`bigint` ids and values as numbers). */
const intervalOf = (r: Record<string, unknown>, columns: string[]): Interval => ({
  id: Number(r.id),
  fromOn: String(r.fromOn),
  toOn: r.toOn === null ? null : String(r.toOn),
  values: columns.map((c) => (r[c] === null ? null : typeof r[c] === "bigint" ? Number(r[c]) : (r[c] as string | number))),
});

/** Identifiers from TABLES (never user input), double-quoted and comma-separated. */
const quoted = (names: string[]) => Prisma.raw(names.map((n) => `"${n}"`).join(", "));

const same = (a: Value, b: Value) => a.length === b.length && a.every((v, i) => v === b[i]);

/** The value held on `date` (null when none). */
export async function valueOn(tx: Tx, kind: DatedKind, memberId: number, date: string): Promise<Value | null> {
  const hit = (await intervals(tx, kind, memberId)).filter((i) => i.fromOn <= date && (i.toOn === null || i.toOn >= date)).at(-1);
  return hit?.values ?? null;
}

export async function changeFrom(tx: Tx, kind: DatedKind, memberId: number, value: Value | null, fromOn: string): Promise<DatedChange> {
  await assertYearOpen(tx, { memberId }, fromOn);
  const { table, columns } = TABLES[kind];
  const all = await intervals(tx, kind, memberId);
  const later = all.filter((i) => i.fromOn > fromOn).at(-1);
  if (later) throw new DomainError("fromOn", `该成员自 ${later.fromOn} 起已有调整，生效日期不能早于该日`);
  const covering = all.filter((i) => i.fromOn <= fromOn && (i.toOn === null || i.toOn >= fromOn)).at(-1) ?? null;
  if (covering && value && same(covering.values, value)) return { before: null, after: null };
  if (!covering && value === null) return { before: null, after: null };
  const before = covering ? { values: covering.values, fromOn: covering.fromOn, toOn: covering.toOn } : null;
  if (covering) {
    if (covering.fromOn === fromOn) await tx.$executeRaw`DELETE FROM ${quoted([table])} WHERE "id" = ${covering.id}`;
    else await tx.$executeRaw`UPDATE ${quoted([table])} SET "toOn" = ${addDays(fromOn, -1)} WHERE "id" = ${covering.id}`;
  }
  if (value) {
    await tx.$executeRaw`INSERT INTO ${quoted([table])} ("memberId", "fromOn", "toOn", ${quoted(columns)}) VALUES (${memberId}, ${fromOn}, NULL, ${Prisma.join(value)})`;
  }
  return { before, after: value ? { values: value, fromOn } : null };
}

/**
 * `changeFrom` for many members at once, all to the same `value` from `fromOn` (a roster moved into
 * one zone): the same checks in `memberIds`' order (the first failure is thrown, through `wrap`
 * when given, e.g. to name the member) and the same rows written, but the histories read and the
 * rows written in a few statements for the whole roster instead of several per member (on
 * PostgreSQL every statement is a round trip). Returns each member's change, in `memberIds`' order.
 */
export async function changeFromMany(
  tx: Tx, kind: DatedKind, memberIds: number[], value: Value, fromOn: string, wrap: (memberId: number, e: DomainError) => Error = (_, e) => e,
): Promise<{ memberId: number; change: DatedChange }[]> {
  const { table, columns } = TABLES[kind];
  // The year lock needs a per-member look-up only when some branch closed fromOn's year.
  const anyClosed = (await tx.yearClosure.count({ where: { year: Number(fromOn.slice(0, 4)) } })) > 0;
  const byMember = new Map<number, Interval[]>();
  for (let i = 0; i < memberIds.length; i += SLICE) {
    const rows = (await tx.$queryRaw(
      Prisma.sql`SELECT "id", "memberId", "fromOn", "toOn", ${quoted(columns)} FROM ${quoted([table])} WHERE "memberId" IN (${Prisma.join(memberIds.slice(i, i + SLICE))}) ORDER BY "fromOn", "id"`,
    )) as Record<string, unknown>[];
    for (const r of rows) {
      const list = byMember.get(Number(r.memberId)) ?? [];
      list.push(intervalOf(r, columns));
      byMember.set(Number(r.memberId), list);
    }
  }
  const out: { memberId: number; change: DatedChange }[] = [];
  const deletes: number[] = [];
  const closes: number[] = [];
  const inserts: number[] = [];
  for (const memberId of memberIds) {
    try {
      if (anyClosed) await assertYearOpen(tx, { memberId }, fromOn);
      const all = byMember.get(memberId) ?? [];
      const later = all.filter((i) => i.fromOn > fromOn).at(-1);
      if (later) throw new DomainError("fromOn", `该成员自 ${later.fromOn} 起已有调整，生效日期不能早于该日`);
      const covering = all.filter((i) => i.fromOn <= fromOn && (i.toOn === null || i.toOn >= fromOn)).at(-1) ?? null;
      if (covering && same(covering.values, value)) {
        out.push({ memberId, change: { before: null, after: null } });
        continue;
      }
      if (covering) (covering.fromOn === fromOn ? deletes : closes).push(covering.id);
      inserts.push(memberId);
      out.push({ memberId, change: { before: covering ? { values: covering.values, fromOn: covering.fromOn, toOn: covering.toOn } : null, after: { values: value, fromOn } } });
    } catch (e) {
      throw e instanceof DomainError ? wrap(memberId, e) : e;
    }
  }
  for (let i = 0; i < deletes.length; i += SLICE) await tx.$executeRaw`DELETE FROM ${quoted([table])} WHERE "id" IN (${Prisma.join(deletes.slice(i, i + SLICE))})`;
  for (let i = 0; i < closes.length; i += SLICE) {
    await tx.$executeRaw`UPDATE ${quoted([table])} SET "toOn" = ${addDays(fromOn, -1)} WHERE "id" IN (${Prisma.join(closes.slice(i, i + SLICE))})`;
  }
  for (let i = 0; i < inserts.length; i += SLICE) {
    const rows = inserts.slice(i, i + SLICE).map((memberId) => Prisma.sql`(${memberId}, ${fromOn}, NULL, ${Prisma.join(value)})`);
    await tx.$executeRaw`INSERT INTO ${quoted([table])} ("memberId", "fromOn", "toOn", ${quoted(columns)}) VALUES ${Prisma.join(rows)}`;
  }
  return out;
}

/** Members per statement in changeFromMany: well under either engine's bound-parameter limit. */
const SLICE = 500;

/**
 * When a person's `registeredOn` moves, the history that began with it moves too: each kind's
 * first interval that started on the old date starts on the new one (if that leaves it non-empty).
 */
export async function moveStart(tx: Tx, memberId: number, oldOn: string, newOn: string): Promise<void> {
  for (const kind of Object.keys(TABLES) as DatedKind[]) {
    const first = (await intervals(tx, kind, memberId))[0];
    if (first && first.fromOn === oldOn && (first.toOn === null || first.toOn >= newOn)) {
      await tx.$executeRaw`UPDATE ${quoted([TABLES[kind].table])} SET "fromOn" = ${newOn} WHERE "id" = ${first.id}`;
    }
  }
}

/**
 * Cancels the last change of `kind` when it has not taken effect (its date after `today`), so a
 * mistyped future move (issue 15) neither stands nor blocks later ones: a change to a new value
 * (an interval starting after today) is deleted and the interval it closed is reopened; a future
 * "none" (the last interval ending on or after today, nothing after it) is reopened. Returns what
 * was undone, or null when there is no future change. Dates are Asia/Shanghai `YYYY-MM-DD`.
 */
export async function cancelFuture(tx: Tx, kind: DatedKind, memberId: number, today: string): Promise<DatedChange | null> {
  const { table } = TABLES[kind];
  const all = await intervals(tx, kind, memberId);
  const last = all.at(-1);
  if (!last) return null;
  if (last.fromOn > today) {
    const closed = all.find((i) => i.toOn === addDays(last.fromOn, -1)) ?? null;
    await tx.$executeRaw`DELETE FROM ${quoted([table])} WHERE "id" = ${last.id}`;
    if (closed) await tx.$executeRaw`UPDATE ${quoted([table])} SET "toOn" = NULL WHERE "id" = ${closed.id}`;
    return { before: { values: last.values, fromOn: last.fromOn, toOn: last.toOn }, after: closed ? { values: closed.values, fromOn: closed.fromOn } : null };
  }
  if (last.toOn !== null && last.toOn >= today) {
    await tx.$executeRaw`UPDATE ${quoted([table])} SET "toOn" = NULL WHERE "id" = ${last.id}`;
    return { before: { values: [null], fromOn: addDays(last.toOn, 1), toOn: null }, after: { values: last.values, fromOn: last.fromOn } };
  }
  return null;
}

/** The date of the last change of `kind` not yet in effect on `today` (null when none): what cancelFuture would undo. */
export async function futureChangeOn(tx: Tx, kind: DatedKind, memberId: number, today: string): Promise<string | null> {
  const last = (await intervals(tx, kind, memberId)).at(-1);
  if (!last) return null;
  if (last.fromOn > today) return last.fromOn;
  if (last.toOn !== null && last.toOn >= today) return addDays(last.toOn, 1);
  return null;
}
