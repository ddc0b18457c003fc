/**
 * Searching a masked field may only match what the searcher may see in full (issue 11, item 5):
 * a member outside a resident's zone sees "139****1234", so a search by phone digits matches
 * that resident only on the visible tail, on the list and in its CSV export, never on a hidden
 * digit. The zone's members, the secretary and the admin see the number in full on the
 * resident's page and may find it by any tail. Another zone's roster is not shown on the
 * request form either.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testApp, type Agent, type TestApp } from "../support/app.ts";
import { resident, zone } from "../support/zones.ts";

let t: TestApp;
let zoneId: number;
let otherZoneId: number;

beforeEach(async () => {
  t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
  await t.member({ username: "benqu", name: "本区党员" });
  await t.member({ username: "waiqu", name: "外区党员" });
  await t.member({ username: "waiqu2", name: "外区同事" });
  await t.member({ username: "shuji", name: "书记", role: "SECRETARY" });
  zoneId = (await zone(t, "第一责任区", ["benqu"])).id;
  otherZoneId = (await zone(t, "第二责任区", ["waiqu", "waiqu2"])).id;
  await resident(t, zoneId, "李大娘", { phone: "13900001234" });
});
afterEach(() => t.close());

const listNames = async (a: Agent, qs: string) => [...(await a.get(`/residents?${qs}`)).text.matchAll(/href="\/residents\/\d+">([^<]+)</g)].map((m) => m[1]);
const csvNames = async (a: Agent, qs: string) =>
  (await a.get(`/residents/export.csv?${qs}`)).text
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/)
    .slice(1)
    .filter(Boolean)
    .map((line) => line.split(",")[0]);

describe("a member cannot recover a masked phone by searching its digits", () => {
  it("a longer tail than the visible four digits finds nothing in another zone, on the list and in the CSV export", async () => {
    const a = await t.loginAs("waiqu");
    for (const tail of ["01234", "001234", "0001234", "90001234", "13900001234"]) {
      expect(await listNames(a, `zone=all&q=${tail}`)).toEqual([]);
      expect(await listNames(a, `zone=${zoneId}&q=${tail}`)).toEqual([]);
      expect(await csvNames(a, `zone=all&q=${tail}`)).toEqual([]);
    }
  });

  it("guessing the hidden digit one at a time gives the same answer for every guess", async () => {
    const a = await t.loginAs("waiqu");
    const hits = [];
    for (let d = 0; d <= 9; d++) hits.push((await listNames(a, `zone=all&q=${d}1234`)).length);
    expect(hits).toEqual(Array(10).fill(0));
  });

  it("the visible tail still finds the resident outside the zone", async () => {
    const a = await t.loginAs("waiqu");
    expect(await listNames(a, "zone=all&q=1234")).toEqual(["李大娘"]);
    expect(await csvNames(a, "zone=all&q=234")).toEqual(["李大娘"]);
  });

  it("the zone's members and the secretary, who see the number in full, find it by any tail", async () => {
    for (const username of ["benqu", "shuji"]) {
      const a = await t.loginAs(username);
      expect(await listNames(a, "zone=all&q=01234")).toEqual(["李大娘"]);
      expect(await csvNames(a, "zone=all&q=13900001234")).toEqual(["李大娘"]);
    }
  });

  it("full-width digits are folded before the rule applies", async () => {
    const outside = await t.loginAs("waiqu");
    expect(await listNames(outside, `zone=all&q=${encodeURIComponent("０１２３４")}`)).toEqual([]);
    const inside = await t.loginAs("benqu");
    expect(await listNames(inside, `zone=all&q=${encodeURIComponent("０１２３４")}`)).toEqual(["李大娘"]);
  });
});

describe("the request form shows only the member's own zone's roster", () => {
  it("a member asking for another zone's form gets 404, not its roster", async () => {
    const a = await t.loginAs("benqu");
    const res = await a.get(`/requests/new?zone=${otherZoneId}`);
    expect(res.status).toBe(404);
    expect(res.text).not.toContain("外区同事");
  });

  it("a re-rendered form for another zone falls back to the member's own zone", async () => {
    const a = await t.loginAs("benqu");
    const res = await a.post("/requests").type("form").send({ _csrf: await a.csrf("/requests/new"), source: "WALK_IN", zoneId: String(otherZoneId), residentName: "", raisedOn: "2026-11-18", content: "" });
    expect(res.status).toBe(422);
    expect(res.text).not.toContain("外区同事");
  });

  it("the secretary may open any zone's form", async () => {
    const a = await t.loginAs("shuji");
    const res = await a.get(`/requests/new?zone=${otherZoneId}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain("外区同事");
  });
});
