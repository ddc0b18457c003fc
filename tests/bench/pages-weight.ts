/**
 * Page weight at county scale (issue 16, item 3): every page a phone opens, fetched once as the
 * person who sees the most of it, with `Accept-Encoding: gzip` as a phone's browser sends it;
 * the HTML's size (decoded) beside the bytes on the wire (the body as sent, gzip). Target: no
 * page over 200 KB of HTML (`WEIGHT_LIMIT`).
 *
 * Used by `npm run bench` (BENCH_ONLY=pages, run.ts) and alone, against the bench's county file:
 *   node --import tsx tests/bench/pages-weight.ts      (prints the table; builds the county when missing)
 */
import http from "node:http";
import { gunzipSync } from "node:zlib";
import { pathToFileURL } from "node:url";
// pages-bench.ts imports `weigh` from here: a static import both ways (a dynamic one from the
// top-level await below would wait on this very module and never settle).
import { login, startServer, type BenchServer } from "./pages-bench.ts";

/** The most HTML a page may carry at county scale, bytes. */
export const WEIGHT_LIMIT = 200 * 1024;

export interface WeightSpec {
  key: string;
  path: string;
  user: string;
}

export interface PageWeight extends WeightSpec {
  status: number;
  /** The HTML as the browser sees it (decoded), bytes. */
  htmlBytes: number;
  /** The body as sent on the wire (after gzip when the server compressed it), bytes. */
  wireBytes: number;
  encoding: string;
}

/**
 * One GET of `path` with `Accept-Encoding: gzip` and the session `cookie`: the body's bytes as
 * sent and as decoded (node:http, which, unlike fetch, does not decode the body on its own).
 */
export function weigh(base: string, path: string, cookie: string | null): Promise<{ status: number; wireBytes: number; htmlBytes: number; encoding: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(base + path, { headers: { "accept-encoding": "gzip", ...(cookie ? { cookie } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", reject);
      res.on("end", () => {
        const wire = Buffer.concat(chunks);
        const encoding = String(res.headers["content-encoding"] ?? "identity");
        const body = encoding === "gzip" ? gunzipSync(wire) : wire;
        resolve({ status: res.statusCode ?? 0, wireBytes: wire.length, htmlBytes: body.length, encoding, body: body.toString("utf8") });
      });
    });
    req.on("error", reject);
  });
}

/** The weight of each page in `specs`, fetched one after another as its user (`cookies[user]`). */
export async function pageWeights(server: BenchServer, specs: WeightSpec[], cookies: Record<string, string>): Promise<PageWeight[]> {
  const out: PageWeight[] = [];
  for (const s of specs) {
    const r = await weigh(server.base, s.path, cookies[s.user] ?? null);
    out.push({ ...s, status: r.status, htmlBytes: r.htmlBytes, wireBytes: r.wireBytes, encoding: r.encoding });
  }
  return out;
}

/**
 * The pages to weigh on the county file: the lists and desks, each as the widest viewer of it
 * (组织部 over the county, the admin over the tree, a township's reviewer, a branch's secretary,
 * a cadre). `ids` names a member (ganbu), a zone and a branch code of the county file.
 */
