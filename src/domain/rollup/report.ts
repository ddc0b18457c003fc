/**
 * The roll-up report (FORMATS.md "Organization reports", `GET /reports/rollup`): an org's totals
 * for the year up to `asOf` and one row per direct child, counted as DOMAIN.md "Roll-up counting"
 * says, so that the children always sum to the parent:
 * - under a county, township, 工委, 党委 or 总支: the children are its child orgs; every branch's
 *   figures (queries.ts, attributed to the author's branch on the record's date) are added
 *   to each ancestor, so a transfer never counts a record twice;
 * - under a branch: the children are its zones (attributed to the author's zone on the date), plus
 *   one row "未分配责任区" for the branch's records made while the author had no zone there.
 * `members`, `pairings`, `yearTalksMet`, `stationed` and `trained` count people (and pairings)
 * where they belong on the report's last day (`asOf`, or 31 Dec when `asOf` is later); the others
 * count the year's records from 1 Jan to that day. The county's other measures (`stationed`,
 * `trained`, `projects`, `employment`, `problemsSolved`) are counted in measures.ts; `trainedShare`
 * is derived per row from its summed `trained` and `members` (never summed itself). `yearTalksMet` takes the yearly-talk status from the compliance report
 * (src/domain/compliance/report.ts) for the same year and `asOf`. Money in yuan (two decimals).
 * `requestsAnsweredOnTime`: feedback given by the last day and within REQUEST_FEEDBACK_DAYS of
 * the day raised (the value in force that day for the request's zone's branch, else its owner's;
 * src/domain/requests/overdue.ts), resolved once per branch.
 * "Which branch was member X in on day D" is the one read model of src/domain/orgs/memberships.ts,
 * the same the org compliance report lists members by.
 */
import type { Kysely } from "kysely";
import type { DB } from "../../db/kysely.ts";
import { readSnapshot } from "../../db/dialect.ts";
import { feedbackDaysOn } from "../requests/overdue.ts";
import { DEFAULT_FEEDBACK_DAYS } from "../baseline.ts";
import { isWithin, pathIds } from "../../core/org-tree.ts";
import { loadMembershipTimeline } from "../orgs/memberships.ts";
import { versioned } from "../compliance/ledger-version.ts";
import { cachedComplianceReport } from "../compliance/cache.ts";
import * as q from "./queries.ts";
import { stayFigures } from "./stays.ts";
import { countMeasures, trainedShareOf } from "./measures.ts";

export const ROLLUP_FIGURES = [
  "members", "talks", "lineVisits", "courtyardMeetings", "courtyardAttendees", "pairings",
  "assistanceYuan", "requestsRaised", "requestsAnsweredOnTime", "yearTalksMet",
  "stays",
  "stayHouseholds",
  "writings",
  "stationed",
  "trained",
  "trainedShare",
  "projects",
  "employment",
  "problemsSolved",
] as const;
export type RollupFigure = (typeof ROLLUP_FIGURES)[number];
export type RollupTotals = Record<RollupFigure, number>;

/** Chinese column names, in the order of ROLLUP_FIGURES. */
export const ROLLUP_LABELS: Record<RollupFigure, string> = {
  members: "党员人数", talks: "谈心次数", lineVisits: "一线走访", courtyardMeetings: "院坝会", courtyardAttendees: "院坝会参会人次",
  pairings: "结穷亲户数", assistanceYuan: "帮扶金额（元）", requestsRaised: "群众诉求", requestsAnsweredOnTime: "按期反馈", yearTalksMet: "年度谈心达标人数",
  stays: "三进三同人次",
  stayHouseholds: "三进三同户数",
  writings: "调研报告等材料",
  stationed: "驻村干部",
  trained: "已参训人数",
  trainedShare: "参训率",
  projects: "帮扶项目",
  employment: "帮助就业人数",
  problemsSolved: "解决问题",
};

export interface RollupOrg {
  id: number;
  code: string;
  name: string;
  kind: string;
  path: string;
  dissolvedOn?: string | null;
}

export interface RollupChild {
  /** Org code, or `zone:<id>` for a branch's zone, `zone:none` for the unassigned row. */
  code: string;
  name: string;
  kind: string;
  /** Org id, zone id, or null for the unassigned row: where the row opens one level down. */
  id: number | null;
  totals: RollupTotals;
}

export interface RollupReport {
  year: number;
  asOf: string;
  org: { code: string; name: string; kind: string };
  totals: RollupTotals;
  children: RollupChild[];
}

export interface RollupInput {
  year: number;
  asOf: string;
  org: RollupOrg;
}

const empty = (): RollupTotals => Object.fromEntries(ROLLUP_FIGURES.map((f) => [f, 0])) as RollupTotals;

/**
 * Every figure per unit key (branch id or zone id). `kx`: inside the caller's snapshot;
 * `owner`: the app-level Kysely (memos outlive the snapshot).
 */
