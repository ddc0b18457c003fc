/**
 * Rule thresholds as data (DOMAIN.md "The rules": "Thresholds are data, set by the admin, with the
 * date from which a change applies; a closed period is always judged by the thresholds in force
 * during it"). Every change is a NEW RuleSetting row (the history is the table itself).
 *
 * Semantics, as the quota engine reads them (src/rules/thresholds.ts `thresholdFor`): a period is
 * judged by the value in force on its FIRST day, so a value effective from D applies to the
 * periods that START on or after D; a period already running on D keeps the old value. To keep
 * every past and running period as it was judged, a change may not take effect before today.
 * REQUEST_FEEDBACK_DAYS (days to give feedback on a request) applies to requests raised on or
 * after its date.
 *
 * Per subtree (DOMAIN.md "Organizations"): a value is set at an org (orgId) and holds for its
 * subtree unless a descendant sets its own; orgId null is the whole system. The view of an org
 * resolves its effective values with `settingsFor` (domain/orgs/settings.ts) and names the org
 * each value comes from. Throws DomainError, LockedError.
 */
import type { Db } from "../../db/client.ts";
import { DEFAULT_SETTINGS } from "../../rules/index.ts";
import type { Actor } from "../../core/actor.ts";
import { audit } from "../audit/trail.ts";
import { assertFormTokenUnused, consumeFormToken } from "../form-tokens.ts";
import { DomainError, NotFoundError } from "../../core/errors.ts";
import { assertYearOpen } from "../reviews/lock.ts";
import { CADRE_LEVEL_LABELS } from "../../core/labels.ts";
import { RULE_KEYS, type RuleSettingInput } from "./schema.ts";
import { settingsFor, type OrgRuleSetting } from "../orgs/settings.ts";
import { pathIds } from "../../core/org-tree.ts";

export const RULE_SETTING_LABELS: Record<(typeof RULE_KEYS)[number], { name: string; unit: string; period: string; who: string }> = {
  YEAR_TALKS: { name: "年度谈心", unit: "次", period: "每年", who: "每名党员（含干部）作为谈心人" },
  MONTH_TALKS: { name: "月度谈心", unit: "次", period: "每月", who: "党员干部、支部书记" },
  WEEK_VISITS: { name: "一线走访", unit: "次", period: "每周（周一至周日）", who: "有挂钩线路的干部，到所挂钩线路" },
  PAIRINGS: { name: "结穷亲", unit: "户", period: "任一时点", who: "按干部级别" },
  MONTH_COURTYARD: { name: "院坝会", unit: "次", period: "每月", who: "每个责任区" },
  HALF_MEETINGS: { name: "会议记录", unit: "次", period: "每半年", who: "支部（座谈会、茶话会、恳谈会、调研会）" },
  REQUEST_FEEDBACK_DAYS: { name: "诉求反馈时限", unit: "天", period: "每条诉求", who: "诉求负责人" },
};

export interface RuleLine {
  rule: (typeof RULE_KEYS)[number];
  cadreLevel: string | null;
  label: string;
  current: number | null;
  currentFrom: string | null;
  /** The org the value in force comes from (null: the system default). */
  source: { id: number; name: string } | null;
  /** Changes not yet in effect (cancellable), each with the org that set it. */
  scheduled: { id: number; value: number; effectiveFrom: string; source: { id: number; name: string } | null }[];
}

/**
 * Each rule (PAIRINGS: each cadre level) with today's value for `org` (null: the system
 * default), where it comes from, the scheduled changes, and the history of the settings that
 * bear on it (the system's and those of the org and its ancestors).
 */