export function weightSpecs(year: number, ids: { ganbu: number; zone: number; branchCode: string; townshipCode: string }): WeightSpec[] {
  const y = year;
  return [
    { key: "dashboard", path: "/", user: "ganbu" },
    { key: "records", path: "/records", user: "ganbu" },
    { key: "talksNew", path: "/talks/new", user: "ganbu" },
    { key: "memberYear", path: `/years/${y}/members/${ids.ganbu}`, user: "ganbu" },
    { key: "overviewBranch", path: "/review", user: "shuji" },
    { key: "overviewTownship", path: "/review", user: "xiangzhen" },
    { key: "overviewCounty", path: "/review", user: "zuzhibu" },
    { key: "overviewCountyPage2", path: "/review?page=2", user: "zuzhibu" },
    { key: "overviewCountyCadres", path: "/review?role=CADRE", user: "zuzhibu" },
    { key: "overviewCountyWeeks", path: "/review?rule=WEEK_VISITS", user: "zuzhibu" },
    { key: "overviewCountyZones9", path: "/review?zpage=9", user: "zuzhibu" },
    { key: "overviewCountyBranch", path: `/review?org=${encodeURIComponent(ids.branchCode)}`, user: "zuzhibu" },
    { key: "reminders", path: "/review/reminders", user: "zuzhibu" },
    { key: "branches", path: `/review/${y}/branches`, user: "zuzhibu" },
    { key: "zoneYear", path: `/years/${y}/zones/${ids.zone}`, user: "shuji" },
    { key: "zones", path: "/zones", user: "zuzhibu" },
    { key: "zone", path: `/zones/${ids.zone}`, user: "shuji" },
    { key: "residents", path: "/residents", user: "zuzhibu" },
    { key: "meetings", path: "/meetings", user: "zuzhibu" },
    { key: "requests", path: "/requests", user: "zuzhibu" },
    { key: "requestsOverdue", path: "/requests/overdue", user: "zuzhibu" },
    { key: "pairings", path: "/pairings", user: "zuzhibu" },
    { key: "pairingsCoverage", path: "/pairings/coverage", user: "zuzhibu" },
    { key: "activists", path: "/activists", user: "zuzhibu" },
    { key: "situationReports", path: "/situation-reports", user: "zuzhibu" },
    { key: "compliance", path: `/reports/compliance?year=${y}`, user: "zuzhibu" },
    { key: "rollup", path: `/reports/rollup?year=${y}`, user: "zuzhibu" },
    { key: "rollupTownship", path: `/reports/rollup?year=${y}&org=${encodeURIComponent(ids.townshipCode)}`, user: "zuzhibu" },
    { key: "desk", path: "/desk", user: "zuzhibu" },
    { key: "assessment", path: `/reports/assessment?year=${y}`, user: "zuzhibu" },
    { key: "adminHome", path: "/admin", user: "admin" },
    { key: "adminAccounts", path: "/admin/accounts", user: "admin" },
    { key: "adminZones", path: "/admin/zones", user: "admin" },
    { key: "adminZonesMove", path: "/admin/zones/move", user: "admin" },
    { key: "adminOrgs", path: "/admin/orgs", user: "admin" },
    { key: "adminUnits", path: "/admin/units", user: "admin" },
    { key: "adminRules", path: "/admin/rules", user: "admin" },
    { key: "adminTransfers", path: "/admin/transfers", user: "admin" },
    { key: "adminAccountsNew", path: "/admin/accounts/new", user: "admin" },
    { key: "adminAudit", path: "/admin/audit", user: "admin" },
  ];
}

/** The ids `weightSpecs` needs, read from the county file. */
export async function weightIds(kx: import("kysely").Kysely<import("../../src/db/kysely.ts").DB>): Promise<{ ganbu: number; zone: number; branchCode: string; townshipCode: string }> {
  const ganbu = await kx.selectFrom("Member").select(["id", "branchId"]).where("username", "=", "ganbu").executeTakeFirstOrThrow();
  const zone = (await kx.selectFrom("Zone").select((eb) => eb.fn.min("id").as("id")).where("branchId", "=", ganbu.branchId).executeTakeFirstOrThrow()).id as number;
  const branch = await kx.selectFrom("Org").select(["code", "parentId"]).where("id", "=", ganbu.branchId).executeTakeFirstOrThrow();
  const township = (await kx.selectFrom("Org").select("code").where("id", "=", branch.parentId!).executeTakeFirstOrThrow()).code;
  return { ganbu: ganbu.id, zone, branchCode: branch.code, townshipCode: township };
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

/** The weights as table rows: page, user, HTML, on the wire, ratio, target met. */
export function weightRows(ws: PageWeight[]): string[][] {
  return [
    ["page", "user", "status", "HTML", "on the wire (gzip)", "", "≤ 200 KB"],
    ...ws.map((w) => [`${w.key} ${w.path}`, w.user, String(w.status), kb(w.htmlBytes), kb(w.wireBytes), `${((100 * w.wireBytes) / Math.max(1, w.htmlBytes)).toFixed(0)}%`, w.htmlBytes <= WEIGHT_LIMIT ? "met" : "MISSED"]),
  ];
}

// Alone: the county file, the bench server, one session per user, the table.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { countyDb, BENCH_PASSWORD, BENCH_YEAR } = await import("./county.ts");
  const { openKysely } = await import("../../src/db/kysely.ts");
  const { table } = await import("./stats.ts");
  const county = await countyDb((l) => process.stderr.write(l + "\n"));
  const kx = openKysely(`file:${county.file}`);
  const ids = await weightIds(kx);
  await kx.destroy();
  const server = await startServer(county.file);
  try {
    const cookies: Record<string, string> = {};
    for (const u of ["ganbu", "shuji", "xiangzhen", "zuzhibu", "admin"]) cookies[u] = await login(server.base, u, BENCH_PASSWORD);
    const only = process.env.WEIGHT_PAGES ? new Set(process.env.WEIGHT_PAGES.split(",")) : null;
    const ws = await pageWeights(server, weightSpecs(BENCH_YEAR, ids).filter((s) => !only || only.has(s.key)), cookies);
    console.log(table(weightRows(ws), [0, 1]));
  } finally {
    await server.stop();
  }
}
