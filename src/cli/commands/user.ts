/**
 * `ledger user create --username U --name N --role ADMIN [--phone P]`: creates an account (for the
 * first admin on a new database) and prints a one-time password the person must change at first
 * login. Exit 2 on bad flags, 1 if the login name is taken.
 * `ledger user grant --username U --role REVIEWER|ADMIN --org CODE [--revoke]`: gives (or revokes)
 * an oversight grant over the org's subtree (FORMATS.md "Command line"), audited as grant.create /
 * grant.delete. Exit 2 on missing flags, 1 on an unknown account or org code or a grant already
 * held (not held), with the reason in Chinese; nothing is written then.
 */
import { cleanName } from "../../domain/forms.ts";
import { z } from "zod";
import type { CliContext } from "../flags.ts";
import { parseFlags } from "../flags.ts";
import { openDb } from "../../db/client.ts";
import { applyMigrations } from "../../db/migrate.ts";
import { ensureBaseline } from "../../domain/baseline.ts";
import { hashPassword, oneTimePassword } from "../../auth/password.ts";
import { localDateOf } from "../../rules/index.ts";
import { ROLES } from "../../core/labels.ts";
import { DomainError } from "../../core/errors.ts";
import { GRANT_ROLE_LABELS, giveGrant, revokeGrant } from "../../domain/grants/grants.ts";

const flags = z.object({
  username: z.string({ error: "缺少 --username" }).regex(/^[a-z0-9_.-]{2,32}$/i, "登录名只能用 2–32 位字母、数字、_ . -"),
  name: z.string({ error: "缺少 --name" }).transform(cleanName).pipe(z.string().min(1, "姓名不能为空").max(50)),
  role: z.enum(ROLES as [string, ...string[]], { error: "角色须为 MEMBER、CADRE、SECRETARY 或 ADMIN" }).default("MEMBER"),
  phone: z.string().optional(),
});

export async function run(args: string[], ctx: CliContext): Promise<number> {
  const f = parseFlags(args);
  if (f._[0] === "grant") return grant(f, ctx);
  if (f._[0] !== "create") {
    ctx.err("用法: ledger user create --username U --name N --role ADMIN\n      ledger user grant --username U --role REVIEWER|ADMIN --org CODE [--revoke]");
    return 2;
  }
  const parsed = flags.safeParse(f);
  if (!parsed.success) {
    ctx.err(parsed.error.issues.map((i) => i.message).join("\n"));
    return 2;
  }
  const { username, name, role, phone } = parsed.data;
  await applyMigrations(ctx.databaseUrl);
  const db = openDb(ctx.databaseUrl);
  try {
    const { branchId, countyId } = await ensureBaseline(db);
    const login = username.toLowerCase();
    if (await db.member.findUnique({ where: { username: login } })) {
      ctx.err(`登录名 ${login} 已存在`);
      return 1;
    }
    const password = oneTimePassword();
    const today = localDateOf(new Date());
    await db.$transaction(async (tx) => {
      const m = await tx.member.create({
        data: { branchId, username: login, name, phone: phone ?? null, role, passwordHash: await hashPassword(password), mustChangePassword: true, registeredOn: today },
      });
      await tx.orgMembership.create({ data: { memberId: m.id, orgId: branchId, fromOn: today } });
      // An ADMIN account administers the whole system: a grant at the root (DOMAIN.md "Who uses it").
      if (role === "ADMIN") await tx.grant.create({ data: { memberId: m.id, orgId: countyId, role: "ADMIN" } });
      await tx.roleTerm.create({ data: { memberId: m.id, role, fromOn: today } });
      await tx.auditEntry.create({ data: { action: "member.create", entity: "Member", entityId: String(m.id), after: JSON.stringify({ username: login, name, role }), reason: "ledger user create" } });
    });
    ctx.out(`已创建账号 ${login}（${role}）`);
    ctx.out(`一次性密码: ${password}`);
    ctx.out("首次登录后必须修改密码。");
    return 0;
  } finally {
    await db.$disconnect();
  }
}

const grantFlags = z.object({
  username: z.string({ error: "缺少 --username" }).min(1, "缺少 --username"),
  role: z.enum(["REVIEWER", "ADMIN"], { error: "--role 须为 REVIEWER 或 ADMIN" }),
  org: z.string({ error: "缺少 --org（组织代码）" }).min(1, "缺少 --org（组织代码）"),
  revoke: z.unknown().optional(),
});

async function grant(f: ReturnType<typeof parseFlags>, ctx: CliContext): Promise<number> {
  const parsed = grantFlags.safeParse(f);
  if (!parsed.success) {
    ctx.err(parsed.error.issues.map((i) => i.message).join("\n"));
    return 2;
  }
  const { username, role, org, revoke } = parsed.data;
  const undo = revoke !== undefined && revoke !== false && revoke !== "false";
  await applyMigrations(ctx.databaseUrl);
  const db = openDb(ctx.databaseUrl);
  try {
    await ensureBaseline(db);
    const input = { username, role, orgCode: org };
    try {
      if (undo) await revokeGrant(db, null, input);
      else await giveGrant(db, null, input);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      ctx.err(e.message);
      return 1;
    }
    ctx.out(`${undo ? "已撤销" : "已授予"} ${username.toLowerCase()} 在 ${org} 的${GRANT_ROLE_LABELS[role]}权限`);
    return 0;
  } finally {
    await db.$disconnect();
  }
}
