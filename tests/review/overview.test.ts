/** The secretary's overview (年终备查): filters, sorting, grids, links to the records, access. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { reviewWorld, type ReviewWorld } from "./world.ts";

let w: ReviewWorld;
beforeEach(async () => {
  w = await reviewWorld();
  // ganbu: 6 talks in January 2026 (month met), 2 visits in 2026-W02 (missed), 3 in W03 (met)
  for (const d of ["05", "06", "07", "08", "09", "12"]) await w.talk(w.ganbu, `2026-01-${d}`);
  for (const d of ["2026-01-05", "2026-01-06", "2026-01-12", "2026-01-13", "2026-01-14"]) await w.visit(w.ganbu, d);
  await w.talk(w.dangyuan, "2026-02-01");
});
afterEach(() => w.t.close());

describe("the overview", () => {
  // Issue 16 (page weight): the week grids are drawn when the list is narrowed to the weekly rule;
  // the default list counts each member's missed weeks and links to their year page.
  it("filters to a zone on the server and shows each member's month grid, and the week grids on the weekly rule, coloured by class", async () => {
    const a = await w.t.loginAs("shuji");
    const res = await a.get(`/review?year=2026&asOf=2026-11-18&zone=${w.zoneA}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('data-member="ganbu"');
    expect(res.text).toContain('data-member="shuji"');
    expect(res.text).not.toContain('data-member="dangyuan"');
    // January's talks met; each count links to the records behind it
    expect(res.text).toMatch(new RegExp(`class="cell cell-met">\\s*<a href="/years/2026/members/${w.ganbu}\\?period=2026-01&amp;asOf=2026-11-18#talks"[^>]*>6</a>`));
    expect(res.text).not.toContain("period=2026-W02");
    expect(res.text).toMatch(new RegExp(`<a href="/years/2026/members/${w.ganbu}\\?asOf=2026-11-18#quota-h">未达标 \\d+ 周</a>`));
    expect(res.text).not.toMatch(/ style=/);
    // W02's visits missed, W03's met, on the weekly rule's list (the zone filter kept)
    const weeks = await a.get(`/review?year=2026&asOf=2026-11-18&zone=${w.zoneA}&rule=WEEK_VISITS`);
    expect(weeks.text).toContain('data-member="ganbu"');
    expect(weeks.text).not.toContain('data-member="dangyuan"');
    expect(weeks.text).toMatch(new RegExp(`class="cell cell-missed">\\s*<a href="/years/2026/members/${w.ganbu}\\?period=2026-W02&amp;asOf=2026-11-18#visits"[^>]*>2</a>`));
    expect(weeks.text).toMatch(new RegExp(`class="cell cell-met">\\s*<a href="/years/2026/members/${w.ganbu}\\?period=2026-W03[^"]*"[^>]*>3</a>`));
    expect(res.text).toContain(`rule=WEEK_VISITS`); // the default list links to the weekly one
  });

  it("filters by rule and status, by role, and sorts by a column in either direction", async () => {
    const a = await w.t.loginAs("shuji");
    const missedWeeks = await a.get("/review?year=2026&asOf=2026-11-18&rule=WEEK_VISITS&status=missed");
    expect(missedWeeks.text).toContain('data-member="ganbu"');
    expect(missedWeeks.text).not.toContain('data-member="dangyuan"'); // no line: the rule does not apply
    const members = await a.get("/review?year=2026&asOf=2026-11-18&role=MEMBER");
    expect(members.text).toContain('data-member="dangyuan"');
    expect(members.text).not.toContain('data-member="ganbu"');
    const order = (html: string) => [...html.matchAll(/data-member="(\w+)"/g)].map((m) => m[1]);
    const asc = order((await a.get("/review?year=2026&asOf=2026-11-18&sort=yearTalks&dir=asc")).text);
    const desc = order((await a.get("/review?year=2026&asOf=2026-11-18&sort=yearTalks&dir=desc")).text);
    expect(asc[asc.length - 1]).toBe("ganbu");
    expect(desc[0]).toBe("ganbu");
    expect(asc).toHaveLength(3); // the admin is not subject to the rules
  });

  it("ignores a bad filter value instead of failing", async () => {
    const a = await w.t.loginAs("shuji");
    const res = await a.get("/review?year=abc&asOf=2026-02-30&zone=x&status=bogus&sort=evil&page=-3");
    expect(res.status).toBe(200);
    expect(res.text).toContain('data-member="ganbu"');
  });

  it("shows each zone's courtyard meetings per month and carries the chart data in a data- attribute", async () => {
    await w.t.db.meeting.create({ data: { kind: "COURTYARD", zoneId: w.zoneA, heldOn: "2026-03-10", createdById: w.ganbu } });
    const a = await w.t.loginAs("shuji");
    const res = await a.get("/review?year=2026&asOf=2026-11-18");
    expect(res.text).toMatch(new RegExp(`<a href="/years/2026/zones/${w.zoneA}\\?period=2026-03#meetings"[^>]*>1</a>`));
    const chart = res.text.match(/data-chart="([^"]+)"/)![1].replaceAll("&#34;", '"');
    const spec = JSON.parse(chart);
    expect(spec.labels).toHaveLength(12);
    expect(spec.datasets[0].data[0]).toBe(50); // January: ganbu met, shuji missed
    expect(res.text).toContain('<script src="/vendor/chart.umd.min.js"');
  });

  it("is refused to a member and a cadre, and read-only for the admin (no sign-off or closing)", async () => {
    for (const who of ["dangyuan", "ganbu"]) expect((await (await w.t.loginAs(who)).get("/review")).status).toBe(403);
    const admin = await w.t.loginAs("guanli");
    const page = await admin.get("/review?year=2026");
    expect(page.status).toBe(200);
    const token = await admin.csrf();
    expect((await admin.post(`/review/2026/members/${w.ganbu}`).type("form").send({ _csrf: token, decision: "REVIEWED" })).status).toBe(403);
    expect((await admin.post("/review/2025/closure").type("form").send({ _csrf: token })).status).toBe(403);
    expect(await w.t.db.yearReview.count()).toBe(0);
    expect(await w.t.db.yearClosure.count()).toBe(0);
  });

  it("lists who is behind this week and this month, with what is owed and the days left", async () => {
    // Wednesday 2026-11-18: ganbu has no visit this week (owes 3) and 1 talk this month (owes 5)
    await w.t.db.talk.deleteMany({});
    await w.talk(w.ganbu, "2026-11-02");
    const a = await w.t.loginAs("shuji");
    const res = await a.get("/review/reminders");
    expect(res.status).toBe(200);
    const week = res.text.slice(res.text.indexOf('id="week"'), res.text.indexOf('id="month"'));
    expect(week).toContain("王干部");
    expect(week).toMatch(/0 \/ 3<\/td>\s*<td>3 次<\/td>\s*<td>5 天<\/td>/);
    const month = res.text.slice(res.text.indexOf('id="month"'), res.text.indexOf('id="year"'));
    expect(month).toMatch(/王干部[\s\S]*1 \/ 5<\/td>\s*<td>4 次<\/td>\s*<td>13 天<\/td>/);
  });

  it("serves Chart.js from the app, not from a CDN", async () => {
    const res = await (await w.t.loginAs("shuji")).get("/vendor/chart.umd.min.js");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toContain("javascript");
    expect(res.text).toContain("Chart");
  });
});
