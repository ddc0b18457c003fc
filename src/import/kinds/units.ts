/**
 * 线路与科室 lines and departments (FORMATS.md): 名称, 类型 (线路/科室) required; 说明.
 * Natural key: 类型 + 名称 (a line and a department may share a name). Stored ones are duplicates.
 */
import type { KindSpec } from "../types.ts";
import { insertMany } from "../lookups.ts";

export const UNIT_KIND_LABELS = { LINE: "线路", DEPARTMENT: "科室" } as const;

interface UnitRow {
  kind: keyof typeof UNIT_KIND_LABELS;
  name: string;
  description: string;
}

export const unitsSpec: KindSpec<UnitRow> = {
  kind: "units",
  label: "线路与科室",
  columns: [
    { key: "name", header: "名称", required: true, note: "线路或科室名称，同类不可重复" },
    { key: "kind", header: "类型", required: true, note: "线路 或 科室" },
    { key: "description", header: "说明", note: "起止站点、职责等" },
  ],
  example: [
    { name: "1路", kind: "线路", description: "火车站—新区" },
    { name: "办公室", kind: "科室", description: "" },
  ],
  lookups: ["lines", "departments"],
  inFileDuplicate: "error",
  check(row) {
    const name = row.name("name", { required: true, max: 50 });
    const kind = row.choice("kind", UNIT_KIND_LABELS);
    const description = row.text("description", { max: 500 });
    if (!row.ok || kind === null) return null;
    return { kind, name, description };
  },
  key: (r) => `${r.kind}:${r.name}`,
  keyLabel: (r) => `${UNIT_KIND_LABELS[r.kind]}「${r.name}」`,
  existingKeys: (look, recs) =>
    new Set(recs.filter((r) => (r.kind === "LINE" ? look.lines : look.departments).has(r.name)).map((r) => `${r.kind}:${r.name}`)),
  async write(look, recs) {
    const row = (rec: (typeof recs)[number]["rec"]) => ({ name: rec.name, description: rec.description, createdAt: look.stamp });
    await insertMany(look.kx, "Line", recs.filter((c) => c.rec.kind === "LINE").map((c) => row(c.rec)));
    await insertMany(look.kx, "Department", recs.filter((c) => c.rec.kind !== "LINE").map((c) => row(c.rec)));
    return { added: recs.length };
  },
};
