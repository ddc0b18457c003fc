import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { freshDb, type TestDb } from "../support/db.ts";
import { run } from "../../src/cli/commands/user.ts";
import { verifyPassword } from "../../src/auth/password.ts";

let t: TestDb;
let out: string[];
let err: string[];
beforeEach(async () => {
  t = await freshDb();
  out = [];
  err = [];
});
afterEach(() => t.close());
const ctx = () => ({ databaseUrl: t.url, out: (l: string) => out.push(l), err: (l: string) => err.push(l) });

describe("ledger user create", () => {
  it("creates the first admin with a one-time password that must be changed", async () => {
    const code = await run(["create", "--username", "Admin2", "--name", "管理员乙", "--role", "ADMIN"], ctx());
    expect(code).toBe(0);
    const password = out.find((l) => l.startsWith("一次性密码"))!.split(": ")[1];
    const m = await t.db.member.findUniqueOrThrow({ where: { username: "admin2" } });
    expect(m).toMatchObject({ role: "ADMIN", mustChangePassword: true, name: "管理员乙" });
    expect(await verifyPassword(m.passwordHash, password)).toBe(true);
    expect(await t.db.roleTerm.count({ where: { memberId: m.id, role: "ADMIN" } })).toBe(1);
    expect(await t.db.auditEntry.count({ where: { action: "member.create" } })).toBe(1);
  });

  it("refuses a taken login name and a bad role, writing nothing", async () => {
    await run(["create", "--username", "a1", "--name", "甲", "--role", "ADMIN"], ctx());
    expect(await run(["create", "--username", "a1", "--name", "乙"], ctx())).toBe(1);
    expect(await run(["create", "--username", "a2", "--name", "丙", "--role", "KING"], ctx())).toBe(2);
    expect(err.join("\n")).toContain("已存在");
    expect(err.join("\n")).toContain("角色须为");
    expect(await t.db.member.count()).toBe(1);
  });
});
