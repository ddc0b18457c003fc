/**
 * The roster of the demo county, made before any record: the branch's zones, bus lines and
 * departments, then the members — the four demo accounts first (member ids 1–4), then cadres
 * (some promoted, some assigned to a line or department late or switching lines) and members
 * (some joining, some deactivated, some moving zone during the last year), each with a
 * diligence class — written as Member rows with their role terms and zone, line and department
 * assignments, and the zone leaders. The admin account belongs to no zone.
 */
import type { CadreLevel } from "../rules/index.ts";
import type { SeedContext } from "./context.ts";
import { departmentName, fakePhone, lineName, personName, placeName, zoneName, type Gender } from "./names.ts";
import { OPEN, type Cls, type Person } from "./people.ts";
import { DEMO_ACCOUNTS, type Role } from "./types.ts";
import { at, ds } from "./writer.ts";
import { orgIdByCode } from "./orgs.ts";

const LEVELS: CadreLevel[] = ["CITY_MANAGED", "COUNTY_MANAGED", "MIDDLE", "GENERAL", "GRADUATE_OFFICIAL"];
const LEVEL_WEIGHTS = [8, 22, 35, 27, 8];

/** Zones, lines and departments (ids from 1; zone leaders are set by `insertPersons`). */
export function makeUnits(ctx: SeedContext): void {
  const rng = ctx.rng.fork("units");
  const { zones, lines, departments } = ctx.cfg;
  for (let z = 0; z < zones; z++) {
    const place = placeName(z);
    ctx.zonePlace.push(place);
    const est = ctx.rangeStart - rng.int(400, 2500);
    ctx.writer.put("Zone", [z + 1, ctx.zoneBranch[z], zoneName(z), place, null, ds(est), null, at(est, 9 * 60)]);
  }
  const demo = ctx.opts.scale === "demo";
  for (let l = 0; l < lines; l++) {
    const made = ctx.rangeStart - rng.int(1500, 4000);
    const desc = `城区—${placeName((l * 37) % 600)}`;
    ctx.writer.put("Line", [l + 1, lineName(l, demo), desc, null, at(made, 9 * 60)]);
  }
  for (let d = 0; d < departments; d++) {
    const made = ctx.rangeStart - rng.int(1500, 4000);
    ctx.writer.put("Department", [d + 1, departmentName(d), "", null, at(made, 9 * 60)]);
  }
}

