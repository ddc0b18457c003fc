/**
 * Out of reach is 404 whatever else is wrong (QA finding 18): a list filtered on a zone the
 * person does not act in answers 404 (as /activists?zone= does), and every update route loads the
 * scoped record before it reads the body, so another person's id is 404 even with a bad form.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testApp, type TestApp } from "../support/app.ts";
import { memberId, resident, zone } from "../support/zones.ts";

let t: TestApp;
let mine: number;
let theirs: number;
beforeEach(async () => {
  t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
  await t.member({ username: "dangyuan", name: "党员甲" });
  await t.member({ username: "ganbu", name: "干部甲", role: "CADRE", cadreLevel: "GENERAL" });
  await t.member({ username: "qita", name: "干部乙", role: "CADRE", cadreLevel: "GENERAL" });
  mine = (await zone(t, "第一责任区", ["dangyuan", "ganbu"])).id;
  theirs = (await zone(t, "第八责任区", ["qita"])).id;
  const qita = await memberId(t, "qita");
  await t.db.meeting.create({ data: { kind: "COURTYARD", zoneId: theirs, heldOn: "2026-11-10", hostId: qita, createdById: qita, residentCount: 5, topics: "议题" } });
  await t.db.request.create({ data: { source: "WALK_IN", zoneId: theirs, residentName: "住户", raisedOn: "2026-11-10", content: "路灯", ownerId: qita, createdById: qita } });
});
afterEach(() => t.close());

describe("a zone filter out of reach", () => {
  it.each(["/meetings", "/requests", "/activists"])("%s?zone= of another zone is 404 for a member; their own zone is 200", async (path) => {
    const a = await t.loginAs("dangyuan");
    expect((await a.get(`${path}?zone=${theirs}`)).status).toBe(404);
    expect((await a.get(`${path}?zone=${mine}`)).status).toBe(200);
  });
});

describe("another person's record with a bad form", () => {
  it("updating another cadre's talk or visit with an invalid body is 404, not the edit form", async () => {
    const qita = await memberId(t, "qita");
    const line = await t.db.line.create({ data: { name: "1路" } });
    const talk = await t.db.talk.create({ data: { talkerId: qita, occurredOn: "2026-11-10", counterpartKind: "RESIDENT", counterpartName: "某" } });
    const visit = await t.db.lineVisit.create({ data: { cadreId: qita, lineId: line.id, visitedAt: new Date("2026-11-10T01:00:00Z"), visitedOn: "2026-11-10", purpose: "走访" } });
    const a = await t.loginAs("ganbu");
    const csrf = await a.csrf();
    const talkRes = await a.post(`/talks/${talk.id}`).type("form").send({ _csrf: csrf, occurredOn: "bad" });
    expect(talkRes.status).toBe(404);
    const visitRes = await a.post(`/visits/${visit.id}`).type("form").send({ _csrf: csrf, visitedOn: "", visitedTime: "" });
    expect(visitRes.status).toBe(404);
    expect(visitRes.text).not.toContain("修改走访记录");
  });

  it("ending or adding assistance to another cadre's pairing with an invalid body is refused as with a valid one: 404 for a cadre, 403/404 for the secretary who can read it", async () => {
    await t.member({ username: "shuji", name: "书记", role: "SECRETARY" });
    const r = await resident(t, theirs, "困难户");
    const p = await t.db.pairing.create({ data: { cadreId: await memberId(t, "qita"), residentId: r.id, startedOn: "2026-03-01" } });
    const bad = { endedOn: "bad", givenOn: "bad", kind: "X" };
    for (const [username, end, assistance] of [["ganbu", 404, 404], ["shuji", 403, 404]] as const) {
      const a = await t.loginAs(username);
      const csrf = await a.csrf();
      expect((await a.post(`/pairings/${p.id}/end`).type("form").send({ _csrf: csrf, ...bad })).status).toBe(end);
      expect((await a.post(`/pairings/${p.id}/assistance`).type("form").send({ _csrf: csrf, ...bad })).status).toBe(assistance);
    }
    expect(await t.db.assistanceRecord.count()).toBe(0);
  });
});