export async function ruleSettingsView(db: Db, today: string, org: { id: number; path: string } | null = null) {
  const rows = await db.ruleSetting.findMany({
    orderBy: [{ effectiveFrom: "asc" }, { id: "asc" }],
    include: { createdBy: { select: { name: true, username: true } }, org: { select: { id: true, name: true, code: true } } },
  });
  const path = org ? pathIds(org.path) : [];
  const onPath = new Set(path);
  const mine = rows.filter((r) => r.orgId === null || onPath.has(r.orgId));
  const names = new Map(mine.filter((r) => r.org).map((r) => [r.org!.id, r.org!.name]));
  const fallback: OrgRuleSetting[] = DEFAULT_SETTINGS.map((d) => ({ ...d, orgId: null }));
  const effective = settingsFor(path, [...fallback, ...mine.map((r) => ({ rule: r.rule, cadreLevel: r.cadreLevel, value: r.value, effectiveFrom: r.effectiveFrom, orgId: r.orgId }) as OrgRuleSetting)]);
  const sourceOf = (orgId: number | null) => (orgId === null ? null : { id: orgId, name: names.get(orgId) ?? String(orgId) });
  const lines: RuleLine[] = [];
  for (const rule of RULE_KEYS) {
    const levels: (string | null)[] = rule === "PAIRINGS" ? Object.keys(CADRE_LEVEL_LABELS) : [null];
    for (const level of levels) {
      const list = effective.filter((r) => r.rule === rule && (r.cadreLevel ?? null) === level);
      const inForce = list.filter((r) => r.effectiveFrom <= today).at(-1);
      lines.push({
        rule,
        cadreLevel: level,
        label: RULE_SETTING_LABELS[rule].name + (level ? `（${CADRE_LEVEL_LABELS[level as keyof typeof CADRE_LEVEL_LABELS]}）` : ""),
        current: inForce?.value ?? null,
        currentFrom: inForce?.effectiveFrom ?? null,
        source: sourceOf(inForce?.orgId ?? null),
        scheduled: mine
          .filter((r) => r.rule === rule && (r.cadreLevel ?? null) === level && r.effectiveFrom > today)
          .map((r) => ({ id: r.id, value: r.value, effectiveFrom: r.effectiveFrom, source: sourceOf(r.orgId) })),
      });
    }
  }
  return { lines, history: [...mine].reverse() };
}

/**
 * Adds a threshold effective from `effectiveFrom` (today or later; not in a closed year), at
 * `input.orgId` (for its subtree) or for the whole system. The caller checks the actor
 * administers that org (the root, for the system).
 */
export async function setRuleThreshold(db: Db, actor: Actor, input: RuleSettingInput, today: string, once?: string) {
  await assertFormTokenUnused(db, once, "/admin/rules");
  if (input.effectiveFrom < today) {
    throw new DomainError("effectiveFrom", "生效日期不能早于今天：已开始的周期保持原标准，历史不可改写");
  }
  if (input.rule !== "REQUEST_FEEDBACK_DAYS" && input.rule !== "PAIRINGS" && input.value < 1) {
    throw new DomainError("value", "该规则的数值应为 1–9999 的整数（只有结穷亲户数可以为 0）");
  }
  if (input.rule === "REQUEST_FEEDBACK_DAYS" && input.value < 1) throw new DomainError("value", "反馈时限至少为 1 天");
  return db.$transaction(async (tx) => {
    await consumeFormToken(tx, once, actor.id, "/admin/rules");
    await assertYearOpen(tx, { orgId: input.orgId ?? null }, input.effectiveFrom); // any branch of the subtree
    const row = await tx.ruleSetting.create({
      data: { rule: input.rule, cadreLevel: input.cadreLevel, value: input.value, effectiveFrom: input.effectiveFrom, orgId: input.orgId ?? null, createdById: actor.id },
    });
    await audit(tx, { actorId: actor.id, action: "rule.set", entity: "RuleSetting", entityId: row.id, after: row });
    return row;
  });
}

/**
 * Cancels a rule change that has not taken effect (effective after `today`; issue 15): the row
 * is deleted, the audit keeps it (rule.cancel). DomainError when it is in effect already,
 * NotFoundError when there is no such row.
 */
export async function cancelRuleThreshold(db: Db, actor: Actor, id: number, today: string) {
  return db.$transaction(async (tx) => {
    const row = await tx.ruleSetting.findUnique({ where: { id } });
    if (!row) throw new NotFoundError();
    if (row.effectiveFrom <= today) throw new DomainError("", `该标准已于 ${row.effectiveFrom} 生效，不能撤销；请另设新标准`);
    await tx.ruleSetting.delete({ where: { id } });
    await audit(tx, { actorId: actor.id, action: "rule.cancel", entity: "RuleSetting", entityId: id, before: row, reason: "撤销尚未生效的标准" });
    return row;
  });
}
