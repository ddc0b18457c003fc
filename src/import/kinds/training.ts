/**
 * 三项教育 training attendance (docs/FORMATS-stationing-training.md): one row per attendee of a
 * session — 日期, 层级 (县委党校/乡镇党校), 主题, 组织单位 (the organizing org's 组织代码), 参训人
 * (登录名), all required. Rows with the same 日期, 组织单位 and 主题 are one session (made when none
 * is stored; the first row's 层级, another 层级 on a later row of it is an error). Each attendee
 * must belong, on the date, to a branch of the organizing org's subtree (dated OrgMembership); the
 * date not after today nor in a year closed for the attendee's branch then. Written with one audit
 * entry per session made (training.create) and per attendance added (training.attend).
 * Natural key: 日期 + 组织单位 + 主题 + 参训人.
 */
import { isWithin } from "../../core/org-tree.ts";
import { TRAINING_LEVEL_LABELS, type TrainingLevel } from "../../domain/training/rules.ts";
import type { KindSpec } from "../types.ts";
import type { Lookups } from "../lookups.ts";
import { jsonValues, rowsPerInsert } from "../../db/dialect.ts";
import { memberAt, SEP } from "./common.ts";

interface AttendanceRow {
  heldOn: string;
  level: TrainingLevel;
  topic: string;
  orgId: number;
  orgCode: string;
  memberId: number;
  username: string;
}

const sessionKey = (heldOn: string, orgId: number, topic: string) => `${heldOn}${SEP}${orgId}${SEP}${topic}`;
const keyOf = (r: { heldOn: string; orgId: number; topic: string; memberId: number }) => `${sessionKey(r.heldOn, r.orgId, r.topic)}${SEP}${r.memberId}`;

export const trainingSpec: KindSpec<AttendanceRow> = {
  kind: "training",
  label: "培训参训记录",
  columns: [
    { key: "date", header: "日期", required: true, note: "培训日期，如 2026-05-20" },
    { key: "level", header: "层级", required: true, note: Object.values(TRAINING_LEVEL_LABELS).join(" / ") },
    { key: "topic", header: "主题", required: true, note: "培训主题；同一日期、组织单位和主题的各行为同一期培训" },
    { key: "org", header: "组织单位", required: true, note: "组织培训的党组织的组织代码" },
    { key: "member", header: "参训人", required: true, note: "参训党员的登录名，一行一人" },
  ],
  example: [{ date: "2026-05-20", level: "乡镇党校", topic: "群众工作方法", org: "XZ01", member: "wangsl" }],
  lookups: ["orgs", "members", "memberships", "branchToday"],
  inFileDuplicate: "skip",
  check(row, look) {
    const dated = row.notFuture("date", row.date("date", { required: true }), look.today);
    const level = row.choice("level", TRAINING_LEVEL_LABELS);
    const topic = row.text("topic", { required: true, max: 200 });
    const code = row.text("org", { required: true, max: 32 });
    const org = code === "" ? undefined : look.orgs.get(code);
    if (code !== "" && !org) row.fail("org", `没有组织代码为「${code}」的组织`);
    const member = memberAt(row, "member", look, { required: true });
    if (member && org && dated !== null) {
      const branch = look.orgById(look.branchOn(member.id, dated) ?? -1);
      if (!branch || !isWithin(branch.path, org.path)) row.fail("member", `「${member.name}」${dated} 不在「${org.name}」范围内，不能作为本次培训的参训人员`);
    }
    const heldOn = row.open("date", dated, member && dated ? look.branchOn(member.id, dated) : null);
    if (!row.ok || heldOn === null || level === null || !org || !member) return null;
    return { heldOn, level, topic, orgId: org.id, orgCode: code, memberId: member.id, username: member.username };
  },
  key: keyOf,
  keyColumn: "member",
  keyLabel: (r) => `${r.heldOn} ${r.orgCode}「${r.topic}」${r.username}`,
  async existingKeys(look, recs) {
    const rows = await look.kx
      .selectFrom("TrainingSession as s")
      .innerJoin("TrainingAttendance as ta", "ta.sessionId", "s.id")
      .select(["s.heldOn", "s.orgId", "s.topic", "ta.memberId"])
      .where("s.heldOn", "in", jsonValues(look.kx, [...new Set(recs.map((r) => r.heldOn))], "text"))
      .execute();
    return new Set(rows.map(keyOf));
  },
  async finish(look, recs, fail) {
    const stored = new Map((await sessionsOn(look, recs.map((c) => c.rec.heldOn))).map((s) => [sessionKey(s.heldOn, s.orgId, s.topic), s.level]));
    const ok = [];
    for (const c of recs) {
      const k = sessionKey(c.rec.heldOn, c.rec.orgId, c.rec.topic);
      const level = stored.get(k);
      if (level !== undefined && level !== c.rec.level) {
        fail(c.row, "level", TRAINING_LEVEL_LABELS[c.rec.level], `同一期培训（${c.rec.heldOn}「${c.rec.topic}」）的层级应为${TRAINING_LEVEL_LABELS[level as TrainingLevel] ?? level}`);
        continue;
      }
      stored.set(k, c.rec.level);
      ok.push(c);
    }
    return ok;
  },
  async write(look, recs) {
    // The stored sessions of the file's days (the first of each key, by id), read once.
    const ids = new Map<string, number>();
    for (const s of await sessionsOn(look, recs.map((c) => c.rec.heldOn))) {
      const k = sessionKey(s.heldOn, s.orgId, s.topic);
      if (!ids.has(k)) ids.set(k, s.id);
    }
    const attendance: { sessionId: number; memberId: number }[] = [];
    for (const { rec: r } of recs) {
      const k = sessionKey(r.heldOn, r.orgId, r.topic);
      let id = ids.get(k);
      if (id === undefined) {
        ({ id } = await look.kx
          .insertInto("TrainingSession")
          .values({ heldOn: r.heldOn, level: r.level, topic: r.topic, orgId: r.orgId, createdById: look.actorId, createdAt: look.stamp })
          .returning("id")
          .executeTakeFirstOrThrow());
        look.audit("training.create", "TrainingSession", id, { heldOn: r.heldOn, level: r.level, topic: r.topic, orgId: r.orgId }, "导入培训参训记录");
      }
      ids.set(k, id);
      attendance.push({ sessionId: id, memberId: r.memberId });
      look.audit("training.attend", "TrainingSession", id, { memberId: r.memberId }, "导入培训参训记录");
    }
    const size = rowsPerInsert(look.kx, 2);
    for (let i = 0; i < attendance.length; i += size) {
      await look.kx.insertInto("TrainingAttendance").values(attendance.slice(i, i + size)).onConflict((oc) => oc.doNothing()).execute();
    }
    return { added: recs.length };
  },
};

/** The stored training sessions held on any of `days`, oldest id first. */
function sessionsOn(look: Lookups, days: string[]): Promise<{ id: number; heldOn: string; orgId: number; topic: string; level: string }[]> {
  return look.kx
    .selectFrom("TrainingSession")
    .select(["id", "heldOn", "orgId", "topic", "level"])
    .where("heldOn", "in", jsonValues(look.kx, [...new Set(days)], "text"))
    .orderBy("id")
    .execute();
}
