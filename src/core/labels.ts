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

// ---- Work with the masses (issue 5): residents, pairings, meetings, requests, reports ----

/** The standard resident tags (群众台账); free tags may be added beside them. */
export const RESIDENT_TAGS = ["困难户", "孤寡老人", "留守儿童", "驾驶员", "低保户", "残疾人"] as const;
/** The tag that marks a household in hardship (结穷亲 coverage). */
export const HARDSHIP_TAG = "困难户";

export type MeetingKind = keyof typeof MEETING_KIND_LABELS;
export const MEETING_KINDS = Object.keys(MEETING_KIND_LABELS) as MeetingKind[];

export const ASSISTANCE_KIND_LABELS = {
  FUNDS: "资金",
  MATERIALS: "物资",
  PROJECT: "项目",
  EMPLOYMENT: "就业",
  MEDICAL: "医疗",
  EDUCATION: "教育",
  OTHER: "其他",
} as const;
export type AssistanceKind = keyof typeof ASSISTANCE_KIND_LABELS;
export const ASSISTANCE_KINDS = Object.keys(ASSISTANCE_KIND_LABELS) as AssistanceKind[];

export const REQUEST_SOURCE_LABELS = { TALK: "谈心", VISIT: "走访", MEETING: "会议", WALK_IN: "接访", STAY: "三进三同" } as const;
export type RequestSource = keyof typeof REQUEST_SOURCE_LABELS;

export const REQUEST_STATUS_LABELS = { ACCEPTED: "受理", IN_PROGRESS: "办理中", RESOLVED: "已办结", ESCALATED: "已上报" } as const;
export type RequestStatus = keyof typeof REQUEST_STATUS_LABELS;
export const OPEN_REQUEST_STATUSES: RequestStatus[] = ["ACCEPTED", "IN_PROGRESS"];

export const FEEDBACK_HOW_LABELS = { IN_PERSON: "当面", PHONE: "电话", MESSAGE: "短信/微信", WRITTEN: "书面", MEETING: "会上通报" } as const;
export type FeedbackHow = keyof typeof FEEDBACK_HOW_LABELS;

export const SITUATION_KIND_LABELS = { NEW_THINKING: "新思想", NEW_SITUATION: "新情况", SUGGESTION: "新建议" } as const;
export type SituationKind = keyof typeof SITUATION_KIND_LABELS;
export const SITUATION_STATUS_LABELS = { NEW: "未阅", READ: "已阅", ACTED: "已采纳办理" } as const;

/** 年终备查: the state of one member's year (YearReview.state). */
export const REVIEW_STATE_LABELS = { PENDING: "待查阅", REVIEWED: "已查阅", RETURNED: "已退回" } as const;
export type ReviewState = keyof typeof REVIEW_STATE_LABELS;

/** 三进三同: which of 同吃/同住/同劳动 a stay was (Stay.eat/live/work). */
export const STAY_WAY_LABELS = { eat: "同吃", live: "同住", work: "同劳动" } as const;
export type StayWay = keyof typeof STAY_WAY_LABELS;

/** Writings (issue 18 item 2): Writing.kind. */
export const WRITING_KIND_LABELS = { SURVEY_REPORT: "调研报告", PARTY_ANALYSIS: "党性分析", DIARY: "民情日记", DEVELOPMENT_PLAN: "发展规划" } as const;
export type WritingKind = keyof typeof WRITING_KIND_LABELS;
