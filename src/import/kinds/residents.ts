/**
 * 群众 residents (FORMATS.md): 姓名, 责任区 required; 手机号, 身份证号, 住址, 标签 (several,
 * separated by 、 or ,), 家庭人口. Natural key: 责任区 + 姓名 + 手机号 (or, without a phone,
 * 身份证号; without either, 姓名 alone within the zone). Tags are stored joined with 、.
 */
import { foldName } from "../../core/names.ts";
import type { KindSpec } from "../types.ts";
import { insertMany } from "../lookups.ts";
import { splitList } from "../../domain/values.ts";
import { SEP, branchAt, zoneAt } from "./common.ts";

interface ResidentRow {
  zoneId: number;
  zoneName: string;
  name: string;
  phone: string | null;
  idNumber: string | null;
  address: string | null;
  tags: string;
  householdSize: number | null;
}

const keyOf = (zoneId: number, name: string, phone: string | null, idNumber: string | null) =>
  `${zoneId}${SEP}${name}${SEP}${phone ? `p:${phone}` : idNumber ? `i:${idNumber}` : "-"}`;

export const residentsSpec: KindSpec<ResidentRow> = {
  kind: "residents",
  label: "群众",
  columns: [
    { key: "name", header: "姓名", required: true, note: "姓名" },
    { key: "zone", header: "责任区", required: true, note: "所在责任区名称（须已存在）" },
    { key: "branch", header: "所属组织", note: "责任区所属党支部的组织代码；多个支部有同名责任区时必填" },
    { key: "phone", header: "手机号", note: "11 位手机号" },
    { key: "idNumber", header: "身份证号", note: "18 位；请把该列设为文本格式" },
    { key: "address", header: "住址", note: "住址" },
    { key: "tags", header: "标签", note: "可填多个，用 、 或 , 分隔，如 生活困难、空巢老人" },
    { key: "householdSize", header: "家庭人口", note: "整数" },
  ],
  example: [
    { name: "赵群众", zone: "第一责任区", phone: "13900000002", idNumber: "", address: "示例路 1 号", tags: "生活困难、空巢老人", householdSize: "2" },
  ],
  lookups: ["orgs", "zonesByName"],
  inFileDuplicate: "skip",
  check(row, look) {
    const name = row.name("name", { required: true, max: 50 });
    const zone = zoneAt(row, "zone", look, look.today, { required: true, branch: branchAt(row, "branch", look) });
    const phone = row.mobile("phone");
    const idNumber = row.idNumber("idNumber");
    const address = row.text("address", { max: 200 }) || null;
    const tags = splitList(row.text("tags", { max: 500 }));
    for (const t of tags) if (t.length > 20) row.fail("tags", `标签「${t}」超过 20 个字`);
    const householdSize = row.count("householdSize", 1, 99);
    if (!row.ok || zone === null) return null;
    return { zoneId: zone.id, zoneName: zone.name, name, phone, idNumber, address, tags: [...new Set(tags)].join("、"), householdSize };
  },
  key: (r) => keyOf(r.zoneId, r.name, r.phone, r.idNumber),
  keyLabel: (r) => `${r.zoneName} ${r.name}${r.phone ? ` ${r.phone.slice(0, 3)}****${r.phone.slice(7)}` : ""}`,
  async existingKeys(look) {
    const keys = new Set<string>();
    const rows = await look.kx.selectFrom("Resident").select(["zoneId", "name", "phone", "idNumber"]).where("deletedAt", "is", null).execute();
    for (const r of rows) {
      const name = foldName(r.name); // rows stored before names were folded
      if (r.phone) keys.add(keyOf(r.zoneId, name, r.phone, null));
      if (r.idNumber) keys.add(keyOf(r.zoneId, name, null, r.idNumber));
      if (!r.phone && !r.idNumber) keys.add(keyOf(r.zoneId, name, null, null));
    }
    return keys;
  },
  async write(look, recs) {
    await insertMany(
      look.kx,
      "Resident",
      recs.map(({ rec }) => ({ zoneId: rec.zoneId, name: rec.name, phone: rec.phone, idNumber: rec.idNumber, address: rec.address, householdSize: rec.householdSize, tags: rec.tags, createdAt: look.stamp, updatedAt: look.stamp })),
    );
    return { added: recs.length };
  },
};
