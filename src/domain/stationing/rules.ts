/**
 * 三万计划 stationing, the pure parts (issue 18 item 3): the posts and kinds with their Chinese
 * words, what a village branch is, and the overlap rule. No Prisma here.
 * - A village branch (村（社区）党支部) is a `BRANCH` under a 乡镇党委/街道党工委 (`TOWNSHIP`) — the
 *   Org model has no separate village kind (DOMAIN.md "Organizations"): branches under the
 *   机关工委 or directly under the county are departments' and are refused.
 * - One cadre's stationings never overlap: [from, to] inclusive, to null = still running.
 * Dates are Asia/Shanghai `YYYY-MM-DD` text.
 */

export const STATION_POST_LABELS = {
  DEPUTY_SECRETARY: "村党组织副书记",
  SECRETARY_ASSISTANT: "书记助理",
  DIRECTOR_ASSISTANT: "主任助理",
  CLERK: "村文书",
  OTHER: "其他",
} as const;
export type StationPost = keyof typeof STATION_POST_LABELS;
export const STATION_POSTS = Object.keys(STATION_POST_LABELS) as StationPost[];

export const STATION_KIND_LABELS = {
  VILLAGE_CADRE: "驻村干部",
  GRADUATE_OFFICIAL: "大学生村官",
  THREE_SUPPORTS: "三支人员",
} as const;
export type StationKind = keyof typeof STATION_KIND_LABELS;
export const STATION_KINDS = Object.keys(STATION_KIND_LABELS) as StationKind[];

/**
 * Is an org of `kind` whose ancestors (root first, itself excluded) have `ancestorKinds` a
 * village branch? A BRANCH with a TOWNSHIP among its ancestors.
 */
export function isVillageBranch(kind: string, ancestorKinds: readonly string[]): boolean {
  return kind === "BRANCH" && ancestorKinds.includes("TOWNSHIP");
}

export interface Span {
  fromOn: string;
  toOn: string | null;
}

/** Do two inclusive date spans share a day? */
export function spansOverlap(a: Span, b: Span): boolean {
  return (a.toOn === null || a.toOn >= b.fromOn) && (b.toOn === null || b.toOn >= a.fromOn);
}

/** The first of `others` that overlaps `span`, or undefined. */
export function overlapping<T extends Span>(span: Span, others: readonly T[]): T | undefined {
  return others.find((o) => spansOverlap(span, o));
}

/** The Chinese reason a stationing overlapping `other` is refused. */
export function overlapReason(other: Span & { orgName?: string }): string {
  const where = other.orgName ? `在「${other.orgName}」` : "";
  return `该干部${where}已有一段驻村（${other.fromOn} 至 ${other.toOn ?? "今"}），同一干部的驻村时间不能重叠`;
}
