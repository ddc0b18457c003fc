/**
 * The generator's picture of a person (a member with dated role, zone, line and department
 * history, and a diligence class) and of pairings and activists, with what holds for a person
 * on a given day. Days are day numbers (`toDayNumber`); `OPEN` stands for "no end".
 */
import type { CadreLevel } from "../rules/index.ts";
import type { Gender } from "./names.ts";
import type { Role } from "./types.ts";

/** "No end" for day-number intervals. */
export const OPEN = 1e9;

/** Diligence: 0 on pace, 1 a little behind, 2 well behind. */
export type Cls = 0 | 1 | 2;

export interface Person {
  idx: number;
  id: number;
  username: string;
  name: string;
  gender: Gender;
  phone: string;
  reg: number;
  deact: number; // OPEN when still active
  joinedParty: number;
  roles: { role: Role; level: CadreLevel | null; from: number; to: number }[];
  zones: { zone: number; from: number; to: number }[];
  lines: { line: number; from: number; to: number }[];
  depts: { dept: number; from: number; to: number }[];
  cls: Cls;
  special: "" | "admin" | "shuji" | "ganbu" | "dangyuan" | "zuzhibu" | "xiangzhen";
}

export interface PairingRow {
  id: number;
  cadre: number; // person idx
  residentId: number;
  from: number;
  to: number; // OPEN when active
}

export interface ActivistRow {
  id: number;
  zone: number;
  name: string;
  from: number;
  to: number;
}

/** The role term of `p` on day `d`; null when not registered or deactivated then. */
export function roleAt(p: Person, d: number): { role: Role; level: CadreLevel | null } | null {
  if (d < p.reg || d > p.deact) return null;
  for (const r of p.roles) if (d >= r.from && d <= r.to) return r;
  return null;
}

/** The zone index of `p` on day `d` (the latest zone outside the assignments). */
export function zoneAt(p: Person, d: number): number {
  for (const z of p.zones) if (d >= z.from && d <= z.to) return z.zone;
  return p.zones[p.zones.length - 1].zone;
}

/** The line index `p` is assigned to on day `d`; -1 if none. */
export function lineAt(p: Person, d: number): number {
  if (d > p.deact) return -1;
  for (const l of p.lines) if (d >= l.from && d <= l.to) return l.line;
  return -1;
}

/** The department index `p` is assigned to on day `d`; -1 if none. */
export function deptAt(p: Person, d: number): number {
  if (d > p.deact) return -1;
  for (const l of p.depts) if (d >= l.from && d <= l.to) return l.dept;
  return -1;
}

/** Cadres and the secretary: monthly talks and zone leadership instead of yearly talks. */
export function isLeader(role: Role | undefined): boolean {
  return role === "CADRE" || role === "SECRETARY";
}