/** Everyone's history in memory (`ctx.persons`), the zone membership lists and the zone leaders. */
export function makePersons(ctx: SeedContext): void {
  const rng = ctx.rng.fork("persons");
  const { members: n, cadres, zones, lines, departments } = ctx.cfg;
  const hasMid = ctx.hasMid();
  const cls = (): Cls => rng.weighted([0, 1, 2] as Cls[], [60, 25, 15]);
  const longAgo = () => ctx.rangeStart - rng.int(60, 3650);

  // Who is what: a shuffled order of the ordinary people (indexes 4..n-1), cut into groups.
  const order = rng.shuffle(Array.from({ length: n - 4 }, (_, i) => i + 4));
  const nCadres = cadres - 1; // ganbu is a cadre too
  const nPromoted = hasMid ? Math.max(2, Math.round(nCadres * 0.05)) : 0;
  const cadreSet = order.slice(0, nCadres);
  const others = order.slice(nCadres);
  const nJoin = hasMid ? Math.max(3, Math.round(others.length * 0.03)) : 0;
  const nDeact = hasMid ? Math.max(2, Math.round(others.length * 0.01)) : 0;
  const kind = new Map<number, string>();
  cadreSet.forEach((p, i) => kind.set(p, i < nPromoted ? "promoted" : "cadre"));
  others.forEach((p, i) => kind.set(p, i < nJoin ? "join" : i < nJoin + nDeact ? "deact" : "member"));
  const plainCadres = cadreSet.slice(nPromoted);
  const nLine = Math.round(plainCadres.length * 0.55);
  const nLineLate = hasMid ? Math.max(2, Math.round(nLine * 0.06)) : 0;
  const nLineSwitch = hasMid ? Math.max(1, Math.round(nLine * 0.03)) : 0;
  const nDept = Math.round(plainCadres.length * 0.35);
  const unit = new Map<number, string>();
  plainCadres.forEach((p, i) =>
    unit.set(p, i < nLineLate ? "lineLate" : i < nLineLate + nLineSwitch ? "lineSwitch" : i < nLine ? "line" : i < nLine + nDept ? "dept" : "none"),
  );
  const movers = new Set(hasMid ? rng.shuffle(order.slice()).slice(0, Math.max(3, Math.round(n * 0.03))) : []);

  for (let idx = 0; idx < n; idx++) {
    const gender: Gender = rng.chance(0.55) ? "M" : "F";
    const p: Person = {
      idx, id: idx + 1, username: `m${String(idx - 3).padStart(4, "0")}`, name: personName(rng, gender), gender,
      phone: fakePhone("139", idx + 1), reg: longAgo(), deact: OPEN, joinedParty: 0,
      roles: [], zones: [], lines: [], depts: [], cls: cls(), special: "",
    };
    let zone = idx < 4 ? 0 : rng.int(0, zones - 1);
    let role: Role = "MEMBER";
    let level: CadreLevel | null = null;
    if (idx < 4) {
      p.special = (["admin", "shuji", "ganbu", "dangyuan"] as const)[idx];
      p.username = DEMO_ACCOUNTS[idx].username;
      role = DEMO_ACCOUNTS[idx].role;
      p.reg = ctx.rangeStart - rng.int(800, 2000);
      p.cls = 0;
      if (p.special === "admin") p.name = "系统管理员";
      if (p.special === "shuji") level = "MIDDLE";
      if (p.special === "ganbu") {
        level = "COUNTY_MANAGED";
        p.lines.push({ line: 0, from: ctx.rangeStart - rng.int(300, 700), to: OPEN });
      }
    }
    const k = kind.get(idx) ?? "";
    if (k === "cadre" || k === "promoted") {
      role = "CADRE";
      level = rng.weighted(LEVELS, LEVEL_WEIGHTS);
    }
    if (k === "join") p.reg = ctx.midDay(rng);
    if (k === "deact") p.deact = ctx.midDay(rng);
    p.joinedParty = p.reg - rng.int(0, 7000);

    // Role history.
    if (k === "promoted") {
      const x = ctx.midDay(rng);
      p.roles.push({ role: "MEMBER", level: null, from: p.reg, to: x - 1 });
      p.roles.push({ role, level, from: x, to: OPEN });
      if (rng.chance(0.5)) p.lines.push({ line: rng.int(0, lines - 1), from: Math.min(x + rng.int(0, 14), ctx.rangeEnd), to: OPEN });
      else p.depts.push({ dept: rng.int(0, departments - 1), from: x, to: OPEN });
    } else {
      p.roles.push({ role, level, from: p.reg, to: p.deact });
    }

    // Zone history.
    if (movers.has(idx) && p.reg < ctx.midFrom) {
      const x = Math.max(ctx.midDay(rng), p.reg + 1);
      if (x <= p.deact) {
        const other = zones > 1 ? (zone + rng.int(1, zones - 1)) % zones : zone;
        p.zones.push({ zone, from: p.reg, to: x - 1 });
        zone = other;
        p.zones.push({ zone, from: x, to: p.deact });
      }
    }
    if (p.zones.length === 0) p.zones.push({ zone, from: p.reg, to: p.deact });

    // Line or department of the plain cadres.
    const u = unit.get(idx);
    const since = () => Math.max(p.reg, ctx.rangeStart - rng.int(30, 1500));
    if (u === "line") p.lines.push({ line: rng.int(0, lines - 1), from: since(), to: OPEN });
    else if (u === "lineLate") p.lines.push({ line: rng.int(0, lines - 1), from: ctx.midDay(rng), to: OPEN });
    else if (u === "lineSwitch") {
      const a = rng.int(0, lines - 1);
      const b = lines > 1 ? (a + rng.int(1, lines - 1)) % lines : a;
      const x = ctx.midDay(rng);
      p.lines.push({ line: a, from: since(), to: x - 1 });
      p.lines.push({ line: b, from: x, to: OPEN });
    } else if (u === "dept") p.depts.push({ dept: rng.int(0, departments - 1), from: since(), to: OPEN });
    ctx.persons.push(p);
  }
  addOverseers(ctx, longAgo);

  // Zone membership lists (everyone ever in the zone) and the zone leaders. The admin is a system
  // operator outside the quotas and no zone's member (QA 20): its zone in memory only says whose
  // people its demo talks meet; it is not listed here (no meetings, no counterpart picks) and is
  // written with no ZoneAssignment.
  ctx.zoneMembers = Array.from({ length: zones }, () => []);
  for (const p of ctx.persons) {
    if (p.special === "admin") continue;
    for (const z of new Set(p.zones.map((t) => t.zone))) ctx.zoneMembers[z].push(p.idx);
  }
  ctx.zoneLeader = Array.from({ length: zones }, (_, z) => {
    if (z === 0) return ctx.secretaryIdx;
    const c = ctx.zoneMembers[z].find((i) => {
      const q = ctx.persons[i];
      return q.special === "" && q.roles.length === 1 && q.roles[0].role === "CADRE" && q.zones.length === 1;
    });
    return c ?? ctx.secretaryIdx;
  });
  appointSecretaries(ctx);
}

