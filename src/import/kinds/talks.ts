/**
 * 谈心记录 talks (FORMATS.md): 日期, 谈心人 (login name), 谈心对象 required; 对象类型 (党员/群众,
 * default 群众), 谈心类型 (a 五个必谈 reason or 日常谈心, default 日常谈心), 内容.
 * `谈心对象` is linked to the member (党员) or resident (群众) of that name when exactly one has
 * it (never the talker), and kept as written otherwise. Dates: not after today, not in a closed
 * year. Natural key: 日期 + 谈心人 + 谈心对象 + 内容.
 */
import { COUNTERPART_KIND_LABELS, TALK_REASON_LABELS } from "../../core/labels.ts";
import type { KindSpec } from "../types.ts";
import { SEP, memberAt } from "./common.ts";
import { jsonTuples } from "../../db/dialect.ts";
import { insertMany } from "../lookups.ts";

interface TalkRow {
  talkerId: number;
  talker: string;
  occurredOn: string;
  counterpartKind: keyof typeof COUNTERPART_KIND_LABELS;
  counterpartName: string;
  counterpartMemberId: number | null;
  counterpartResidentId: number | null;
  reason: keyof typeof TALK_REASON_LABELS;
  content: string;
}

const keyOf = (talkerId: number, on: string, name: string, content: string) => `${talkerId}${SEP}${on}${SEP}${name}${SEP}${content}`;

export const talksSpec: KindSpec<TalkRow> = {
  kind: "talks",
  label: "谈心记录",
  columns: [
    { key: "date", header: "日期", required: true, note: "如 2026-03-05" },
    { key: "talker", header: "谈心人", required: true, note: "谈心人的登录名" },
    { key: "counterpart", header: "谈心对象", required: true, note: "对象姓名" },
    { key: "counterpartKind", header: "对象类型", note: "党员 或 群众；不填为群众" },
    { key: "reason", header: "谈心类型", note: `${Object.values(TALK_REASON_LABELS).join(" / ")}；不填为日常谈心` },
    { key: "content", header: "内容", note: "谈心内容" },
  ],
  example: [
    { date: "2026-03-05", talker: "wangsl", counterpart: "赵群众", counterpartKind: "群众", reason: "生活困难", content: "了解家庭困难情况" },
  ],
  inFileDuplicate: "skip",
  lookups: ["members", "memberships", "branchToday", "memberIdByName", "residentIdByName"],
  check(row, look) {
    const dated = row.notFuture("date", row.date("date", { required: true }), look.today);
    const talker = memberAt(row, "talker", look, { required: true });
    const occurredOn = row.open("date", dated, talker && dated ? look.branchOn(talker.id, dated) : null);
    const counterpartName = row.name("counterpart", { required: true, max: 50 });
    const counterpartKind = row.choice("counterpartKind", COUNTERPART_KIND_LABELS, "RESIDENT");
    const reason = row.choice("reason", TALK_REASON_LABELS, "ROUTINE");
    const content = row.text("content", { max: 5000 });
    if (!row.ok || occurredOn === null || talker === null || counterpartKind === null || reason === null) return null;
    let counterpartMemberId: number | null = null;
    let counterpartResidentId: number | null = null;
    if (counterpartKind === "MEMBER") {
      const id = look.memberIdByName.get(counterpartName);
      if (id && id !== talker.id) counterpartMemberId = id;
    } else {
      counterpartResidentId = look.residentIdByName.get(counterpartName) || null;
    }
    return { talkerId: talker.id, talker: talker.username, occurredOn, counterpartKind, counterpartName, counterpartMemberId, counterpartResidentId, reason, content };
  },
  key: (r) => keyOf(r.talkerId, r.occurredOn, r.counterpartName, r.content),
  keyLabel: (r) => `${r.occurredOn} ${r.talker} 与 ${r.counterpartName}`,
  async existingKeys(look, recs) {
    // Only stored talks on a (talker, day) of the file can share a key with one of its rows: one
    // seek per distinct pair into the (talkerId, occurredOn, deletedAt) index, instead of reading
    // every talk of the file's date range (a county year: 300,000 rows for 100,000 imported).
    // The pairs go in index order (talker, then day): consecutive seeks land on the same index
    // pages, a third of the query's time for a file whose rows come in any order (issue 16 item 4).
    const keys = new Set<string>();
    const pairs: [number, string][] = [];
    const pairSeen = new Set<string>();
    for (const r of recs) {
      const p = `${r.talkerId}${SEP}${r.occurredOn}`;
      if (pairSeen.has(p)) continue;
      pairSeen.add(p);
      pairs.push([r.talkerId, r.occurredOn]);
    }
    pairs.sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
    if (pairs.length === 0) return keys;
    const kx = look.kx;
    const stored = await kx
      .selectFrom(jsonTuples(kx, pairs, ["integer", "text"]).as("k"))
      .innerJoin("Talk as t", (j) => j.onRef("t.talkerId", "=", "k.c0" as never).onRef("t.occurredOn", "=", "k.c1" as never))
      .select(["t.talkerId", "t.occurredOn", "t.counterpartName", "t.content"])
      .where("t.deletedAt", "is", null)
      .execute();
    for (const t of stored) keys.add(keyOf(t.talkerId, t.occurredOn, t.counterpartName, t.content));
    return keys;
  },
  async write(look, recs) {
    const stamp = look.stamp;
    await insertMany(
      look.kx,
      "Talk",
      recs.map(({ rec: r }) => ({
        talkerId: r.talkerId,
        occurredOn: r.occurredOn,
        counterpartKind: r.counterpartKind,
        counterpartName: r.counterpartName,
        counterpartMemberId: r.counterpartMemberId,
        counterpartResidentId: r.counterpartResidentId,
        reason: r.reason,
        content: r.content,
        createdAt: stamp,
        updatedAt: stamp,
      })),
    );
    return { added: recs.length };
  },
};
