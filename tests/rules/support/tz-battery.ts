/**
 * A fixed battery of quota-engine results, run by time-zones.test.ts in child processes under
 * different `TZ` values: every answer must be the same whatever the process's zone
 * (FORMATS.md: "`TZ` of the process never changes a result: periods are Asia/Shanghai").
 */
import {
  addDays,
  coveredDays,
  DEFAULT_SETTINGS,
  evaluatePairings,
  evaluatePeriods,
  instantOf,
  isoWeekOf,
  listedPeriods,
  localDateOf,
  localDateTimeOf,
  periodByLabel,
  periodContaining,
  periodsOfYear,
  remaining,
} from "../../../src/rules/index.ts";

export function battery() {
  const instants = [
    "2026-03-31T16:00:00Z",
    "2026-03-31T15:59:59Z",
    "2026-12-31T16:00:00Z",
    "2026-12-31T15:59:59.999Z",
    "2026-03-08T10:30:00Z", // the US switches to DST that day
    "2026-11-01T09:30:00Z", // and back
    "2028-02-28T16:00:00Z",
  ];
  const cadre = [{ from: "2026-03-16", to: null }];
  return {
    localDates: instants.map((s) => localDateOf(new Date(s))),
    localDateTimes: instants.map((s) => localDateTimeOf(new Date(s))),
    instants: ["2026-04-01", "2026-03-08", "2026-11-01", "2027-01-01"].map((d) => instantOf(d, "00:30").toISOString()),
    weeks: ["2024-12-30", "2025-12-29", "2027-01-01", "2027-01-04", "2020-12-31", "2021-01-03"].map((d) => isoWeekOf(d).label),
    periods: ["year", "half", "month", "isoWeek"].map((k) => periodContaining(k as "year", "2026-12-31").label),
    newYearsDay: periodContaining("isoWeek", "2027-01-01").label,
    weeksIn2026: periodsOfYear("isoWeek", 2026).length,
    weeksIn2025: periodsOfYear("isoWeek", 2025).length,
    february: periodByLabel("2026-02").days,
    dstWeekDays: coveredDays(periodByLabel("2026-W10"), [{ from: "2026-03-05", to: null }]),
    walk: addDays("2026-03-01", 300),
    listed: listedPeriods("month", 2026, cadre, "2026-05-10").map((p) => p.label),
    monthly: evaluatePeriods({
      rule: "MONTH_TALKS",
      periods: listedPeriods("month", 2026, cadre, "2026-05-10"),
      settings: DEFAULT_SETTINGS,
      subject: cadre,
      counts: { "2026-03": 3, "2026-04": 4 },
      today: "2026-05-10",
    }),
    yearly: evaluatePeriods({
      rule: "YEAR_TALKS",
      periods: [periodByLabel("2026")],
      settings: DEFAULT_SETTINGS,
      subject: [{ from: "2026-07-01", to: null }],
      counts: { "2026": 5 },
      today: localDateOf(new Date("2026-12-31T16:00:00Z")),
    }),
    pairings: evaluatePairings({ count: 2, settings: DEFAULT_SETTINGS, cadreLevel: "COUNTY_MANAGED", today: "2026-11-29" }),
    remaining: remaining({ count: 1, required: 3, period: periodByLabel("2026-W11"), today: "2026-03-12" }),
  };
}
