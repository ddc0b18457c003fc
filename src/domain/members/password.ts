/**
 * Changing one's own password: the current one must be right; the new one 8–128 characters, not
 * all digits, not one character repeated, not one of the most common passwords, and not the login
 * name (case ignored). Messages in Chinese, under the field they concern.
 */
import { z } from "zod";
import type { Db } from "../../db/client.ts";
import type { Actor } from "../../core/actor.ts";
import { hashPassword, verifyPassword } from "../../auth/password.ts";
import { DomainError } from "../../core/errors.ts";
import { audit } from "../audit/trail.ts";
import { endSessionsOf } from "../../auth/sessions.ts";

/** The most common passwords (lower case), refused whatever else they satisfy. */
const COMMON = new Set([
  "password", "password1", "password123", "passw0rd", "p@ssw0rd", "p@ssword", "qwertyui", "qwerty123", "qwertyuiop", "qwe123456", "1qaz2wsx",
  "1q2w3e4r", "1q2w3e4r5t", "zaq12wsx", "asdfghjkl", "zxcvbnm123", "abc12345", "abcd1234", "abc123456", "a1234567", "a12345678", "aa123456",
  "admin123", "admin@123", "administrator", "iloveyou", "woaini1314", "woaini520", "letmein1", "welcome1", "changeme", "sunshine", "football",
  "baseball", "superman", "princess", "12345678a", "123456abc", "123qweasd", "qweasdzxc", "asd123456", "abcdefgh", "abcdefg1",
]);

/** Why `password` is too weak for `username`, or null when it is acceptable (length is checked by the form). */
export function passwordWeakness(password: string, username?: string): string | null {
  if (/^\d+$/.test(password)) return "新密码不能全是数字，请加入字母或符号";
  if ([...password].every((c) => c === password[0])) return "新密码不能由同一个字符重复组成";
  if (COMMON.has(password.toLowerCase())) return "该密码过于常见，容易被猜到，请换一个";
  if (username && password.trim().toLowerCase() === username.trim().toLowerCase()) return "新密码不能与登录名相同";
  return null;
}

export const passwordForm = z
  .object({
    current: z.string({ error: "请填写当前密码" }).min(1, "请填写当前密码").max(128),
    next: z.string({ error: "请填写新密码" }).min(8, "新密码至少 8 位").max(128, "新密码不能超过 128 位"),
    confirm: z.string({ error: "请再次输入新密码" }),
  })
  .refine((v) => v.next === v.confirm, { path: ["confirm"], message: "两次输入的新密码不一致" })
  .refine((v) => v.next !== v.current, { path: ["next"], message: "新密码不能与当前密码相同" })
  .superRefine((v, ctx) => {
    const weak = v.next.length >= 8 ? passwordWeakness(v.next) : null;
    if (weak) ctx.addIssue({ code: "custom", path: ["next"], message: weak });
  });

/**
 * Changes `actor`'s password after checking the current one (DomainError on the field otherwise)
 * and, in the same transaction, ends the account's other sessions: every session but `keepSid`
 * (the one making the change). The caller renews `keepSid` itself.
 */
export async function changePassword(db: Db, actor: Actor, input: z.infer<typeof passwordForm>, keepSid: string) {
  const m = await db.member.findUniqueOrThrow({ where: { id: actor.id } });
  if (!(await verifyPassword(m.passwordHash, input.current))) throw new DomainError("current", "当前密码不正确");
  const weak = passwordWeakness(input.next, m.username);
  if (weak) throw new DomainError("next", weak);
  const passwordHash = await hashPassword(input.next);
  await db.$transaction(async (tx) => {
    await tx.member.update({ where: { id: m.id }, data: { passwordHash, mustChangePassword: false } });
    await endSessionsOf(tx, m.id, keepSid);
    await audit(tx, { actorId: actor.id, action: "member.password", entity: "Member", entityId: m.id });
  });
}
