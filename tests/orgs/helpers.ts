/** Small org-tree fixtures for the tests of tests/orgs: orgs created through the real command. */
import type { Db } from "../../src/db/client.ts";
import type { Actor } from "../../src/core/actor.ts";
import { createOrg } from "../../src/domain/orgs/commands.ts";
import type { OrgKind } from "../../src/core/org-tree.ts";

export const systemActor = (id: number): Actor => ({ id, username: "guanli", name: "管理员甲", role: "ADMIN" });

/** Creates an org under the org with code `parent`. */
export async function org(db: Db, actor: Actor, code: string, kind: OrgKind, parent: string, name = code) {
  const p = await db.org.findUniqueOrThrow({ where: { code: parent } });
  return createOrg(db, actor, { code, name, kind, parentId: p.id }, "2026-11-18");
}
