/**
 * Chinese labels of the domain's enumerations (DOMAIN.md glossary), for views, exports and import.
 */
export const ROLE_LABELS = { MEMBER: "党员", CADRE: "党员干部", SECRETARY: "支部书记", ADMIN: "管理员" } as const;
export type Role = keyof typeof ROLE_LABELS;
export const ROLES = Object.keys(ROLE_LABELS) as Role[];

export const CADRE_LEVEL_LABELS = {
  CITY_MANAGED: "市管领导干部",
  COUNTY_MANAGED: "县管领导干部",
  MIDDLE: "中层干部",
  GENERAL: "一般干部",
  GRADUATE_OFFICIAL: "大学生村官",
} as const;

export const TALK_REASON_LABELS = {
  ROUTINE: "日常谈心",
  OUTSTANDING: "成绩突出",
  SETBACK: "失误落后",
  HARDSHIP: "生活困难",
  CONFLICT: "矛盾摩擦",
  WARNING_SIGN: "苗头倾向",
} as const;
export type TalkReason = keyof typeof TALK_REASON_LABELS;
export const TALK_REASONS = Object.keys(TALK_REASON_LABELS) as TalkReason[];

export const COUNTERPART_KIND_LABELS = { MEMBER: "党员", RESIDENT: "群众" } as const;
export type CounterpartKind = keyof typeof COUNTERPART_KIND_LABELS;

export const MEETING_KIND_LABELS = {
  COURTYARD: "院坝会",
  FORUM: "座谈会",
  TEA_PARTY: "茶话会",
  DIALOGUE: "恳谈会",
  SURVEY: "调研会",
} as const;

export const STATUS_LABELS = {
  met: "已达标",
  missed: "未达标",
  in_progress: "进行中",
  at_risk: "有风险",
  not_applicable: "不适用",
} as const;

export const RULE_LABELS = {
  YEAR_TALKS: "年度谈心",
  MONTH_TALKS: "月度谈心",
  WEEK_VISITS: "每周走访",
  PAIRINGS: "结穷亲",
  MONTH_COURTYARD: "院坝会",
  HALF_MEETINGS: "会议记录",
} as const;
