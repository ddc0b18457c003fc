/**
 * 调研报告等材料 writings (docs/FORMATS-stays-writings.md; issue 18 item 2): 日期, 作者 (login name),
 * 类型 (调研报告 / 党性分析 / 民情日记 / 发展规划), 标题 required; 正文. Attachments are not imported
 * (add them on the writing's page). Refused: a date after today or before 2000, a year closed for
 * the author's branch on that date, an administrator's (operator's) account. Natural key: 作者 +
 * 日期 + 标题.
 */
import { WRITING_KIND_LABELS, type WritingKind } from "../../core/labels.ts";
import type { KindSpec } from "../types.ts";
import { insertMany } from "../lookups.ts";
import { jsonValues } from "../../db/dialect.ts";
import { SEP, memberAt } from "./common.ts";

interface WritingRow {
  authorId: number;
  author: string;
  writtenOn: string;
  kind: WritingKind;
  title: string;
  content: string;
}

const keyOf = (authorId: number, on: string, title: string) => `${authorId}${SEP}${on}${SEP}${title}`;

export const writingsSpec: KindSpec<WritingRow> = {
  kind: "writings",
  label: "调研报告等材料",
  columns: [
    { key: "date", header: "日期", required: true, note: "如 2026-03-05" },
    { key: "author", header: "作者", required: true, note: "作者的登录名" },
    { key: "kind", header: "类型", required: true, note: Object.values(WRITING_KIND_LABELS).join(" / ") },
    { key: "title", header: "标题", required: true, note: "不超过 100 字" },
    { key: "content", header: "正文", note: "" },
  ],
  example: [{ date: "2026-03-05", author: "wangsl", kind: "调研报告", title: "关于村道建设的调研报告", content: "……" }],
  lookups: ["members", "memberships", "branchToday"],
  inFileDuplicate: "skip",
  check(row, look) {
    const dated = row.notFuture("date", row.date("date", { required: true }), look.today);
    const author = memberAt(row, "author", look, { required: true });
    if (author && author.role === "ADMIN") row.fail("author", "管理员账号不记录个人材料");
    const writtenOn = row.open("date", dated, author && dated ? look.branchOn(author.id, dated) : null);
    const kind = row.choice("kind", WRITING_KIND_LABELS);
    const title = row.text("title", { required: true, max: 100 });
    const content = row.text("content", { max: 50000 });
    if (!row.ok || !author || !writtenOn || !kind) return null;
    return { authorId: author.id, author: author.username, writtenOn, kind, title, content };
  },
  key: (r) => keyOf(r.authorId, r.writtenOn, r.title),
  keyLabel: (r) => `${r.writtenOn} ${r.author}《${r.title}》`,
  async existingKeys(look, recs) {
    const keys = new Set<string>();
    const authors = [...new Set(recs.map((r) => r.authorId))];
    const stored = await look.kx
      .selectFrom("Writing")
      .select(["authorId", "writtenOn", "title"])
      .where("authorId", "in", jsonValues(look.kx, authors, "integer"))
      .where("deletedAt", "is", null)
      .execute();
    for (const w of stored) keys.add(keyOf(w.authorId, w.writtenOn, w.title));
    return keys;
  },
  async write(look, recs) {
    await insertMany(look.kx, "Writing", recs.map(({ rec: r }) => ({ authorId: r.authorId, writtenOn: r.writtenOn, kind: r.kind, title: r.title, content: r.content, createdAt: look.stamp })));
    return { added: recs.length };
  },
};
