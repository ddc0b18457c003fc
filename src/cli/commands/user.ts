/**
 * `ledger user create --username U --name N --role ADMIN [--phone P]`: creates an account (for the
 * first admin on a new database) and prints a one-time password the person must change at first
 * login. Exit 2 on bad flags, 1 if the login name is taken.
 */
import { cleanName } from "../../http/forms.ts";
import { z } from "zod";
import type { CliContext } from "../ledger.ts";
import { parseFlags } from "../ledger.ts";
import { openDb } from "../../db/client.ts";
import { applyMigrations } from "../../db/migrate.ts";
import { ensureBaseline } from "../../domain/baseline.ts";
import { hashPassword, oneTimePassword } from "../../auth/password.ts";
import { localDateOf } from "../../rules/index.ts";
import { ROLES } from "../../domain/labels.ts";

const flags = z.object({
  username: z.string({ error: "缺少 --username" }).regex(/^[a-z0-9_.-]{2,32}$/i, "登录名只能用 2–32 位字母、数字、_ . -"),
  name: z.string({ error: "缺少 --name" }).transform(cleanName).pipe(z.string().min(1, "姓名不能为空").max(50)),
  role: z.enum(ROLES as [string, ...string[]], { error: "角色须为 MEMBER、CADRE、SECRETARY 或 ADMIN" }).default("MEMBER"),
  phone: z.string().optional(),
});

export async function run(args: string[], ctx: CliContext): Promise<number> {
  const f = parseFlags(args);
  if (f._[0] !== "create") {
    ctx.err("用法: ledger user create --username U --name N --role ADMIN");
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