async function figuresByUnit(kx: Kysely<DB>, owner: Kysely<DB>, a: q.Attribution, year: number, asOf: string): Promise<Map<number, RollupTotals>> {
  const units = await q.unitsFor(kx, a, a.by === "branch" ? await versioned(kx, "report.memberships", () => loadMembershipTimeline(kx), owner) : undefined);
  const to = asOf < `${year}-12-31` ? asOf : `${year}-12-31`;
  const range = { from: `${year}-01-01`, to };
  const out = new Map<number, RollupTotals>();
  const at = (k: number) => {
    let t = out.get(k);
    if (!t) out.set(k, (t = empty()));
    return t;
  };
  const put = (figure: RollupFigure, counts: q.Counts) => {
    for (const [k, n] of counts) at(k)[figure] += n;
  };
  put("members", await q.countMembers(kx, units, range));
  put("talks", await q.countRecords(kx, units, "Talk", "talkerId", "occurredOn", range, a));
  put("lineVisits", await q.countRecords(kx, units, "LineVisit", "cadreId", "visitedOn", range, a));
  const court = await q.countCourtyard(kx, a, range);
  put("courtyardMeetings", court.meetings);
  put("courtyardAttendees", court.attendees);
  put("pairings", await q.countPairings(kx, units, range, a));
  for (const [figure, counts] of Object.entries(await stayFigures(kx, units, range, a))) put(figure as RollupFigure, counts); // stays, stayHouseholds, writings
  const assistance = await q.countAssistance(kx, units, range, a);
  for (const [k, fen] of assistance.fen) at(k).assistanceYuan += fen / 100;
  put("projects", assistance.projects);
  put("employment", assistance.employment);
  // projects, employment and problemsSolved come from the assistance and request reads here.
  for (const [figure, counts] of await countMeasures(kx, units, range, a, ["stationed", "trained"])) put(figure, counts);
  const settings = await q.feedbackSettings(kx);
  // The path of each branch whose feedback days apply, read once (none needed without org settings).
  const paths = settings.some((s) => s.orgId !== null) ? await q.orgPaths(kx) : null;
  const pathOf = new Map<number, number[]>();
  const branchPath = (branchId: number) => {
    let p = pathOf.get(branchId);
    if (!p) pathOf.set(branchId, (p = pathIds(paths?.get(branchId) ?? "")));
    return p;
  };
  for (const [k, raisedOn, took, branchId] of await q.requestRows(kx, units, range, a)) {
    const t = at(k);
    t.requestsRaised++;
    if (took !== null) t.problemsSolved++; // answered by the last day (measures.ts problemsSolved)
    if (took !== null && took <= feedbackDaysOn(settings, raisedOn, DEFAULT_FEEDBACK_DAYS, paths ? branchPath(branchId) : [])) t.requestsAnsweredOnTime++;
  }
  if (asOf >= range.from) {
    for (const m of (await cachedComplianceReport(kx, { year, asOf }, owner)).members) {
      const unit = units.on(m.id, to);
      if (unit !== null && m.yearTalks.status === "met") at(unit).yearTalksMet++;
    }
  }
  return out;
}

function add(into: RollupTotals, from: RollupTotals | undefined): void {
  if (!from) return;
  for (const f of ROLLUP_FIGURES) into[f] += from[f];
}

function rounded(t: RollupTotals): RollupTotals {
  return { ...t, assistanceYuan: Math.round(t.assistanceYuan * 100) / 100, trainedShare: trainedShareOf(t) };
}

/** Figures computed from others (a share), never summed: left out of the unassigned row's test. */
const DERIVED: ReadonlySet<RollupFigure> = new Set(["trainedShare"]);

/**
 * The roll-up of `input.org` for `year` up to `asOf`. `childOrgs` are its direct children and
 * `branches` every branch of its subtree with their paths (the caller reads them through the
 * org queries); `zones` the org's zones when it is a branch.
 */
export async function buildRollup(
  kx: Kysely<DB>,
  input: RollupInput,
  tree: { childOrgs: RollupOrg[]; branches: { id: number; path: string }[]; zones: { id: number; name: string }[] },
  owner: Kysely<DB> = kx,
): Promise<RollupReport> {
  const { year, asOf, org } = input;
  const head = { year, asOf, org: { code: org.code, name: org.name, kind: org.kind } };
  if (org.kind === "BRANCH") {
    const byZone = await figuresByUnit(kx, owner, { by: "zone", branchId: org.id }, year, asOf);
    const total = (await figuresByUnit(kx, owner, { by: "branch", under: org.id }, year, asOf)).get(org.id) ?? empty();
    const children: RollupChild[] = tree.zones.map((z) => ({ code: `zone:${z.id}`, name: z.name, kind: "ZONE", id: z.id, totals: rounded(byZone.get(z.id) ?? empty()) }));
    const rest = { ...total };
    for (const c of children) for (const f of ROLLUP_FIGURES) rest[f] -= c.totals[f];
    if (ROLLUP_FIGURES.some((f) => !DERIVED.has(f) && Math.abs(rest[f]) > 0.001)) children.push({ code: "zone:none", name: "未分配责任区", kind: "ZONE", id: null, totals: rounded(rest) });
    return { ...head, totals: rounded(total), children };
  }
  const byBranch = await figuresByUnit(kx, owner, { by: "branch", under: org.id }, year, asOf); // only the subtree's rows
  const totals = empty();
  for (const b of tree.branches) add(totals, byBranch.get(b.id));
  const children = tree.childOrgs.map((c) => {
    const t = empty();
    for (const b of tree.branches) if (isWithin(b.path, c.path)) add(t, byBranch.get(b.id));
    return { code: c.code, name: c.name, kind: c.kind, id: c.id, totals: rounded(t) };
  });
  return { ...head, totals: rounded(totals), children };
}

/**
 * The roll-up of the org `orgId` (null when it does not exist), its reads on one snapshot
 * (dialect.ts `readSnapshot`; joins the caller's when `kx` is already inside one). `owner`: the
 * app-level Kysely that keeps the memos when `kx` is a caller's transaction.
 */
export async function rollupOf(kx: Kysely<DB>, orgId: number, year: number, asOf: string, owner: Kysely<DB> = kx): Promise<RollupReport | null> {
  return readSnapshot(kx, async (tx) => {
    const tree = await q.rollupTree(tx, orgId);
    if (!tree) return null;
    return buildRollup(tx, { year, asOf, org: tree.org }, tree, owner);
  });
}
