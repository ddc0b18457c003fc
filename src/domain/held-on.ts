/**
 * The Prisma `where` of dated assignments (ZoneAssignment, LineAssignment, DepartmentAssignment,
 * RoleTerm-shaped rows) in force on `date`: `fromOn ≤ date ≤ toOn`, toOn null = still in force.
 * Dates are Asia/Shanghai `YYYY-MM-DD`, compared as text.
 */
export const heldOn = (date: string) => ({ fromOn: { lte: date }, OR: [{ toOn: null }, { toOn: { gte: date } }] });
