/**
 * Fixtures for work with the masses: a zone with members assigned from a date, residents in it.
 * Numbers here are made up (no real person's phone or ID number).
 */
import type { TestApp } from "./app.ts";
import { idCheckChar } from "../../src/domain/residents/mask.ts";

export async function zone(t: TestApp, name: string, usernames: string[] = [], fromOn = "2020-01-01") {
  const z = await t.db.zone.create({ data: { branchId: t.branchId, name, establishedOn: "2020-01-01" } });
  for (const username of usernames) {
    const m = await t.db.member.findUniqueOrThrow({ where: { username } });
    await t.db.zoneAssignment.create({ data: { memberId: m.id, zoneId: z.id, fromOn } });
  }
  return z;
}

/** A made-up ID number with a valid check character. */
export function fakeIdNumber(seq = "0001"): string {
  const first17 = `99000019800101${seq}`.slice(0, 17);
  return first17 + idCheckChar(first17);
}

export async function resident(t: TestApp, zoneId: number, name: string, extra: { phone?: string; idNumber?: string; address?: string; tags?: string } = {}) {
  return t.db.resident.create({ data: { zoneId, name, ...extra } });
}

export async function memberId(t: TestApp, username: string) {
  return (await t.db.member.findUniqueOrThrow({ where: { username } })).id;
}
