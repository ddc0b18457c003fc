/**
 * An app that is gone lets go of its database (the session store's pruning timer held it: in a
 * shared test worker every test file's Prisma client, Kysely instance and kept reports stayed, and
 * a worker's heap reached V8's limit). Garbage is collected for real (`gc` exposed for this file).
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { expect, it } from "vitest";
import { testApp } from "../support/app.ts";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** An app used as a test uses it (a login, the dashboard), closed; a weak reference to its Kysely. */
async function usedAndClosed(): Promise<WeakRef<object>> {
  const t = await testApp();
  await t.member({ username: "dangyuan", name: "党员甲" });
  const agent = await t.loginAs("dangyuan");
  expect((await agent.get("/")).status).toBe(200);
  const kx = new WeakRef(t.kx);
  await t.close();
  return kx;
}

it("lets go of its Kysely instance once the app is closed and dropped", async () => {
  const kx = await usedAndClosed();
  for (let i = 0; i < 20 && kx.deref(); i++) {
    await new Promise((r) => setTimeout(r, 20));
    gc();
  }
  expect(kx.deref()).toBeUndefined();
});
