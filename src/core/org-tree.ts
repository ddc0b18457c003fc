/**
 * The organization tree's pure parts (DOMAIN.md "Organizations"): kinds, their Chinese labels,
 * which kind may sit under which, and the materialized path (`/1/7/42/`: the ids from the root
 * down to the org itself). "Everything under X" is `path LIKE X.path || '%'` (X included).
 * No Prisma here: commands and queries build on these.
 */

export const ORG_KINDS = ["COUNTY", "TOWNSHIP", "WORK_COMMITTEE", "COMMITTEE", "GENERAL_BRANCH", "BRANCH"] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

/** Chinese names of the kinds; 街道党工委 is a TOWNSHIP (FORMATS.md "组织" import). */
export const ORG_KIND_LABELS: Record<OrgKind, string> = {
  COUNTY: "县委",
  TOWNSHIP: "乡镇党委",
  WORK_COMMITTEE: "机关工委",
  COMMITTEE: "党委",
  GENERAL_BRANCH: "党总支",
  BRANCH: "党支部",
};

/** Kinds a parent of `kind` may have (the county is the root and has none). */
export const PARENT_KINDS: Record<OrgKind, readonly OrgKind[]> = {
  COUNTY: [],
  TOWNSHIP: ["COUNTY"],
  WORK_COMMITTEE: ["COUNTY"],
  COMMITTEE: ["COUNTY", "TOWNSHIP", "WORK_COMMITTEE"],
  GENERAL_BRANCH: ["COUNTY", "TOWNSHIP", "WORK_COMMITTEE", "COMMITTEE"],
  BRANCH: ["COUNTY", "TOWNSHIP", "WORK_COMMITTEE", "COMMITTEE", "GENERAL_BRANCH"],
};

/** The path of an org with id `id` under a parent whose path is `parentPath` (null: a root). */
export function childPath(parentPath: string | null, id: number): string {
  return `${parentPath ?? "/"}${id}/`;
}

/** Is the org at `path` inside the subtree rooted at `rootPath` (itself included)? */
export function isWithin(path: string, rootPath: string): boolean {
  return path.startsWith(rootPath);
}

/** The ids on a path, root first: `/1/7/42/` → [1, 7, 42]. */
export function pathIds(path: string): number[] {
  return path.split("/").filter(Boolean).map(Number);
}

/** The `LIKE` pattern of a subtree (ids are digits, so no wildcard needs escaping). */
export function subtreePattern(rootPath: string): string {
  return `${rootPath}%`;
}
