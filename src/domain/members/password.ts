/** Changing one's own password: the current one must be right; the new one 8–128 characters. */
import { z } from "zod";
import type { Db } from "../../db/client.ts";
import type { Actor } from "../actor.ts";
import { hashPassword, verifyPassword } from "../../auth/password.ts";
import { DomainError } from "../errors.ts";
import { audit } from "../audit.ts";

export const passwordForm = z
  .object({
    current: z.string({ error: "请填写当前密码" }).min(1, "请填写当前密码").max(128),
    next: z.string({ error: "请填写新密码" }).min(8, "新密码至少 8 位").max(128, "新密码不能超过 128 位"),
    confirm: z.string({ error: "请再次输入新密码" }),
  })
  .refine((v) => v.next === v.confirm, { path: ["confirm"], message: "两次输入的新密码不一致" })
  .refine((v) => v.next !== v.current, { path: ["next"], message: "新密码不能与当前密码相同" });

export async function changePassword(db: Db, actor: Actor, input: z.infer<typeof passwordForm>) {
  const m = await db.member.findUniqueOrThrow({ where: { id: actor.id } });
  if (!(await verifyPassword(m.passwordHash, input.current))) throw new DomainError("current", "当前密码不正确");
  const passwordHash = await hashPassword(input.next);
  await db.$transaction(async (tx) => {
    await tx.member.update({ where: { id: m.id }, data: { passwordHash, mustChangePassword: false } });
    await audit(tx, { actorId: actor.id, action: "member.password", entity: "Member", entityId: m.id });
  });
}