/**
 * The two oversight demo accounts (DOMAIN.md "Who uses it"), after everyone else so the rest of the
 * county is generated as before: zuzhibu (县委组织部, a 党员 of the 组织部's branch, REVIEWER at the
 * county) and xiangzhen (the first township's 组织委员, a 党员 of its second branch, REVIEWER there).
 */
function addOverseers(ctx: SeedContext, longAgo: () => number): void {
  const rng = ctx.rng.fork("overseers");
  const zoneOf = (prefix: string) => ctx.zoneBranch.findIndex((id) => ctx.orgs.find((o) => o.id === id)!.code.startsWith(prefix));
  for (const [special, prefix, name] of [["zuzhibu", "LP-JG-01", "组织部审核员"], ["xiangzhen", "LP-DG-02", "组织委员"]] as const) {
    const idx = ctx.persons.length;
    const reg = longAgo();
    ctx.persons.push({
      idx, id: idx + 1, username: special, name: `${personName(rng, "F").slice(0, 1)}${name}`, gender: "F", phone: fakePhone("139", idx + 1),
      reg, deact: OPEN, joinedParty: reg - rng.int(0, 7000), roles: [{ role: "MEMBER", level: null, from: reg, to: OPEN }],
      zones: [{ zone: Math.max(0, zoneOf(prefix)), from: reg, to: OPEN }], lines: [], depts: [], cls: 0, special,
    });
  }
}

/** Each branch but shuji's gets a secretary: the plain cadre leading its first zone. */
function appointSecretaries(ctx: SeedContext): void {
  ctx.branchSecretary.set(ctx.zoneBranch[0], ctx.secretaryIdx);
  for (const bi of ctx.branchOrgs) {
    const id = ctx.orgs[bi].id;
    if (ctx.branchSecretary.has(id)) continue;
    const leader = ctx.zoneLeader[ctx.zoneBranch.indexOf(id)];
    if (leader === undefined || leader === ctx.secretaryIdx) continue;
    const p = ctx.persons[leader];
    p.roles = p.roles.map((r) => ({ ...r, role: r.role === "CADRE" ? "SECRETARY" : r.role }));
    ctx.branchSecretary.set(id, leader);
  }
}

/** Writes the members, their role terms and assignments, and sets the zone leaders. */
export function insertPersons(ctx: SeedContext): void {
  for (const p of ctx.persons) {
    const last = p.roles[p.roles.length - 1];
    const created = at(p.reg, 9 * 60 + (p.idx % 480));
    const changed = Math.max(last.from, p.zones[p.zones.length - 1].from, p.deact === OPEN ? 0 : p.deact);
    const updated = changed > p.reg ? at(Math.min(changed, ctx.todayDay), 17 * 60) : created;
    ctx.writer.put("Member", [
      p.id, ctx.zoneBranch[p.zones[p.zones.length - 1].zone], p.username, p.name, p.phone, ctx.passwordHash, 0, last.role, last.level,
      ds(p.joinedParty), ds(p.reg), p.deact === OPEN ? 1 : 0, p.deact === OPEN ? null : ds(p.deact), created, updated,
    ]);
  }
  const to = (d: number) => (d >= OPEN ? null : ds(d));
  for (const p of ctx.persons) {
    // The branch follows the zone: consecutive zone terms in one branch are one membership.
    let start = 0;
    p.zones.forEach((z, i) => {
      const b = ctx.zoneBranch[z.zone];
      const next = p.zones[i + 1];
      if (next && ctx.zoneBranch[next.zone] === b) return;
      ctx.writer.put("OrgMembership", [p.id, b, ds(p.zones[start].from), to(z.to)]);
      start = i + 1;
    });
    const grant = p.special === "admin" ? "ADMIN" : p.special === "zuzhibu" || p.special === "xiangzhen" ? "REVIEWER" : null;
    if (grant) ctx.writer.put("Grant", [p.id, orgIdByCode(ctx, p.special === "xiangzhen" ? "LP-DG" : "LP"), grant, at(p.reg, 9 * 60)]);
    for (const r of p.roles) ctx.writer.put("RoleTerm", [p.id, r.role, r.level, ds(r.from), to(r.to)]);
    if (p.special !== "admin") for (const z of p.zones) ctx.writer.put("ZoneAssignment", [p.id, z.zone + 1, ds(z.from), to(z.to)]);
    for (const l of p.lines) ctx.writer.put("LineAssignment", [p.id, l.line + 1, ds(l.from), to(Math.min(l.to, p.deact))]);
    for (const d of p.depts) ctx.writer.put("DepartmentAssignment", [p.id, d.dept + 1, ds(d.from), to(Math.min(d.to, p.deact))]);
  }
  ctx.zoneLeader.forEach((i, z) => ctx.writer.setZoneLeader(z + 1, ctx.persons[i].id));
}
