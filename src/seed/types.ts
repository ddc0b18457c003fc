/**
 * The demo county generator's public vocabulary: its options, progress and summary, the tables it
 * writes and the four demo accounts. Re-exported unchanged by `seed.ts`, the module to import from;
 * kept in this leaf module so the generator's parts can use them without importing the entry point.
 */
import { ROLE_LABELS as DOMAIN_ROLE_LABELS } from "../core/labels.ts";

export type SeedScale = "demo" | "county";
export type Role = "MEMBER" | "CADRE" | "SECRETARY" | "ADMIN";

export interface SeedOptions {
  scale: SeedScale;
  /** The last year generated. */
  year: number;
  /** How many consecutive years ending with `year` (default 1). */
  years?: number;
  /** Shanghai date `YYYY-MM-DD`: nothing is dated after it. */
  today: string;
  /** The password of every seeded account (hashed once). */
  demoPassword: string;
  /** Called about every 100,000 rows while writing. */
  onProgress?: (p: SeedProgress) => void;
}

/** The tables the generator writes, in the order of their first row. */
export const SEED_TABLES = [
  "Zone", "Line", "Department", "Member", "OrgMembership", "Grant", "RoleTerm", "ZoneAssignment", "LineAssignment",
  "DepartmentAssignment", "Resident", "Pairing", "Activist", "Talk", "LineVisit", "Meeting",
  "MeetingAttendance", "MeetingResident", "Request", "AssistanceRecord", "ActivistNote",
  "SituationReport", "AuditEntry",
] as const;
export type SeedTable = (typeof SEED_TABLES)[number];

export interface SeedProgress {
  rows: number;
  /** The day being written. */
  date: string;
  counts: Record<SeedTable, number>;
}

export interface SeedLogin {
  username: string;
  password: string;
  role: Role;
  /** The role in Chinese: 管理员, 支部书记, 党员干部, 党员. */
  roleLabel: string;
  name: string;
}

export interface SeedSummary {
  scale: SeedScale;
  /** First and last day of generated records. */
  from: string;
  to: string;
  years: number[];
  counts: Record<SeedTable, number>;
  totalRows: number;
  logins: SeedLogin[];
}

export const ROLE_LABELS: Record<Role, string> = DOMAIN_ROLE_LABELS;

/** The four demo accounts, in the order they are created (member ids 1–4). */
export const DEMO_ACCOUNTS: ReadonlyArray<{ username: string; role: Role }> = [
  { username: "admin", role: "ADMIN" },
  { username: "shuji", role: "SECRETARY" },
  { username: "ganbu", role: "CADRE" },
  { username: "dangyuan", role: "MEMBER" },
];

/** One org of the generated tree (orgs.ts); `parent` is an index in the list. */
export interface SeedOrg {
  id: number;
  code: string;
  name: string;
  kind: "COUNTY" | "TOWNSHIP" | "WORK_COMMITTEE" | "COMMITTEE" | "BRANCH";
  parent: number | null; // index in the list
  population: number | null;
  path: string;
  depth: number;
}
