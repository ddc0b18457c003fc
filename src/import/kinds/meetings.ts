/**
 * 会议记录 meetings (FORMATS.md): 日期, 类型 (院坝会/座谈会/茶话会/恳谈会/调研会), 责任区 required;
 * 主持人 (login name), 地点, 参会党员 (login names, several, separated by 、 or ,), 参会群众人数,
 * 议题, 纪要. Not after today, not in a closed year, not in a zone retired by then. The importing
 * admin is recorded as the meeting's creator. Natural key: 日期 + 类型 + 责任区.
 */
import { MEETING_KIND_LABELS } from "../../core/labels.ts";
import type { KindSpec } from "../types.ts";
import { insertMany } from "../lookups.ts";
import { splitList } from "../../domain/values.ts";
import { SEP, branchAt, dateRange, memberAt, zoneAt } from "./common.ts";

interface MeetingRow {
  heldOn: string;
  kind: keyof typeof MEETING_KIND_LABELS;
  zoneId: number;
  zoneName: string;
  hostId: number | null;
  place: string;
  attendees: number[];
  residentCount: number;
  topics: string;
  minutes: string;
}

const keyOf = (on: string, kind: string, zoneId: number) => `${on}${SEP}${kind}${SEP}${zoneId}`;

export const meetingsSpec: KindSpec<MeetingRow> = {
  kind: "meetings",
  label: "会议记录",
  columns: [
    { key: "date", header: "日期", required: true, note: "如 2026-03-05" },
    { key: "kind", header: "类型", required: true, note: Object.values(MEETING_KIND_LABELS).join(" / ") },
    { key: "zone", header: "责任区", required: true, note: "责任区名称（须已存在）" },
    { key: "branch", header: "所属组织", note: "责任区所属党支部的组织代码；多个支部有同名责任区时必填" },
    { key: "host", header: "主持人", note: "主持人的登录名" },
    { key: "place", header: "地点", note: "" },
    { key: "members", header: "参会党员", note: "参会党员的登录名，多个用 、 或 , 分隔" },
    { key: "residentCount", header: "参会群众人数", note: "整数" },
    { key: "topics", header: "议题", note: "" },
    { key: "minutes", header: "纪要", note: "" },
  ],
  example: [
    { date: "2026-03-05", kind: "院坝会", zone: "第一责任区", host: "wangsl", place: "示例村院坝", members: "wangsl、lisl", residentCount: "35", topics: "道路修缮", minutes: "群众提出三条意见" },
  ],
  lookups: ["orgs", "members", "zonesByName"],
  inFileDuplicate: "skip",
  check(row, look) {
    const dated = row.notFuture("date", row.date("date", { required: true }), look.today);
    const kind = row.choice("kind", MEETING_KIND_LABELS);
    const zone = zoneAt(row, "zone", look, dated, { required: true, branch: branchAt(row, "branch", look) });
    const heldOn = row.open("date", dated, zone?.branchId ?? null);
    const host = memberAt(row, "host", look);
    const place = row.text("place", { max: 200 });
    const attendees = new Set<number>();
    const unknown: string[] = [];
    for (const u of splitList(row.text("members", { max: 5000 }))) {
      const m = look.members.get(u.toLowerCase());
      if (m) attendees.add(m.id);
      else unknown.push(u);
    }
    if (unknown.length > 0) row.fail("members", `没有这些登录名的账号：${unknown.join("、")}`);
    const residentCount = row.count("residentCount", 0, 100_000) ?? 0;
    const topics = row.text("topics", { max: 1000 });
    const minutes = row.text("minutes", { max: 10_000 });
    if (look.actorId === null && host === null) row.fail("host", "命令行导入时请用 --by 指定管理员，或填写主持人");
    if (!row.ok || !heldOn || !kind || !zone) return null;
    return { heldOn, kind, zoneId: zone.id, zoneName: zone.name, hostId: host?.id ?? null, place, attendees: [...attendees], residentCount, topics, minutes };
  },
  key: (r) => keyOf(r.heldOn, r.kind, r.zoneId),
  keyLabel: (r) => `${r.heldOn} ${MEETING_KIND_LABELS[r.kind]} ${r.zoneName}`,
  async existingKeys(look, recs) {
    const keys = new Set<string>();
    const range = dateRange(recs.map((r) => r.heldOn));
    if (!range) return keys;
    const stored = await look.kx
      .selectFrom("Meeting")
      .select(["heldOn", "kind", "zoneId"])
      .where("heldOn", ">=", range[0])
      .where("heldOn", "<=", range[1])
      .where("deletedAt", "is", null)
      .execute();
    for (const m of stored) keys.add(keyOf(m.heldOn, m.kind, m.zoneId));
    return keys;
  },
  async write(look, recs) {
    const stamp = look.stamp;
    const attendance: { meetingId: number; memberId: number }[] = [];
    for (const { rec: r } of recs) {
      const createdBy = look.actorId ?? r.hostId;
      if (createdBy === null) throw new Error("no creator for an imported meeting");
      const { id } = await look.kx
        .insertInto("Meeting")
        .values({ kind: r.kind, zoneId: r.zoneId, heldOn: r.heldOn, hostId: r.hostId, place: r.place, residentCount: r.residentCount, topics: r.topics, minutes: r.minutes, createdById: createdBy, createdAt: stamp, updatedAt: stamp })
        .returning("id")
        .executeTakeFirstOrThrow();
      for (const m of r.attendees) attendance.push({ meetingId: id, memberId: m });
    }
    await insertMany(look.kx, "MeetingAttendance", attendance);
    return { added: recs.length };
  },
};
