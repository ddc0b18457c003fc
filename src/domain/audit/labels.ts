/**
 * Chinese names for the audit log's codes (操作日志, QA 8): actions (`talk.create` → 新增谈心记录),
 * record kinds (`Talk` → 谈心记录) and the field names of the before/after snapshots
 * (`occurredOn` → 日期). Every lookup falls back to the raw code, so a code added later is still
 * shown (the viewer keeps the raw code beside the label for admins).
 */

/** Record kinds, by the `entity` stored in AuditEntry (the Prisma model name, or Import). */
export const AUDIT_ENTITY_LABELS: Record<string, string> = {
  Ballot: "民主测评票",
  SurveyIndicatorSetting: "民意调查指标",
  SurveyDraw: "民意调查抽样",
  SurveyAnswer: "民意调查结果",
  AssessmentWeight: "三维考核权重",
  AssessmentSnapshot: "三维考核定稿",
  Talk: "谈心记录",
  LineVisit: "走访记录",
  Meeting: "会议记录",
  Request: "群众诉求",
  Resident: "群众",
  Pairing: "结穷亲",
  AssistanceRecord: "帮扶记录",
  Activist: "积极分子",
  ActivistNote: "积极分子记事",
  SituationReport: "情况反映",
  Member: "党员账号",
  Grant: "监督授权",
  Zone: "责任区",
  Line: "线路",
  Department: "科室",
  RuleSetting: "考核标准",
  YearReview: "年终查阅",
  YearClosure: "年度关闭",
  Import: "数据导入",
  Org: "党组织",
  Stationing: "驻村",
  TrainingSession: "三项教育培训",
  Stay: "三进三同",
  Writing: "调研报告等材料",
};

/** The noun of an action's first part (`talk` in `talk.create`). */
const SUBJECTS: Record<string, string> = {
  talk: "谈心记录",
  visit: "走访记录",
  meeting: "会议记录",
  request: "群众诉求",
  resident: "群众",
  pairing: "结穷亲",
  assistance: "帮扶记录",
  activist: "积极分子",
  activist_note: "积极分子记事",
  situation: "情况反映",
  member: "党员账号",
  zone: "责任区",
  line: "线路",
  department: "科室",
  org: "党组织",
  stay: "三进三同记录",
  writing: "调研报告等材料",
};

/** The verb of an action's second part (`create` in `talk.create`), put before the noun. */
const VERBS: Record<string, string> = {
  create: "新增",
  update: "修改",
  delete: "删除",
  retire: "撤销",
  end: "结束",
  handle: "办理",
  close: "办结",
};

/** Actions whose words do not follow "verb + noun". */
const ACTIONS: Record<string, string> = {
  "resident.reveal": "查看群众完整身份证号",
  "grant.create": "授予监督权限",
  "grant.delete": "撤销监督权限",
  "member.role": "调整角色",
  "member.zone": "调整责任区",
  "member.line": "调整挂钩线路",
  "member.department": "调整挂钩科室",
  "member.password": "修改密码",
  "member.password_reset": "重置密码",
  "member.deactivate": "停用账号",
  "member.reactivate": "恢复账号",
  "activist.end": "取消积极分子",
  "pairing.end": "结束结穷亲",
  "situation.handle": "办理情况反映",
  "request.update": "办理群众诉求",
  "request.close": "办结群众诉求",
  "rule.set": "调整考核标准",
  "rule.cancel": "撤销尚未生效的考核标准",
  "member.zone.cancel": "撤销尚未生效的责任区调整",
  "member.line.cancel": "撤销尚未生效的线路调整",
  "member.department.cancel": "撤销尚未生效的科室调整",
  "review.reviewed": "年终查阅通过",
  "review.returned": "年终查阅退回",
  "year.close": "关闭年度",
  "year.reopen": "重新开放年度",
  "year.return": "上级退回年终备查",
  "org.rename": "修改党组织名称",
  "org.move": "调整党组织隶属关系",
  "org.dissolve": "撤销党组织",
  "member.transfer": "组织关系转接",
  "stationing.create": "登记驻村",
  "stationing.end": "结束驻村",
  "training.create": "登记培训",
  "training.attend": "登记参训",
  "training.attendees.add": "添加参训人员",
  "training.attendee.remove": "移除参训人员",
  "ballot.create": "录入民主测评票",
  "survey.indicators": "设置民意调查指标",
  "survey.draw": "民意调查抽样",
  "survey.answer": "录入民意调查结果",
  "org.population": "设置常住人口",
  "assessment.weights": "设置三维考核权重",
  "assessment.finalize": "三维考核定稿",
};

/** The import kinds' nouns (`import.talks` → 导入谈心记录); src/import/types.ts IMPORT_KINDS. */
const IMPORTS: Record<string, string> = {
  zones: "责任区",
  units: "线路与科室",
  members: "党员名册",
  residents: "群众",
  talks: "谈心记录",
  visits: "走访记录",
  meetings: "会议记录",
  orgs: "组织",
  transfers: "组织关系转接",
  ballots: "民主测评票",
  survey: "民意调查结果",
  stationing: "驻村干部",
  training: "培训参训记录",
};

