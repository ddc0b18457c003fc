import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { battery } from "./support/tz-battery.ts";

const run = promisify(execFile);
const batteryPath = fileURLToPath(new URL("./support/tz-battery.ts", import.meta.url));
const script = `
const { battery } = await import(process.argv[1]);
const offset = new Date(Date.UTC(2026, 0, 1)).getTimezoneOffset();
process.stdout.write(JSON.stringify({ offset, result: battery() }));
`;

/** Runs the battery in a fresh Node process whose TZ is `tz` (one child per zone). */
async function inZone(tz: string): Promise<{ offset: number; result: unknown }> {
  const { stdout } = await run(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script, batteryPath], {
    env: { ...process.env, TZ: tz },
    timeout: 30_000,
  });
  return JSON.parse(stdout);
}

const expected = {
  localDates: ["2026-04-01", "2026-03-31", "2027-01-01", "2026-12-31", "2026-03-08", "2026-11-01", "2028-02-29"],
  localDateTimes: ["2026-04-01 00:00", "2026-03-31 23:59", "2027-01-01 00:00", "2026-12-31 23:59", "2026-03-08 18:30", "2026-11-01 17:30", "2028-02-29 00:00"],
  instants: ["2026-03-31T16:30:00.000Z", "2026-03-07T16:30:00.000Z", "2026-10-31T16:30:00.000Z", "2026-12-31T16:30:00.000Z"],
  weeks: ["2025-W01", "2026-W01", "2026-W53", "2027-W01", "2020-W53", "2020-W53"],
  periods: ["2026", "2026-H2", "2026-12", "2026-W53"],
  newYearsDay: "2026-W53",
  weeksIn2026: 53,
  weeksIn2025: 52,
  february: 28,
  dstWeekDays: 4,
  walk: "2026-12-26",
  listed: ["2026-03", "2026-04", "2026-05"],
  monthly: [
    { period: "2026-03", count: 3, required: 3, status: "met" },
    { period: "2026-04", count: 4, required: 5, status: "missed" },
    { period: "2026-05", count: 0, required: 5, status: "at_risk" },
  ],
  yearly: [{ period: "2026", count: 5, required: 6, status: "missed" }],
  pairings: { period: "2026-11-29", count: 2, required: 4, status: "missed" },
  remaining: { left: 2, daysLeft: 4 },
};

describe("results whatever the server's time zone", () => {
  it("gives the expected answers in this process", () => {
    expect(battery()).toEqual(expected);
  });

  it("gives identical answers under TZ=UTC, Asia/Shanghai and America/Los_Angeles", async () => {
    const [utc, shanghai, losAngeles] = await Promise.all(["UTC", "Asia/Shanghai", "America/Los_Angeles"].map(inZone));
    // The children really ran in different zones...
    expect([utc.offset, shanghai.offset, losAngeles.offset]).toEqual([0, -480, 480]);
    // ...and agree with each other and with the expected values.
    expect(shanghai.result).toEqual(utc.result);
    expect(losAngeles.result).toEqual(utc.result);
    expect(utc.result).toEqual(expected);
  }, 60_000);
});
