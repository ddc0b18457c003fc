/**
 * The county's residents and the cadres' help to them: residents of every zone (names, contact
 * data, household, tags; 20% (county) to 45% (demo) in hardship), the pairings of cadres with
 * hardship households (quota by cadre level, fewer when behind; some ended and replaced), and the
 * assistance records given through a pairing.
 */
import type { CadreLevel } from "../rules/index.ts";
import type { Event, SeedContext } from "./context.ts";
import { address, assistanceText, fakeIdNumber, fakePhone, personName, type Gender } from "./names.ts";
import { OPEN, type Person } from "./people.ts";
import { at, ds } from "./writer.ts";

const TAGS = ["困难户", "孤寡老人", "留守儿童", "驾驶员", "低保户", "残疾人"] as const;
const PAIRING_QUOTA: Record<CadreLevel, number> = {
  CITY_MANAGED: 5, COUNTY_MANAGED: 4, MIDDLE: 3, GENERAL: 2, GRADUATE_OFFICIAL: 1,
};
const ASSIST_KINDS = ["FUNDS", "MATERIALS", "PROJECT", "EMPLOYMENT", "MEDICAL", "EDUCATION", "OTHER"] as const;
const ASSIST_W = [25, 30, 8, 8, 12, 10, 7];

/** Residents zone by zone (ids consecutive per zone), with each zone's hardship households shuffled. */
export function makeResidents(ctx: SeedContext): void {
  const rng = ctx.rng.fork("residents");
  const [lo, hi] = ctx.cfg.residentsPerZone;
  let id = 0;
  for (let z = 0; z < ctx.cfg.zones; z++) {
    const count = rng.int(lo, hi);
    ctx.zoneResStart.push(id + 1);
    ctx.zoneResCount.push(count);
    const hardship: number[] = [];
    for (let i = 0; i < count; i++) {
      id++;
      const gender: Gender = rng.chance(0.5) ? "M" : "F";
      const name = personName(rng, gender);
      const tags: string[] = [];
      const poor = rng.chance(ctx.cfg.hardshipShare);
      const elderly = rng.chance(poor ? 0.2 : 0.04);
      if (poor) tags.push(TAGS[0]);
      if (elderly) tags.push(TAGS[1]);
      if (!elderly && rng.chance(poor ? 0.12 : 0.04)) tags.push(TAGS[2]);
      if (!elderly && rng.chance(0.1)) tags.push(TAGS[3]);
      if (poor && rng.chance(0.5)) tags.push(TAGS[4]);
      if (rng.chance(poor ? 0.12 : 0.03)) tags.push(TAGS[5]);
      const household = elderly ? 1 : rng.weighted([1, 2, 3, 4, 5, 6], [5, 20, 30, 25, 12, 8]);
      const birthYear = elderly ? rng.int(1935, 1955) : rng.int(1950, 2004);
      const birth = `${birthYear}-${String(rng.int(1, 12)).padStart(2, "0")}-${String(rng.int(1, 28)).padStart(2, "0")}`;
      const idNumber = rng.chance(0.85) ? fakeIdNumber(rng, birth, gender) : null;
      const phone = rng.chance(0.8) ? fakePhone("138", id) : null;
      const created = at(ctx.rangeStart - rng.int(1, 700), rng.int(9 * 60, 17 * 60));
      ctx.writer.put("Resident", [
        id, z + 1, name, phone, idNumber, address(rng, ctx.zonePlace[z]), household, tags.join("、"), created, created, null,
      ]);
      ctx.resName.push(name);
      if (poor) hardship.push(id);
    }
    ctx.zoneHardship.push(rng.shuffle(hardship));
  }
}

/** Pairings of every cadre-level member with hardship households, nearest zone first. */
export function makePairings(ctx: SeedContext): void {
  const rng = ctx.rng.fork("pairings");
  const next = ctx.zoneHardship.map(() => 0);
  const zones = ctx.cfg.zones;
  const take = (zone: number): number | null => {
    for (let k = 0; k < zones; k++) {
      const z = (zone + k) % zones;
      if (next[z] < ctx.zoneHardship[z].length) return ctx.zoneHardship[z][next[z]++];
    }
    return null;
  };
  let id = 0;
  const add = (p: Person, residentId: number, from: number, to: number, reason: string | null) => {
    id++;
    ctx.writer.put("Pairing", [id, p.id, residentId, ds(from), to >= OPEN ? null : ds(to), reason, at(Math.min(from, ctx.todayDay), 10 * 60)]);
    ctx.pairings.push({ id, cadre: p.idx, residentId, from, to });
    if (to >= OPEN) {
      const list = ctx.pairingsByCadre.get(p.idx) ?? [];
      list.push(residentId);
      ctx.pairingsByCadre.set(p.idx, list);
    }
  };
  for (const p of ctx.persons) {
    const term = p.roles[p.roles.length - 1];
    if (!term.level) continue;
    const quota = PAIRING_QUOTA[term.level];
    let target = p.cls === 0 ? quota + (rng.chance(0.5) ? 1 : 0) : p.cls === 1 ? Math.max(0, quota - 1) : Math.floor(quota / 2);
    if (p.special === "ganbu") target = 3;
    if (p.special === "shuji") target = quota;
    const zone = p.zones[p.zones.length - 1].zone;
    for (let i = 0; i < target; i++) {
      let from: number;
      if (term.from >= ctx.rangeStart) {
        from = term.from + rng.int(7, 60);
        if (from > ctx.rangeEnd) break;
      } else if (rng.chance(0.75) || p.special === "ganbu" || !ctx.hasMid()) {
        from = Math.max(term.from, ctx.rangeStart - rng.int(30, 900));
      } else {
        from = ctx.midDay(rng);
      }
      // Some households were helped out of hardship (or moved) and replaced by another one.
      if (p.special === "" && from > term.from + 60 && rng.chance(0.4)) {
        const old = take(zone);
        if (old !== null) {
          add(p, old, Math.max(term.from, from - rng.int(120, 700)), from - 1, rng.pick(["已脱贫", "搬迁外地", "户主去世", "已纳入兜底保障"]));
        }
      }
      const resident = take(zone);
      if (resident === null) break;
      add(p, resident, from, OPEN, null);
    }
  }
}

/** An assistance record of pairing `e.a`, entered by its cadre. */
export function emitAssist(ctx: SeedContext, d: number, e: Event): void {
  const rng = ctx.rng;
  const pr = ctx.pairings[e.a];
  const kind = rng.weighted(ASSIST_KINDS, ASSIST_W);
  let amount: number | null = null;
  if (kind === "FUNDS") amount = rng.int(2, 30) * 10_000;
  else if (kind === "MATERIALS") amount = rng.int(10, 80) * 1_000;
  else if ((kind === "MEDICAL" || kind === "EDUCATION") && rng.chance(0.5)) amount = rng.int(5, 30) * 10_000;
  const cadre = ctx.persons[pr.cadre];
  ctx.writer.put("AssistanceRecord", [
    ++ctx.ids.assist, pr.id, ds(d), kind, amount, assistanceText(rng, kind), cadre.id, ctx.createdOn(d, e.t + rng.int(30, 240)), null,
  ]);
}
