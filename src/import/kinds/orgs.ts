/**
 * 组织 organizations (FORMATS.md): 组织代码, 名称, 类型 (县委/乡镇党委/街道党工委/机关工委/党委/党总支/
 * 党支部), 上级组织代码 (empty for the root) required; 设立日期, 常住人口 optional.
 *
 * Parents may come later in the file than their children: rows are written parents first
 * (topological order); a parent neither in the file nor stored, a cycle, or a kind that may not
 * sit under its parent's kind is an error on the row. Natural key: 组织代码. A code already stored
 * with the same 名称, 类型 and 上级 is a duplicate (skipped, so a file imported twice adds nothing);
 * with different ones it is an error (use the admin page to rename or move).
 *
 * The root row (类型 县委, no 上级): matches the stored root when its code is the root's code. A
 * file whose root has another code is accepted only while the tree is the untouched default (root
 * code COUNTY, and no org besides it and the default branch ZB01): the default root is then
 * recoded and renamed to the file's county, and ZB01 (with any members) stays under it. Otherwise
 * it is an error. Each org created is audited (org.create); the recode too (org.rename).
 */
import { DEFAULT_BRANCH_CODE, DEFAULT_COUNTY } from "../../domain/baseline.ts";
import { ORG_CODE } from "../../domain/orgs/commands.ts";
import { ORG_KIND_LABELS, PARENT_KINDS, type OrgKind } from "../../core/org-tree.ts";
import type { Lookups, OrgRef } from "../lookups.ts";
import type { Checked, KindSpec } from "../types.ts";

interface OrgRow {
  code: string;
  name: string;
  kind: OrgKind;
  parentCode: string;
  setUpOn: string | null;
  population: number | null;
  /** Set by `finish`: this root row recodes the default root. */
  recodeRoot?: boolean;
}

/** Chinese kind words → kinds; 街道党工委 is a TOWNSHIP. */
export const ORG_KIND_WORDS: Record<string, OrgKind> = {
  ...Object.fromEntries(Object.entries(ORG_KIND_LABELS).map(([k, v]) => [v, k as OrgKind])),
  街道党工委: "TOWNSHIP",
};

const CYCLE = "上级组织关系形成循环（某组织成了自己的下级）";

function rootOf(look: Lookups): OrgRef | undefined {
  return [...look.orgs.values()].filter((o) => o.parentId === null).sort((a, b) => a.id - b.id)[0];
}

/** The stored tree is the default one: root COUNTY and nothing else but the default branch. */
function isDefaultTree(look: Lookups): boolean {
  const root = rootOf(look);
  if (!root || root.code !== DEFAULT_COUNTY.code) return false;
  return [...look.orgs.values()].every((o) => o.id === root.id || (o.code === DEFAULT_BRANCH_CODE && o.parentId === root.id));
}

function sameAsStored(look: Lookups, r: OrgRow, stored: OrgRef): boolean {
  const parent = stored.parentId === null ? "" : ([...look.orgs.values()].find((o) => o.id === stored.parentId)?.code ?? "");
  return stored.name === r.name && stored.kind === r.kind && parent === r.parentCode;
}

