/**
 * The password policy on /account/password (QA finding 12): at least 8 characters, not all
 * digits, not one character repeated, not one of the most common passwords, not the login name —
 * each refused with a Chinese message under the new-password field, the old password still working.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PASSWORD, testApp, type TestApp } from "../support/app.ts";

let t: TestApp;
beforeEach(async () => {
  t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
  await t.member({ username: "dangyuan8", name: "党员甲" });
});
afterEach(() => t.close());

async function change(next: string) {
  const a = await t.loginAs("dangyuan8");
  return a.post("/account/password").type("form").send({ _csrf: await a.csrf(), current: PASSWORD, next, confirm: next });
}

describe("choosing a new password", () => {
  it.each([
    ["1234567", "新密码至少 8 位"],
    ["12345678", "新密码不能全是数字"],
    ["20261118", "新密码不能全是数字"],
    ["aaaaaaaaaa", "新密码不能由同一个字符重复组成"],
    ["Password", "该密码过于常见"],
    ["qwerty123", "该密码过于常见"],
    ["DangYuan8", "新密码不能与登录名相同"],
  ])("%s is refused with 「%s」 and the old password keeps working", async (next, message) => {
    const res = await change(next);
    expect(res.status).toBe(422);
    expect(res.text).toMatch(new RegExp(`id="f-next-err">${message}`));
    await expect(t.loginAs("dangyuan8")).resolves.toBeTruthy();
  });

  it("a password of letters, digits and a sign is accepted", async () => {
    expect((await change("绿水青山-2026")).status).toBe(303);
    await expect(t.loginAs("dangyuan8", "绿水青山-2026")).resolves.toBeTruthy();
  });
});
