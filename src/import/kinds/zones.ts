/**
 * 责任区 zones (FORMATS.md): 名称 (required, unique), 负责人 (a login name), 说明, 设立日期 (from
 * which the zone's rules apply; default the day of the import; a closed year is refused).
 * Natural key: 名称. A name already stored is a duplicate, not added again.
 */
import type { KindSpec } from "../types.ts";
import { memberAt } from "./common.ts";

interface ZoneRow {
  name: string;
  leaderId: number | null;
  description: string;
  establishedOn: string;
}

export const zonesSpec: KindSpec<ZoneRow> = {
  kind: "zones",
  label: "责任区",
  columns: [
    { key: "name", header: "名称", required: true, note: "责任区名称，不可重复" },
    { key: "leader", header: "负责人", note: "负责人的登录名（须已有账号）" },
    { key: "description", header: "说明", note: "范围、联系方式等" },
    { key: "establishedOn", header: "设立日期", note: "如 2026-01-01；不填为导入当天" },
  ],
  example: [
    { name: "第一责任区", leader: "", description: "城东片区", establishedOn: "2026-01-01" },
    { name: "第二责任区", leader: "", description: "城西片区", establishedOn: "2026-01-01" },
  ],
  inFileDuplicate: "error",
  check(row, look) {
    const name = row.name("name", { required: true, max: 50 });
    const leader = memberAt(row, "leader", look);
    const description = row.text("description", { max: 500 });
    const establishedOn = row.open("establishedOn", row.date("establishedOn")) ?? look.today;
    if (!row.ok) return null;
    return { name, leaderId: leader?.id ?? null, description, establishedOn };
  },
  key: (r) => r.name,
  keyLabel: (r) => r.name,
  existingKeys: (look, recs) => new Set(recs.map((r) => r.name).filter((n) => look.zones.has(n))),
  write(look, recs) {
    const insert = look.raw.prepare(
      `INSERT INTO "Zone" ("branchId", "name", "description", "leaderId", "establishedOn", "createdAt") VALUES (?, ?, ?, ?, ?, ?)`,
    );
    const branchId = look.branchId;
    for (const { rec } of recs) insert.run(branchId, rec.name, rec.description, rec.leaderId, rec.establishedOn, look.stamp);
    return { added: recs.length };
  },
};
