/**
 * 责任区 zones (FORMATS.md): 名称 (required, unique within its branch), 所属组织 (the branch's
 * 组织代码; may be left out while there is only one branch), 负责人 (a login name), 说明, 设立日期
 * (from which the zone's rules apply; default the day of the import; a closed year is refused).
 * Natural key: 所属组织 + 名称. A name already stored in that branch is a duplicate, not added again.
 */
import type { KindSpec } from "../types.ts";
import { insertMany } from "../lookups.ts";
import { SEP, branchAt, memberAt } from "./common.ts";

interface ZoneRow {
  branchId: number;
  branchCode: string;
  name: string;
  leaderId: number | null;
  description: string;
  establishedOn: string;
}

export const zonesSpec: KindSpec<ZoneRow> = {
  kind: "zones",
  label: "责任区",
  columns: [
    { key: "name", header: "名称", required: true, note: "责任区名称，同一支部内不可重复" },
    { key: "branch", header: "所属组织", note: "党支部的组织代码；只有一个支部时可不填" },
    { key: "leader", header: "负责人", note: "负责人的登录名（须已有账号）" },
    { key: "description", header: "说明", note: "范围、联系方式等" },
    { key: "establishedOn", header: "设立日期", note: "如 2026-01-01；不填为导入当天" },
  ],
  example: [
    { name: "第一责任区", branch: "", leader: "", description: "城东片区", establishedOn: "2026-01-01" },
    { name: "第二责任区", branch: "", leader: "", description: "城西片区", establishedOn: "2026-01-01" },
  ],
  lookups: ["orgs", "zonesByName", "members"],
  inFileDuplicate: "error",
  check(row, look) {
    const name = row.name("name", { required: true, max: 50 });
    const branch = branchAt(row, "branch", look, { defaultOnly: true });
    const leader = memberAt(row, "leader", look);
    const description = row.text("description", { max: 500 });
    const establishedOn = row.open("establishedOn", row.date("establishedOn"), branch?.id ?? null) ?? look.today;
    if (!row.ok || !branch) return null;
    return { branchId: branch.id, branchCode: branch.code, name, leaderId: leader?.id ?? null, description, establishedOn };
  },
  key: (r) => `${r.branchId}${SEP}${r.name}`,
  keyColumn: "name",
  keyLabel: (r) => `${r.name}（${r.branchCode}）`,
  existingKeys: (look, recs) =>
    new Set(recs.filter((r) => (look.zonesByName.get(r.name) ?? []).some((z) => z.branchId === r.branchId)).map((r) => `${r.branchId}${SEP}${r.name}`)),
  async write(look, recs) {
    await insertMany(
      look.kx,
      "Zone",
      recs.map(({ rec }) => ({ branchId: rec.branchId, name: rec.name, description: rec.description, leaderId: rec.leaderId, establishedOn: rec.establishedOn, createdAt: look.stamp })),
    );
    return { added: recs.length };
  },
};
