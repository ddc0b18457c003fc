/**
 * The roll-up (src/domain/rollup/report.ts) at county scale against its floor (issue 12): the whole
 * county and one township (the one with the most branches), JSON, against the bare GROUP BYs of
 * the same rows — the year's talks, line visits, courtyard meetings, requests and assistance
 * grouped by their author (or zone) with no membership join, and the members counted — i.e. the
 * cheapest read of every row the roll-up counts. The compliance report it takes `yearTalksMet`
 * from is the cached one (as in the app: src/domain/compliance/cache.ts, valid while the ledger is unchanged);
 * it is built once in the warm-up. Interleaved, median of `runs`.
 */
import type Database from "better-sqlite3";
import { rollupOf } from "../../src/domain/rollup/report.ts";
import { timeInterleaved, type Sample } from "./stats.ts";

const FLOOR = [
  `SELECT talkerId, count(*) FROM Talk WHERE occurredOn BETWEEN @from AND @to AND deletedAt IS NULL GROUP BY talkerId`,
  `SELECT cadreId, count(*) FROM LineVisit WHERE visitedOn BETWEEN @from AND @to AND deletedAt IS NULL GROUP BY cadreId`,
  `SELECT zoneId, count(*), sum(residentCount) FROM Meeting WHERE kind = 'COURTYARD' AND heldOn BETWEEN @from AND @to AND deletedAt IS NULL GROUP BY zoneId`,
  `SELECT createdById, count(*) FROM Request WHERE raisedOn BETWEEN @from AND @to AND deletedAt IS NULL GROUP BY createdById`,
  `SELECT pairingId, sum(amountFen) FROM AssistanceRecord WHERE givenOn BETWEEN @from AND @to AND deletedAt IS NULL GROUP BY pairingId`,
  `SELECT branchId, count(*) FROM Member GROUP BY branchId`,
];

export interface RollupFigures {
  floor: Sample;
  county: Sample;
  township: Sample;
  townshipCode: string;
  children: number;
}

export function benchRollup(raw: Database.Database, year: number, asOf: string, runs: number): RollupFigures {
  const from = `${year}-01-01`;
  const to = asOf < `${year}-12-31` ? asOf : `${year}-12-31`;
  const root = raw.prepare(`SELECT id FROM Org WHERE parentId IS NULL ORDER BY id LIMIT 1`).pluck().get() as number;
  const township = raw
    .prepare(`SELECT o.id, o.code FROM Org o WHERE o.kind = 'TOWNSHIP' ORDER BY (SELECT count(*) FROM Org c WHERE c.path LIKE o.path || '%') DESC, o.id LIMIT 1`)
    .get() as { id: number; code: string };
  const floorStmts = FLOOR.map((s) => raw.prepare(s));
  let children = 0;
  const t = timeInterleaved(
    {
      floor: () => floorStmts.forEach((s) => s.all({ from, to })),
      county: () => {
        children = rollupOf(raw, root, year, asOf)!.children.length;
        JSON.stringify(children);
      },
      township: () => JSON.stringify(rollupOf(raw, township.id, year, asOf)),
    },
    runs,
  );
  return { floor: t.floor, county: t.county, township: t.township, townshipCode: township.code, children };
}
