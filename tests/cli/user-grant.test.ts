/**
 * `ledger user grant --username U --role REVIEWER|ADMIN --org CODE [--revoke]` (FORMATS.md
 * "Command line"): gives and revokes an oversight grant with an audit entry; an unknown account
 * or org code, a bad role, a grant held twice or revoking one not held is refused in Chinese
 * with nothing written.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { freshDb, type TestDb } from "../support/db.ts";
import { run } from "../../src/cli/commands/user.ts";

let t: TestDb;
let out: string[];
let err: string[];
beforeEach(async () => {
  t = await freshDb();
  out = [];
  err = [];
  await run(["create", "--username", "xiangzhen", "--name", "乡镇组织委员"], ctx());
});
afterEach(() => t.close());
const ctx = () => ({ databaseUrl: t.url, out: (l: string) => out.push(l), err: (l: string) => err.push(l) });
const rows = () => t.db.grant.findMany({ include: { org: true, member: true } });

describe("ledger user grant", () => {
  it("gives a REVIEWER grant at the org with the code, audited, and --revoke takes it back", async () => {
    expect(await run(["grant", "--username", "XiangZhen", "--role", "REVIEWER", "--org", "COUNTY"], ctx())).toBe(0);
    const [g] = await rows();
    expect([g.member.username, g.org.code, g.role]).toEqual(["xiangzhen", "COUNTY", "REVIEWER"]);
    expect(await t.db.auditEntry.count({ where: { action: "grant.create", entity: "Grant", entityId: String(g.id) } })).toBe(1);
    expect(out.at(-1)).toContain("已授予");
    expect(await run(["grant", "--username", "xiangzhen", "--role", "REVIEWER", "--org", "COUNTY", "--revoke"], ctx())).toBe(0);
    expect(await rows()).toEqual([]);
    expect(await t.db.auditEntry.count({ where: { action: "grant.delete" } })).toBe(1);
  });

  it("refuses an unknown org, an unknown user, a bad role, a second identical grant and revoking none", async () => {
    const audits = await t.db.auditEntry.count();
    expect(await run(["grant", "--username", "xiangzhen", "--role", "REVIEWER", "--org", "NOPE"], ctx())).toBe(1);
    expect(err.at(-1)).toBe("没有代码为「NOPE」的组织");
    expect(await run(["grant", "--username", "nobody", "--role", "ADMIN", "--org", "ZB01"], ctx())).toBe(1);
    expect(err.at(-1)).toContain("没有登录名为「nobody」的账号");
    expect(await run(["grant", "--username", "xiangzhen", "--role", "KING", "--org", "ZB01"], ctx())).toBe(2);
    expect(err.at(-1)).toContain("REVIEWER 或 ADMIN");
    expect(await run(["grant", "--username", "xiangzhen", "--role", "ADMIN", "--org", "ZB01", "--revoke"], ctx())).toBe(1);
    expect(err.at(-1)).toContain("没有");
    expect(await t.db.auditEntry.count()).toBe(audits);
    expect(await run(["grant", "--username", "xiangzhen", "--role", "ADMIN", "--org", "ZB01"], ctx())).toBe(0);
    expect(await run(["grant", "--username", "xiangzhen", "--role", "ADMIN", "--org", "ZB01"], ctx())).toBe(1);
    expect(err.at(-1)).toContain("已有");
    expect(await rows()).toHaveLength(1);
  });
});
