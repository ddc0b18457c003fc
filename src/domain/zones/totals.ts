/**
 * Records per responsibility zone (责任区), each attributed to the zone its person was assigned to
 * ON THE RECORD'S DATE (DOMAIN.md: a member belongs to one zone at a time, with dated history).
 * A member moved mid-year leaves the records before the move in the old zone and those after it
 * in the new one: every record counts once, in exactly one zone, or under "no zone" (`null`).
 *
 * `attributeToZones` is pure: records `{ memberId, on }` (Asia/Shanghai `YYYY-MM-DD`) and
 * assignments `{ memberId, zoneId, fromOn, toOn }` (inclusive, toOn null = still) → count per
 * zone id (null key: no zone on that date). `zoneRecordTotals(raw, year)` applies it to the
 * year's talks (by talker) and line visits (by cadre), soft-deleted ones excluded.
 */
import type Database from "better-sqlite3";

export interface DatedRecord {
  memberId: number;
  on: string;
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
    out.set(zone, (out.get(zone) ?? 0) + 1);
  }
  return out;
}

export interface ZoneTotals {
  talks: Map<number | null, number>;
  visits: Map<number | null, number>;
}

/** The year's talks and line visits per zone, each in the zone of its date. */
export function zoneRecordTotals(raw: Database.Database, year: number): ZoneTotals {
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const spans = raw
    .prepare(`SELECT "memberId", "zoneId", "fromOn", "toOn" FROM "ZoneAssignment" WHERE "fromOn" <= ? AND ("toOn" IS NULL OR "toOn" >= ?)`)
    .all(to, from) as ZoneSpan[];
  const talks = raw
    .prepare(`SELECT "talkerId" AS "memberId", "occurredOn" AS "on" FROM "Talk" WHERE "occurredOn" BETWEEN ? AND ? AND "deletedAt" IS NULL`)
    .iterate(from, to) as Iterable<DatedRecord>;
  const visits = raw
    .prepare(`SELECT "cadreId" AS "memberId", "visitedOn" AS "on" FROM "LineVisit" WHERE "visitedOn" BETWEEN ? AND ? AND "deletedAt" IS NULL`)
    .iterate(from, to) as Iterable<DatedRecord>;
  return { talks: attributeToZones(talks, spans), visits: attributeToZones(visits, spans) };
}
