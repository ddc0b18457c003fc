import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { run } from "../../src/cli/commands/import.ts";
import { main, type CliContext } from "../../src/cli/ledger.ts";
import { ensureBaseline } from "../../src/domain/baseline.ts";
import { freshDb, type TestDb } from "../support/db.ts";
import { csv } from "./files.ts";
import { odsFile, oleXls, sparseWorkbook } from "./hostile.ts";

let t: TestDb;
let dir: string;
let out: string[];
let err: string[];
let ctx: CliContext;
beforeEach(async () => {
  t = await freshDb();
  const { branchId } = await ensureBaseline(t.db);
  await t.db.member.create({ data: { branchId, username: "guanli", name: "管理员甲", role: "ADMIN", registeredOn: "2020-01-01", passwordHash: "x" } });
  await t.db.member.create({ data: { branchId, username: "ganbu", name: "干部甲", role: "CADRE", registeredOn: "2020-01-01", passwordHash: "x" } });
  await t.db.zone.create({ data: { branchId, name: "第一责任区", establishedOn: "2020-01-01" } });
  dir = mkdtempSync(path.join(tmpdir(), "ledger-import-"));
  out = [];
  err = [];
  ctx = { databaseUrl: t.url, out: (l) => out.push(l), err: (l) => err.push(l) };
});
afterEach(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

function file(name: string, bytes: Buffer) {
  const p = path.join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

describe("ledger import", () => {
  it("imports a file once; the second run reports duplicates and adds nothing; --dry-run writes nothing", async () => {
    const f = file("meetings.csv", csv(["日期", "类型", "责任区", "参会党员"], [["2026-03-05", "院坝会", "第一责任区", "ganbu"]], "gb18030"));
    expect(await run(["meetings", f, "--dry-run"], ctx)).toBe(0);
    expect(await t.db.meeting.count()).toBe(0);
    expect(await run(["meetings", f], ctx)).toBe(0);
    expect(out.at(-1)).toContain("新增 1 条");
    const meeting = await t.db.meeting.findFirstOrThrow({ include: { createdBy: true } });
    expect(meeting.createdBy.username).toBe("guanli");
    expect(await run(["meetings", f], ctx)).toBe(0);
    expect(out.some((l) => l.startsWith("重复（未导入）第 2 行"))).toBe(true);
    expect(await t.db.meeting.count()).toBe(1);
  });

  it("prints every error with row, column, value and reason, exits 1 and writes nothing", async () => {
    const f = file("talks.csv", csv(["日期", "谈心人", "谈心对象"], [["2026-03-05", "ganbu", "某"], ["2026-02-30", "ganbu", "某"], ["2026-03-05", "ghost", "某"]]));
    expect(await run(["talks", f], ctx)).toBe(1);
    expect(err.filter((l) => l.startsWith("第 "))).toEqual([
      "第 3 行\t日期\t2026-02-30\t不是有效日期（可写 2026-03-05、2026/3/5 或 2026年3月5日）",
      "第 4 行\t谈心人\tghost\t没有登录名为「ghost」的账号",
    ]);
    expect(await t.db.talk.count()).toBe(0);
  });

  it("a members import prints the one-time passwords once", async () => {
    const f = file("m.csv", csv(["姓名", "登录名"], [["王示例", "wangsl"]]));
    expect(await run(["members", f], ctx)).toBe(0);
    expect(out.some((l) => /^wangsl\t王示例\t\S{12}$/.test(l))).toBe(true);
  });

  it("is wired into the ledger command table; bad usage exits 2", async () => {
    const f = file("z.csv", csv(["名称"], [["第二责任区"]]));
    expect(await main(["import", "zones", f], ctx)).toBe(0);
    expect(await t.db.zone.count()).toBe(2);
    expect(await run(["people", f], ctx)).toBe(2);
    expect(await run(["zones"], ctx)).toBe(2);
    expect(await run(["zones", f, "--force"], ctx)).toBe(2);
  });

  it("an .ods or .xls file is told to save as .xlsx, a sparse workbook is refused as too big; exit 1 and nothing written", async () => {
    for (const [name, bytes] of [
      ["talks.ods", odsFile()],
      ["talks.xls", oleXls()],
    ] as const) {
      err = [];
      expect(await run(["talks", file(name, bytes)], ctx)).toBe(1);
      expect(err).toEqual(["暂不支持 .xls/.ods 文件，请在 Excel、WPS 或 LibreOffice 中另存为 .xlsx 后再上传"]);
    }
    err = [];
    expect(await run(["talks", file("sparse.xlsx", sparseWorkbook(5_000))], ctx)).toBe(1);
    expect(err.join("\n")).toMatch(/^文件过大或格式异常/);
    expect(await t.db.talk.count()).toBe(0);
  });
});
