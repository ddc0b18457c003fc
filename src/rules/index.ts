/**
 * The quota engine (DOMAIN.md "The rules"): pure functions over Asia/Shanghai `LocalDate`s,
 * independent of `process.env.TZ`; `today` is always a parameter. No Prisma, no Express.
 */
export * from "./types.ts";
export * from "./dates.ts";
export * from "./periods.ts";
export * from "./thresholds.ts";
export * from "./prorate.ts";
export * from "./status.ts";
export * from "./evaluate.ts";
export * from "./standing.ts";
