/**
 * The bench county's year and "today", apart from county.ts so that a measured child process
 * (workbook-run.ts) imports them without county.ts's seeder, migrations and Prisma client: its peak
 * resident set is then the export's, not the bench's own modules'.
 */
export const BENCH_YEAR = 2026;
/** Year end: the whole of BENCH_YEAR is recorded; dashboards and reports are "as of" this day. */
export const BENCH_TODAY = `${BENCH_YEAR}-12-31`;
