/**
 * Who may do what (ARCHITECTURE.md "Reach across an organization tree"; DOMAIN.md "Who uses it"):
 * pure functions of the actor's ledger role, their reach (auth/reach.ts) and the record's org.
 * Routes and domain commands ask these instead of comparing role strings; views get the flags of
 * `viewFlags`. Reading is by reach (own records, the secretary's branch, the grants' subtrees);
 * writing another person's record is never allowed; the secretary acts in their own branch only
 * (sign-off, handling, deleting a resident); an ADMIN grant manages its subtree.
 */
import type { Actor } from "../core/actor.ts";
import { administersOrg, oversees, reachesOrg, type Reach } from "./reach.ts";

/** An org as the policies need it: its materialized path (`/1/7/42/`). */
export interface OrgRef {
  path: string;
}

/** A member as the policies need it: id and the path of their branch today. */
export interface MemberRef {
  id: number;
  branchPath: string;
}

const LEADERS = new Set(["CADRE", "SECRETARY"]);

export const can = {
  /** Read the member's records: themselves, or their branch is reached (secretary, grant). */
  readMember: (reach: Reach, m: MemberRef): boolean => m.id === reach.self || reachesOrg(reach, m.branchPath),
  /** Read an org (and what lies in it: zones, members, reports with `org=`). */
  readOrg: (reach: Reach, org: OrgRef): boolean => reachesOrg(reach, org.path),
  /** Act in a branch as its secretary: sign off years, handle situation reports, reopen. */
  reviewBranch: (reach: Reach, branch: OrgRef): boolean => reachesOrg(reach, branch.path, ["SECRETARY"]),
  /** Manage the org: accounts, zones, rules, imports and grants in its subtree (ADMIN grant). */
  administer: (reach: Reach, org: OrgRef): boolean => administersOrg(reach, org.path),
  /** Hold an ADMIN grant anywhere (enter /admin; each record is then checked with `administer`). */
  administerSomewhere: (reach: Reach): boolean => reach.subtrees.some((s) => s.via === "ADMIN"),
  /** Hold an ADMIN grant at the root: system-wide pages (lines, departments, imports, audit; rules are per org). */
  administerAll: (reach: Reach): boolean => reach.subtrees.some((s) => s.via === "ADMIN" && s.depth === 0),
  /** Read beyond one's own records: overview, reminders, reports, exports, other zones. */
  oversee: (reach: Reach): boolean => oversees(reach),
  /** Open the county dashboard (/desk): a REVIEWER or ADMIN grant somewhere (issue 13 item 1). */
  desk: (reach: Reach): boolean => reach.subtrees.some((s) => s.via === "REVIEWER" || s.via === "ADMIN"),
  /** Read the dashboard of the org at `org`: inside a REVIEWER or ADMIN grant's subtree. */
  deskOrg: (reach: Reach, org: OrgRef): boolean => reachesOrg(reach, org.path, ["REVIEWER", "ADMIN"]),
  /** Be the secretary of some branch (the year's sign-off and closure desk). */
  signOff: (reach: Reach): boolean => reach.subtrees.some((s) => s.via === "SECRETARY"),
  /**
   * Maintain the zone's residents, meetings and activists beyond one's own zone: the branch's
   * secretary or an admin of it (a reviewer only reads).
   */
  actInBranch: (reach: Reach, branch: OrgRef): boolean => reachesOrg(reach, branch.path, ["SECRETARY", "ADMIN"]),
  /** Delete a resident of a zone in `branch` (secretary of the branch, or its admin). */
  deleteResident: (reach: Reach, branch: OrgRef): boolean => reachesOrg(reach, branch.path, ["SECRETARY", "ADMIN"]),
  /** Log line visits (党员干部 and the secretary). */
  logVisits: (actor: Pick<Actor, "role">): boolean => LEADERS.has(actor.role),
  /** Pair with households (结穷亲) and submit situation reports (党员干部 and the secretary). */
  lead: (actor: Pick<Actor, "role">): boolean => LEADERS.has(actor.role),
  /** Record things of one's own (talks, pairings…): every account but the system operator's. */
  ownsRecords: (actor: Pick<Actor, "role">): boolean => actor.role !== "ADMIN",
};

/** The flags a view uses instead of a role string (res.locals.can). */
export interface ViewFlags {
  logVisits: boolean;
  lead: boolean;
  ownsRecords: boolean;
  oversee: boolean;
  signOff: boolean;
  administer: boolean;
  /** An admin at the root (system-wide admin pages). */
  administerAll: boolean;
  /** Any menu beyond the member's own (pairings, situation reports): leaders and overseers. */
  leadOrOversee: boolean;
  /** Delete residents somewhere (secretary or admin). */
  deleteResidents: boolean;
  /** Run the 三维考核 (a REVIEWER/ADMIN grant at the county or a 机关工委; routes/assessment-scope.ts). */
  runAssessment: boolean;
  /** The county dashboard (REVIEWER or ADMIN grants). */
  desk: boolean;
}

/** The view flags of an actor with `reach`. */
export function viewFlags(actor: Pick<Actor, "role">, reach: Reach): ViewFlags {
  const lead = can.lead(actor);
  return {
    logVisits: can.logVisits(actor),
    lead,
    ownsRecords: can.ownsRecords(actor),
    oversee: can.oversee(reach),
    signOff: can.signOff(reach),
    administer: can.administerSomewhere(reach),
    administerAll: can.administerAll(reach),
    leadOrOversee: lead || can.oversee(reach),
    deleteResidents: reach.subtrees.some((s) => s.via === "SECRETARY" || s.via === "ADMIN"),
    runAssessment: reach.subtrees.some((s) => s.via !== "SECRETARY" && (s.depth === 0 || s.kind === "WORK_COMMITTEE")),
    desk: can.desk(reach),
  };
}