/** Field names of the snapshots (model columns plus the few extra keys some actions record). */
export const AUDIT_FIELD_LABELS: Record<string, string> = {
  code: "组织代码",
  parentId: "上级组织",
  path: "组织路径",
  depth: "层级",
  setUpOn: "设立日期",
  dissolvedOn: "撤销日期",
  population: "常住人口",
  orgId: "组织",
  on: "转接日期",
  from: "转出组织",
  note: "说明",
  id: "编号",
  branchId: "支部",
  name: "名称",
  description: "说明",
  createdAt: "录入时间",
  updatedAt: "修改时间",
  deletedAt: "删除时间",
  createdById: "录入人",
  // members and their dated assignments
  username: "登录名",
  phone: "手机号",
  role: "角色",
  cadreLevel: "干部级别",
  joinedPartyOn: "入党日期",
  registeredOn: "登记日期",
  active: "在用",
  deactivatedOn: "停用日期",
  mustChangePassword: "须修改密码",
  notApplicableReason: "不适用原因",
  zoneId: "责任区",
  lineId: "线路",
  departmentId: "科室",
  memberId: "党员",
  values: "内容",
  fromOn: "起始日期",
  toOn: "截止日期",
  // zones, lines, departments
  leaderId: "负责人",
  establishedOn: "设立日期",
  retiredOn: "撤销日期",
  // talks
  talkerId: "谈心人",
  occurredOn: "谈心日期",
  counterpartKind: "对象类型",
  counterpartName: "谈心对象",
  counterpartMemberId: "对象（党员）",
  counterpartResidentId: "对象（群众）",
  reason: "谈心类型",
  content: "内容",
  // line visits
  cadreId: "干部",
  visitedAt: "走访时间",
  visitedOn: "走访日期",
  purpose: "走访事由",
  problemsFound: "发现问题",
  handling: "处理情况",
  // residents
  idNumber: "身份证号",
  address: "住址",
  householdSize: "家庭人口",
  tags: "标签",
  field: "查看项",
  shown: "显示为",
  // pairings and assistance
  residentId: "群众",
  startedOn: "结对日期",
  endedOn: "结束日期",
  endReason: "结束原因",
  pairingId: "结穷亲",
  givenOn: "帮扶日期",
  amountFen: "金额（分）",
  // meetings
  kind: "类型",
  heldOn: "会议日期",
  hostId: "主持人",
  place: "地点",
  residentCount: "群众人数",
  topics: "议题",
  minutes: "会议记录",
  attendeeIds: "参会党员",
  residentIds: "参会群众",
  // requests
  source: "来源",
  talkId: "谈心记录",
  lineVisitId: "走访记录",
  meetingId: "会议",
  residentName: "群众姓名",
  raisedOn: "提出日期",
  ownerId: "责任人",
  status: "状态",
  escalatedTo: "上报至",
  feedbackOn: "反馈日期",
  feedbackHow: "反馈方式",
  feedbackContent: "反馈内容",
  closedAt: "办结时间",
  // activists and situation reports
  sinceOn: "起始日期",
  activistId: "积极分子",
  authorId: "记录人",
  notedOn: "记事日期",
  reportedOn: "反映日期",
  handlingNote: "办理意见",
  handledById: "办理人",
  handledAt: "办理时间",
  // rules, reviews, closures
  rule: "规则",
  value: "标准",
  effectiveFrom: "生效日期",
  year: "年度",
  state: "查阅结果",
  comment: "意见",
  reviewerId: "查阅人",
  reviewedAt: "查阅时间",
  closedById: "关闭人",
  // imports
  file: "文件",
  format: "格式",
  encoding: "编码",
  rows: "行数",
  added: "新增",
  duplicates: "重复",
};

/** Field names that read differently for one record kind (`Member.name` is 姓名, not 名称). */
const FIELDS_BY_ENTITY: Record<string, string> = {
  "Member.name": "姓名",
  "Grant.org": "组织代码",
  "Grant.role": "授权类型",
  "Resident.name": "姓名",
  "Activist.name": "姓名",
  "Meeting.kind": "会议类型",
  "AssistanceRecord.kind": "帮扶类型",
  "SituationReport.kind": "反映类别",
  "Import.kind": "导入类型",
  "Import.rows": "数据行数",
  "Zone.leaderId": "责任区负责人",
};

/** A table's own entry only (a code such as `constructor` must not find Object's). */
function own(table: Record<string, string>, key: string): string | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** `Talk` → 谈心记录; an unknown kind is returned as it is. */
export function auditEntityLabel(entity: string): string {
  return own(AUDIT_ENTITY_LABELS, entity) ?? entity;
}

/** `talk.create` → 新增谈心记录, `import.talks` → 导入谈心记录; an unknown action is returned as it is. */
export function auditActionLabel(action: string): string {
  const known = own(ACTIONS, action);
  if (known) return known;
  const dot = action.indexOf(".");
  if (dot < 0) return action;
  const head = action.slice(0, dot);
  const tail = action.slice(dot + 1);
  if (head === "import") {
    const what = own(IMPORTS, tail);
    return what ? `导入${what}` : action;
  }
  const noun = own(SUBJECTS, head);
  const verb = own(VERBS, tail);
  return noun && verb ? `${verb}${noun}` : action;
}

/** `occurredOn` → 谈心日期 (`name` of a Member → 姓名); an unknown field name is returned as it is. */
export function auditFieldLabel(field: string, entity = ""): string {
  return own(FIELDS_BY_ENTITY, `${entity}.${field}`) ?? own(AUDIT_FIELD_LABELS, field) ?? field;
}
