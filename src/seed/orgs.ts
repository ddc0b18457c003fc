/**
 * The demo county's organization tree (DOMAIN.md "Organizations"), made before the people: the
 * root 县委, townships (乡镇党委 / 街道党工委) with village and community branches, and a 机关工委
 * over the departments' branches (at county scale, each department a 党委 with its branches).
 * Every zone belongs to one branch, in contiguous blocks, so a member's branch on a date is the
 * branch of their zone then; a zone move across branches is a transfer (组织关系转接).
 *
 * The root and the first branch are the ones `ensureBaseline` made (their rows are updated);
 * the demo accounts' zone 0 lies in that first branch, in the first township (大观镇).
 * Names and codes are made up; codes follow FORMATS.md's example (LP, LP-DG, LP-DG-01).
 */
import type { SeedContext } from "./context.ts";
import type { SeedOrg } from "./types.ts";
import { placeName } from "./names.ts";
import { at, ds } from "./writer.ts";

const TOWNSHIPS = ["大观", "和顺", "新桥", "石门", "清溪", "龙泉", "白鹤", "金桥", "青龙", "松林", "柳湾", "桃源", "杏坪", "枫林", "竹园", "梨花", "柏树", "安乐", "永兴", "太平", "长宁", "凤鸣", "花溪", "红岩", "东升", "西湖", "南山", "北坝", "中和", "兴隆", "银杏", "丰收", "宁安", "双河"];
const TOWNSHIP_CODES = ["DG", "HS", "XQ", "SM", "QX", "LQ", "BH", "JQ", "QL", "SL", "LW", "TY", "XP", "FL", "ZY", "LH", "BS", "AL", "YX", "TP", "CN", "FM", "HX", "HY", "DS", "XH", "NS", "BB", "ZH", "XL", "YXG", "FS", "NA", "SH"];
const DEPARTMENTS = ["县委组织部", "县交通运输局", "县教育局", "县卫生健康局", "县民政局", "县农业农村局", "县财政局", "县人社局"];

/** Branches per township and department (zones are spread over all branches in order). */
interface Layout { townships: number[]; departments: number[]; deptCommittees: boolean }

function layoutOf(ctx: SeedContext): Layout {
  if (ctx.opts.scale === "demo") return { townships: [3, 2, 2], departments: [1, 1], deptCommittees: false };
  // County: 34 townships with 12 branches each (408), 64 departments with 4 or 5 (288): 696.
  return {
    townships: Array.from({ length: 34 }, () => 12),
    departments: Array.from({ length: 64 }, (_, i) => (i % 2 ? 5 : 4)),
    deptCommittees: true,
  };
}

/** Plans the tree and each zone's branch (`ctx.orgs`, `ctx.zoneBranch`); writes nothing. */
export function planOrgs(ctx: SeedContext, firstBranchId: number, nextId: number): void {
  const layout = layoutOf(ctx);
  const orgs: SeedOrg[] = [];
  const add = (o: Omit<SeedOrg, "id" | "path" | "depth">, id?: number) => {
    const parent = o.parent === null ? null : orgs[o.parent];
    const oid = id ?? nextId++;
    orgs.push({ ...o, id: oid, path: `${parent ? parent.path : "/"}${oid}/`, depth: parent ? parent.depth + 1 : 0 });
    return orgs.length - 1;
  };
  const root = add({ code: "LP", name: "示范县委", kind: "COUNTY", parent: null, population: null }, ctx.countyId);
  const branches: number[] = [];
  let place = 0;
  layout.townships.forEach((n, t) => {
    const street = t === 2 && ctx.opts.scale === "demo";
    const tw = add({ code: `LP-${TOWNSHIP_CODES[t]}`, name: `${TOWNSHIPS[t]}${street ? "街道党工委" : "镇党委"}`, kind: "TOWNSHIP", parent: root, population: 18_000 + ((t * 7919) % 22_000) });
    for (let b = 0; b < n; b++) {
      const first = branches.length === 0;
      branches.push(add({ code: `LP-${TOWNSHIP_CODES[t]}-${String(b + 1).padStart(2, "0")}`, name: `${placeName(place++)}党支部`, kind: "BRANCH", parent: tw, population: null }, first ? firstBranchId : undefined));
    }
  });
  const wc = add({ code: "LP-JG", name: "县直机关工委", kind: "WORK_COMMITTEE", parent: root, population: null });
  layout.departments.forEach((n, d) => {
    const dept = DEPARTMENTS[d] ?? `县直第${d + 1}单位`;
    const code = `LP-JG-${String(d + 1).padStart(2, "0")}`;
    const parent = layout.deptCommittees ? add({ code, name: `${dept}党委`, kind: "COMMITTEE", parent: wc, population: null }) : wc;
    for (let b = 0; b < n; b++) {
      const bcode = layout.deptCommittees ? `${code}-${b + 1}` : code;
      branches.push(add({ code: bcode, name: `${dept}${layout.deptCommittees ? `第${b + 1}` : "机关"}党支部`, kind: "BRANCH", parent, population: null }));
    }
  });
  const zones = ctx.cfg.zones;
  if (zones < branches.length) throw new Error(`seed scale: ${zones} zones for ${branches.length} branches`);
  ctx.orgs = orgs;
  ctx.branchOrgs = branches;
  // Zone z belongs to branch floor(z · B / Z): contiguous blocks, every branch at least one zone;
  // the demo's first branch gets zones 0 and 1 (shuji's desk has two zones to compare).
  ctx.zoneBranch = Array.from({ length: zones }, (_, z) => orgs[branches[Math.floor((z * branches.length) / zones)]].id);
}

/** Writes the planned tree: updates the baseline's root and first branch, inserts the rest. */
export function writeOrgs(ctx: SeedContext): void {
  const stamp = at(ctx.rangeStart - 3650, 9 * 60);
  const setUp = ds(ctx.rangeStart - 3650);
  for (const o of ctx.orgs) {
    const parentId = o.parent === null ? null : ctx.orgs[o.parent].id;
    ctx.writer.putOrg([o.id, o.code, o.name, o.kind, parentId, o.path, o.depth, setUp, o.population, stamp]);
  }
}

/** The org id of township/county-level unit index `i` in `ctx.orgs` (for grants). */
export function orgIdByCode(ctx: SeedContext, code: string): number {
  const o = ctx.orgs.find((x) => x.code === code);
  if (!o) throw new Error(`seed: no org ${code}`);
  return o.id;
}
