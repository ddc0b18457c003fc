/**
 * The data of a member's year page (views/years/member, routes/years.ts): the year's lists one
 * page each (member-year.ts), the member's quota results and grids (the compliance report of that
 * one member, overview.ts memberGrids), their stays and writings, and the branch that closes
 * their year (the closure and the sign-off history are read per request: YearClosure, YearReview
 * and AuditEntry raise no ledger version).
 *
 * Kept at the ledger's versions (ledger-kept.ts) for each member, year, asOf, period and list
 * pages: at county scale these were ~30 statements and ~4 ms of CPU per view (the one-member
 * report, 18 counts and lists) and the page is opened again and again while a secretary pages
 * through the lists or signs the year off. Every table behind the kept part raises a version row;
 * the names of the visits' targets (Line and Department raise none) are read per request, in the
 * same snapshot as the versions. Access is the caller's to check, before.
 */
import type { Kysely } from "kysely";
import type { DB } from "../db/kysely.ts";
import { readSnapshot } from "../db/dialect.ts";
import type { Period } from "../rules/index.ts";
import { buildComplianceReport } from "../domain/compliance/report.ts";
import { yearEndBranchOf } from "../domain/reviews/queries.ts";
import { readMemberYearRest, readVisitRows, withVisitTargets, YEAR_LISTS, type MemberYear, type YearPaging } from "./member-year.ts";
import { memberGrids } from "./overview.ts";
import { memberStaysAndWritings } from "./stays-writings.ts";
import { ledgerKept } from "./ledger-kept.ts";

/** Member pages kept per Kysely instance (each some tens of KB: 20-row pages of six lists and the grids). */
const KEPT_PAGES = 128;
const kept = ledgerKept<Awaited<ReturnType<typeof readKept>> | null>(KEPT_PAGES);

/** Everything of the page but the names of the visits' targets, on the caller's snapshot `kx` (`owner`: the app's instance, for the report's own memos). */
async function readKept(kx: Kysely<DB>, owner: object, id: number, year: number, asOf: string, period: Period | null, paging: YearPaging) {
  const rest = await readMemberYearRest(kx, id, year, period, paging);
  if (!rest) return null;
  const quota = (await buildComplianceReport(kx, { year, asOf, memberIds: [id], skip: ["zones", "branch"] }, owner)).members[0] ?? null;
  // grids kept with the quota object they were made from (overview.ts memberGrids)
  const grids = quota ? memberGrids(Object.freeze(quota), year) : { months: null, weeks: null };
  return { rest, visits: await readVisitRows(kx, rest), quota, grids, sw: await memberStaysAndWritings(kx, id, year), yearBranch: await yearEndBranchOf(kx, id, year) };
}

/**
 * Member `id`'s year page data: `book` (MemberYear with one page of each list), `quota` (their
 * MemberCompliance as of `asOf`, or null when no rule lists them), `grids`, `sw` (stays and
 * writings) and `yearBranch` (yearEndBranchOf); null when there is no such member. Read on one
 * snapshot; shared between requests: read only.
 */
export async function memberYearPage(kx: Kysely<DB>, id: number, year: number, asOf: string, period: Period | null, paging: YearPaging) {
  const key = [id, year, asOf, period?.label ?? "", paging.size, ...YEAR_LISTS.map((k) => paging.pages?.[k] ?? 1)].join("|");
  return readSnapshot(kx, async (tx) => {
    const page = await kept(tx, key, (snap) => readKept(snap, kx, id, year, asOf, period, paging), kx);
    if (!page) return null;
    const book: MemberYear = await withVisitTargets(tx, page.rest, page.visits);
    return { book, quota: page.quota, grids: page.grids, sw: page.sw, yearBranch: page.yearBranch };
  });
}
