/**
 * Records per responsibility zone (责任区), each attributed to the zone its person was assigned to
 * ON THE RECORD'S DATE (DOMAIN.md: a member belongs to one zone at a time, with dated history).
 * A member moved mid-year leaves the records before the move in the old zone and those after it
 * in the new one: every record counts once, in exactly one zone, or under "no zone" (`null`).
 *
 * `attributeToZones` is pure: records `{ memberId, on }` (Asia/Shanghai `YYYY-MM-DD`) and
 * assignments `{ memberId, zoneId, fromOn, toOn }` (inclusive, toOn null = still) → count per
 * zone id (null key: no zone on that date; a record with `n` counts `n` times).
 * `zoneRecordTotals(kx, year)` applies it to the year's talks (by talker) and line visits (by
 * cadre), soft-deleted ones excluded, read per person and day in one snapshot.
 */
import type { Kysely } from "kysely";
import type { DB } from "../../db/kysely.ts";
import { readSnapshot } from "../../db/dialect.ts";

export interface DatedRecord {
  memberId: number;
  on: string;
  /** How many records of that person on that day (default 1). */
  n?: number;
}

export interface ZoneSpan {
  memberId: number;
  zoneId: number;
  fromOn: string;
  toOn: string | null;
}

/** Count of records per zone id (null: the person had no zone on the record's date). */
export function attributeToZones(records: Iterable<DatedRecord>, spans: ZoneSpan[]): Map<number | null, number> {
  const byMember = new Map<number, ZoneSpan[]>();
  for (const s of spans) {
    const list = byMember.get(s.memberId);
    if (list) list.push(s);
    else byMember.set(s.memberId, [s]);
  }
  for (const list of byMember.values()) list.sort((a, b) => (a.fromOn < b.fromOn ? -1 : a.fromOn > b.fromOn ? 1 : 0));
  const out = new Map<number | null, number>();
  for (const r of records) {
    let zone: number | null = null;
    const list = byMember.get(r.memberId);
    if (list) {
      // The latest span starting on or before the date that has not ended before it.
      for (let i = list.length - 1; i >= 0; i--) {
        const s = list[i];
        if (s.fromOn <= r.on) {
          if (s.toOn === null || s.toOn >= r.on) zone = s.zoneId;
          break;
        }
      }
    }
    out.set(zone, (out.get(zone) ?? 0) + (r.n ?? 1));
  }
  return out;
}

export interface ZoneTotals {
  talks: Map<number | null, number>;
  visits: Map<number | null, number>;
}

/** The year's talks and line visits per zone, each in the zone of its date. */
export async function zoneRecordTotals(kx: Kysely<DB>, year: number): Promise<ZoneTotals> {
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  // counted per person and day in SQL: a county's year is hundreds of thousands of records
  return readSnapshot(kx, async (tx) => {
    const spans: ZoneSpan[] = await tx
      .selectFrom("ZoneAssignment")
      .select(["memberId", "zoneId", "fromOn", "toOn"])
      .where("fromOn", "<=", to)
      .where((eb) => eb.or([eb("toOn", "is", null), eb("toOn", ">=", from)]))
      .orderBy("id")
      .execute();
    const talks = await tx
      .selectFrom("Talk")
      .select((eb) => ["talkerId as memberId", "occurredOn as on", eb.fn.countAll<number>().as("n")])
      .where("occurredOn", ">=", from)
      .where("occurredOn", "<=", to)
      .where("deletedAt", "is", null)
      .groupBy(["talkerId", "occurredOn"])
      .execute();
    const visits = await tx
      .selectFrom("LineVisit")
      .select((eb) => ["cadreId as memberId", "visitedOn as on", eb.fn.countAll<number>().as("n")])
      .where("visitedOn", ">=", from)
      .where("visitedOn", "<=", to)
      .where("deletedAt", "is", null)
      .groupBy(["cadreId", "visitedOn"])
      .execute();
    return { talks: attributeToZones(talks, spans), visits: attributeToZones(visits, spans) };
  });
}
