/**
 * 驻村 stationing (docs/FORMATS-stationing-training.md): 登录名, 驻村组织 (a village branch's
 * 组织代码), 开始日期, 类别 (驻村干部/大学生村官/三支人员) required; 结束日期, 职务 (村党组织副书记/
 * 书记助理/主任助理/村文书/其他; default 其他), 说明. Each row is judged by the same rules as the
 * admin's page (src/domain/stationing/): the org is a village branch (a 党支部 under a 乡镇党委/
 * 街道党工委) not dissolved by the start, not the cadre's branch on the start; the end not before
 * the start; neither date in a year closed for the cadre's branch then or for the village; no
 * overlap with a stored stationing of the cadre or another row of the file. Written with an
 * audit entry per row (stationing.create). Natural key: 登录名 + 开始日期.
 */
import { pathIds } from "../../core/org-tree.ts";
import { isVillageBranch, overlapReason, overlapping, STATION_KIND_LABELS, STATION_POST_LABELS, type StationKind, type StationPost } from "../../domain/stationing/rules.ts";
import type { KindSpec } from "../types.ts";
import { jsonValues } from "../../db/dialect.ts";
import { memberAt, SEP } from "./common.ts";

interface StationingRow {
  memberId: number;
  username: string;
  orgId: number;
  orgCode: string;
  fromOn: string;
  toOn: string | null;
  post: StationPost;
  kind: StationKind;
  note: string;
}

const keyOf = (username: string, fromOn: string) => `${username}${SEP}${fromOn}`;

export const stationingSpec: KindSpec<StationingRow> = {
  kind: "stationing",
  label: "驻村干部",
  columns: [
    { key: "username", header: "登录名", required: true, note: "驻村干部的登录名" },
    { key: "org", header: "驻村组织", required: true, note: "所驻村（社区）党支部的组织代码" },
    { key: "from", header: "开始日期", required: true, note: "如 2026-03-01" },
    { key: "to", header: "结束日期", note: "尚未结束可不填" },
    { key: "post", header: "职务", note: `${Object.values(STATION_POST_LABELS).join(" / ")}；不填为其他` },
    { key: "kind", header: "类别", required: true, note: Object.values(STATION_KIND_LABELS).join(" / ") },
    { key: "note", header: "说明", note: "" },
  ],
  example: [{ username: "wangsl", org: "XZ01-01", from: "2026-03-01", to: "", post: "书记助理", kind: "驻村干部", note: "" }],
  lookups: ["orgs", "members", "memberships", "branchToday"],
  inFileDuplicate: "error",
  check(row, look) {
    const member = memberAt(row, "username", look, { required: true });
    const code = row.text("org", { required: true, max: 32 });
    const org = code === "" ? undefined : look.orgs.get(code);
    if (code !== "" && !org) row.fail("org", `没有组织代码为「${code}」的组织`);
    const fromOn = row.date("from", { required: true });
    const toOn = row.date("to");
    const post = row.choice("post", STATION_POST_LABELS, "OTHER");
    const kind = row.choice("kind", STATION_KIND_LABELS);
    const note = row.text("note", { max: 500 });
    if (org && fromOn !== null) {
      const ancestors = pathIds(org.path).filter((id) => id !== org.id).map((id) => look.orgById(id)?.kind ?? "");
      if (!isVillageBranch(org.kind, ancestors)) row.fail("org", `「${org.name}」不是村（社区）党支部：只能驻在乡镇（街道）党委下属的党支部`);
      else if (org.dissolvedOn !== null && org.dissolvedOn <= fromOn) row.fail("org", `「${org.name}」已于 ${org.dissolvedOn} 撤销`);
      else if (member && look.branchOn(member.id, fromOn) === org.id) row.fail("org", `「${member.name}」本就是「${org.name}」的党员，驻村应驻在本支部以外的村`);
    }
    if (fromOn !== null && toOn !== null && toOn < fromOn) row.fail("to", "结束日期不能早于开始日期");
    for (const [key, d] of [["from", fromOn], ["to", toOn]] as const) {
      if (d === null) continue;
      if (member) row.open(key, d, look.branchOn(member.id, d));
      if (org) row.open(key, d, org.id);
    }
    if (!row.ok || !member || !org || fromOn === null || post === null || kind === null) return null;
    return { memberId: member.id, username: member.username, orgId: org.id, orgCode: code, fromOn, toOn, post, kind, note };
  },
  key: (r) => keyOf(r.username, r.fromOn),
  keyColumn: "from",
  keyLabel: (r) => `${r.username} ${r.fromOn} 驻 ${r.orgCode}`,
  async existingKeys(look, recs) {
    const rows = await look.kx
      .selectFrom("Stationing as s")
      .innerJoin("Member as m", "m.id", "s.memberId")
      .select(["s.fromOn", "m.username"])
      .where("s.memberId", "in", jsonValues(look.kx, [...new Set(recs.map((r) => r.memberId))], "integer"))
      .execute();
    return new Set(rows.map((r) => keyOf(r.username, r.fromOn)));
  },
  async finish(look, recs, fail) {
    const stored = await look.kx
      .selectFrom("Stationing")
      .select(["memberId", "fromOn", "toOn"])
      .where("memberId", "in", jsonValues(look.kx, [...new Set(recs.map((c) => c.rec.memberId))], "integer"))
      .execute();
    const seen = new Map<number, { fromOn: string; toOn: string | null }[]>();
    for (const s of stored) seen.set(s.memberId, [...(seen.get(s.memberId) ?? []), s]);
    const ok = [];
    for (const c of recs) {
      const mine = seen.get(c.rec.memberId) ?? [];
      const clash = overlapping(c.rec, mine);
      if (clash) {
        fail(c.row, "from", c.rec.fromOn, overlapReason(clash));
        continue;
      }
      seen.set(c.rec.memberId, [...mine, c.rec]);
      ok.push(c);
    }
    return ok;
  },
  async write(look, recs) {
    for (const { rec: r } of recs) {
      const { id } = await look.kx
        .insertInto("Stationing")
        .values({ memberId: r.memberId, orgId: r.orgId, fromOn: r.fromOn, toOn: r.toOn, post: r.post, kind: r.kind, note: r.note, createdById: look.actorId, createdAt: look.stamp })
        .returning("id")
        .executeTakeFirstOrThrow();
      look.audit("stationing.create", "Stationing", Number(id), { memberId: r.memberId, orgId: r.orgId, fromOn: r.fromOn, toOn: r.toOn, post: r.post, kind: r.kind, note: r.note }, "导入驻村干部");
    }
    return { added: recs.length };
  },
};
