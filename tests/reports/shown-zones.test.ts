/**
 * shownZones (src/domain/compliance/subjects.ts): the zone shown for each member, all members in
 * one pass over rows ordered by member, as zoneShown gives it for one member's rows.
 */
import { describe, expect, it } from "vitest";
import { shownZones, zoneShown, type AssignmentTuple } from "../../src/domain/compliance/subjects.ts";

const Y = "2026-01-01";
const REF = "2026-11-29";

describe("shownZones", () => {
  it("shows the zone held on the reference date, else the last one held in the year, per member", () => {
    const rows: AssignmentTuple[] = [
      [1, 10, "2020-01-01", "2026-03-31"], // member 1: ended, then a current one
      [1, 11, "2026-04-01", null],
      [2, 20, "2025-01-01", "2025-12-31"], // member 2: only before the year → none
      [3, 30, "2026-01-01", "2026-05-31"], // member 3: two ended in the year → the later end
      [3, 31, "2026-06-01", "2026-09-30"],
      [4, 40, "2026-12-01", null], // member 4: begins after the reference date → none
      [5, 50, "2026-02-01", "2026-02-28"], // member 5: same end, later start wins
      [5, 51, "2026-02-10", "2026-02-28"],
      [6, 60, "2026-01-01", null], // member 6: two current ones → the later start
      [6, 61, "2026-03-01", "2026-12-31"],
    ];
    const shown = shownZones(rows, Y, REF);
    expect(Object.fromEntries(shown)).toEqual({ 1: 11, 3: 31, 5: 51, 6: 61 });
    for (const id of [1, 2, 3, 4, 5, 6]) {
      const own = rows.filter((r) => r[0] === id).map(([memberId, targetId, fromOn, toOn]) => ({ memberId, targetId, fromOn, toOn }));
      expect(zoneShown(own, Y, REF)).toBe(shown.get(id) ?? null);
    }
    expect(shownZones([], Y, REF).size).toBe(0);
  });
});
