/**
 * 线路与科室 lines and departments (FORMATS.md): 名称, 类型 (线路/科室) required; 说明.
 * Natural key: 类型 + 名称 (a line and a department may share a name). Stored ones are duplicates.
 */
import type { KindSpec } from "../types.ts";

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
  write(look, recs) {
    const line = look.raw.prepare(`INSERT INTO "Line" ("name", "description", "createdAt") VALUES (?, ?, ?)`);
    const dept = look.raw.prepare(`INSERT INTO "Department" ("name", "description", "createdAt") VALUES (?, ?, ?)`);
    for (const { rec } of recs) (rec.kind === "LINE" ? line : dept).run(rec.name, rec.description, look.stamp);
    return { added: recs.length };
  },
};