export const orgsSpec: KindSpec<OrgRow> = {
  kind: "orgs",
  label: "组织",
  columns: [
    { key: "code", header: "组织代码", required: true, note: "1–32 位字母、数字、_ . -，全县唯一" },
    { key: "name", header: "名称", required: true, note: "如 东镇党委、东村党支部" },
    { key: "kind", header: "类型", required: true, note: "县委 / 乡镇党委 / 街道党工委 / 机关工委 / 党委 / 党总支 / 党支部" },
    { key: "parent", header: "上级组织代码", required: true, note: "县委不填；上级可写在文件中更后面的行" },
    { key: "setUpOn", header: "设立日期", note: "如 2020-01-01" },
    { key: "population", header: "常住人口", note: "乡镇的常住人口（民意调查抽样用）" },
  ],
  example: [
    { code: "XZ01", name: "东镇党委", kind: "乡镇党委", parent: "COUNTY", setUpOn: "", population: "12000" },
    { code: "XZ01-01", name: "东村党支部", kind: "党支部", parent: "XZ01", setUpOn: "2020-01-01", population: "" },
  ],
  lookups: ["orgs"],
  inFileDuplicate: "error",
  check(row) {
    const code = row.text("code", { required: true, max: 32 });
    if (code !== "" && !ORG_CODE.test(code)) row.fail("code", "组织代码只能用 1–32 位字母、数字、_ . -");
    const name = row.text("name", { required: true, max: 100 });
    const word = row.text("kind", { required: true });
    const kind = word === "" ? null : (ORG_KIND_WORDS[word] ?? null);
    if (word !== "" && kind === null) row.fail("kind", `应为以下之一：${Object.keys(ORG_KIND_WORDS).join("、")}`);
    const parentCode = row.text("parent", { max: 32 });
    if (kind === "COUNTY" && parentCode !== "") row.fail("parent", "县委是组织树的根，上级组织代码应为空");
    if (kind !== null && kind !== "COUNTY" && parentCode === "") row.fail("parent", "必填：除县委外都要填写上级组织代码");
    if (parentCode !== "" && parentCode === code) row.fail("parent", "上级组织不能是本组织");
    const setUpOn = row.date("setUpOn");
    const population = row.count("population", 0, 100_000_000);
    if (!row.ok || kind === null) return null;
    return { code, name, kind, parentCode, setUpOn, population };
  },
  key: (r) => r.code,
  keyColumn: "code",
  keyLabel: (r) => `${r.code}（${r.name}）`,
  existingKeys: (look, recs) => new Set(recs.filter((r) => look.orgs.has(r.code) && sameAsStored(look, r, look.orgs.get(r.code)!)).map((r) => r.code)),
  finish(look, recs, fail) {
    const root = rootOf(look);
    const inFile = new Map(recs.map((c) => [c.rec.code, c]));
    // A row whose chain of parents inside the file comes back to it is on a cycle: said first.
    const onCycle = (code: string) => {
      const seen = new Set<string>();
      for (let at: string | undefined = code; at !== undefined && inFile.has(at); at = inFile.get(at)!.rec.parentCode) {
        if (seen.has(at)) return at === code;
        seen.add(at);
      }
      return false;
    };
    const ok: Checked<OrgRow>[] = [];
    for (const c of recs) {
      const r = c.rec;
      if (r.kind !== "COUNTY" && onCycle(r.code)) {
        fail(c.row, "parent", r.parentCode, CYCLE);
        continue;
      }
      if (r.kind === "COUNTY") {
        if (recs.some((o) => o.rec.kind === "COUNTY" && o.row < c.row)) {
          fail(c.row, "kind", "县委", "文件中只能有一个县委（组织树的根）");
          continue;
        }
        if (root && r.code !== root.code) {
          if (!isDefaultTree(look)) {
            fail(c.row, "code", r.code, `组织树已有根组织「${root.name}」（代码 ${root.code}），文件中的县委应使用该代码`);
            continue;
          }
          if (look.orgs.has(r.code)) {
            fail(c.row, "code", r.code, `组织代码「${r.code}」已存在`);
            continue;
          }
          r.recodeRoot = true;
        } else if (root) {
          fail(c.row, "name", r.name, `县委「${root.code}」已存在，名称为「${root.name}」：请在组织管理页修改名称`);
          continue;
        }
        ok.push(c);
        continue;
      }
      if (look.orgs.has(r.code)) {
        fail(c.row, "code", r.code, `组织代码「${r.code}」已存在，且名称、类型或上级与文件不同（改名或调整隶属请在组织管理页办理）`);
        continue;
      }
      const parentRow = inFile.get(r.parentCode);
      const stored = look.orgs.get(r.parentCode);
      const recodedRoot = recs.find((o) => o.rec.kind === "COUNTY" && o.rec.code === r.parentCode);
      const parentKind = parentRow?.rec.kind ?? recodedRoot?.rec.kind ?? stored?.kind;
      if (!parentKind) {
        fail(c.row, "parent", r.parentCode, `上级组织代码「${r.parentCode}」不存在（文件中和系统中都没有）`);
        continue;
      }
      if (!(PARENT_KINDS[r.kind] as readonly string[]).includes(parentKind)) {
        fail(c.row, "parent", r.parentCode, `${ORG_KIND_LABELS[r.kind]}不能设在${ORG_KIND_LABELS[parentKind as OrgKind] ?? parentKind}之下`);
        continue;
      }
      if (!parentRow && stored?.dissolvedOn != null && stored.dissolvedOn <= look.today) {
        fail(c.row, "parent", r.parentCode, `上级组织「${stored.name}」已于 ${stored.dissolvedOn} 撤销`);
        continue;
      }
      ok.push(c);
    }
    // Parents first (Kahn's algorithm over the file's rows).
    // What is left waits on a row in error (reported there).
    const pending = new Map(ok.map((c) => [c.rec.code, c]));
    const done = new Set<string>();
    const sorted: Checked<OrgRow>[] = [];
    const ready = (r: OrgRow) => r.kind === "COUNTY" || done.has(r.parentCode) || (!pending.has(r.parentCode) && !inFile.has(r.parentCode) && look.orgs.has(r.parentCode));
    for (let progress = true; progress; ) {
      progress = false;
      for (const [code, c] of pending) {
        if (!ready(c.rec)) continue;
        sorted.push(c);
        done.add(code);
        pending.delete(code);
        progress = true;
      }
    }
    return sorted;
  },
  async write(look, recs) {
    const kx = look.kx;
    const byCode = new Map<string, { id: number; path: string; depth: number }>([...look.orgs.values()].map((o) => [o.code, o]));
    for (const { rec } of recs) {
      if (rec.recodeRoot) {
        const root = rootOf(look)!;
        await kx.updateTable("Org").set({ code: rec.code, name: rec.name, setUpOn: rec.setUpOn, population: rec.population }).where("id", "=", root.id).execute();
        byCode.set(rec.code, root);
        look.audit("org.rename", "Org", root.id, { code: rec.code, name: rec.name, before: { code: root.code, name: root.name } }, "导入组织");
        continue;
      }
      const parent = byCode.get(rec.parentCode);
      if (!parent) throw new Error(`parent ${rec.parentCode} not written before ${rec.code}`);
      const { id } = await kx
        .insertInto("Org")
        .values({ code: rec.code, name: rec.name, kind: rec.kind, parentId: parent.id, path: "/", depth: parent.depth + 1, setUpOn: rec.setUpOn, population: rec.population, createdAt: look.stamp })
        .returning("id")
        .executeTakeFirstOrThrow();
      const path = `${parent.path}${id}/`;
      await kx.updateTable("Org").set({ path }).where("id", "=", id).execute();
      byCode.set(rec.code, { id, path, depth: parent.depth + 1 });
      look.audit("org.create", "Org", id, { code: rec.code, name: rec.name, kind: rec.kind, parentId: parent.id, path, setUpOn: rec.setUpOn, population: rec.population }, "导入组织");
    }
    return { added: recs.length };
  },
};
