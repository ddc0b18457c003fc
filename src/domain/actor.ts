/**
 * The person acting: the logged-in member as the domain sees them. Reading is cumulative upward
 * (DOMAIN.md, "Who uses it"): the secretary and the admin may read everyone's records; nobody
 * writes another person's record.
 */
import type { Role } from "./labels.ts";

export interface Actor {
  id: number;
  username: string;
  name: string;
  role: Role;
}

/** May `actor` read every member's records (secretary, admin)? */
export function readsEveryone(actor: Actor): boolean {
  return actor.role === "SECRETARY" || actor.role === "ADMIN";
}

/** Roles that log line visits (党员干部 and up, DOMAIN.md). */
export function logsVisits(actor: Actor): boolean {
  return actor.role === "CADRE" || actor.role === "SECRETARY";
}
