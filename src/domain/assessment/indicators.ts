/**
 * 民意调查 indicators (FORMATS.md: 13 by default; "settings may rename them; the file's headers
 * follow the settings"): a yearly setting at an org (null: the whole county) from `fromYear` on.
 * The names in force for a unit and year: the setting of the nearest org on the unit's path (the
 * unit itself first, then its ancestors, then the county-wide one) with the latest fromYear ≤ year.
 * @throws DomainError for a bad list (empty name, repeated name, too many).
 */
import type { Kysely } from "kysely";
import type { DB } from "../../db/kysely.ts";
import { writeTransaction } from "../../db/dialect.ts";
import { DomainError } from "../../core/errors.ts";
import { pathIds } from "../../core/org-tree.ts";
import { auditKx, stampOf } from "./units.ts";

export const DEFAULT_INDICATORS = [
  "家庭收入", "医疗社保", "就业创业", "子女教育", "住房安居", "道路交通", "饮水用电",
  "社会治安", "环境卫生", "办事效率", "干部作风", "矛盾调处", "政策落实",
] as const;

export const MAX_INDICATORS = 30;

/** One SurveyIndicatorSetting row (`names`: the JSON array as stored). */
export interface SettingRow {
  orgId: number | null;
  fromYear: number;
  names: string;
  id: number;
}

/** Every indicator setting, oldest first (fromYear, then id): what `indicatorsIn` and `indicatorAliasesIn` read. */
export async function indicatorSettings(kx: Kysely<DB>): Promise<SettingRow[]> {
  return kx.selectFrom("SurveyIndicatorSetting").select(["id", "orgId", "fromYear", "names"]).orderBy("fromYear").orderBy("id").execute();
}

/** The names in force for `year` at `path` among `rows` (oldest first). */
export function indicatorsIn(rows: readonly SettingRow[], year: number, path: string | null): string[] {
  const ids = path ? pathIds(path) : [];
  const rank = (orgId: number | null) => (orgId === null ? 0 : ids.indexOf(orgId) + 1);
  let best: { rank: number; row: SettingRow } | null = null;
  for (const s of rows) {
    if (s.fromYear > year) continue;
    const r = rank(s.orgId);
    if (s.orgId !== null && r === 0) continue; // another subtree's setting
    if (!best || r > best.rank || (r === best.rank && s.fromYear >= best.row.fromYear)) best = { rank: r, row: s };
  }
  return best ? (JSON.parse(best.row.names) as string[]) : [...DEFAULT_INDICATORS];
}

/** Every name each indicator position has had among `rows`. */
export function indicatorAliasesIn(rows: readonly SettingRow[]): string[][] {
  const out: string[][] = DEFAULT_INDICATORS.map((n) => [n]);
  for (const s of rows) {
    (JSON.parse(s.names) as string[]).forEach((n, i) => {
      out[i] ??= [];
      if (!out[i].includes(n)) out[i].push(n);
    });
  }
  return out;
}

/** The indicator names in force for the org at `path` (null: county-wide) in `year`. */
export async function indicatorsFor(kx: Kysely<DB>, year: number, path: string | null = null): Promise<string[]> {
  return indicatorsIn(await indicatorSettings(kx), year, path);
}

/** Every name each indicator position has had in any setting (for reading files of any year). */
export async function indicatorAliases(kx: Kysely<DB>): Promise<string[][]> {
  return indicatorAliasesIn(await indicatorSettings(kx));
}

/** Parses the names as typed (one per line, or separated by 、 or commas) and checks them. */
export function parseIndicatorNames(text: string): string[] {
  const names = text.split(/[\n\r、,，]+/).map((s) => s.normalize("NFC").trim()).filter(Boolean);
  if (names.length === 0) throw new DomainError("names", "请至少填写一个调查指标");
  if (names.length > MAX_INDICATORS) throw new DomainError("names", `调查指标不能超过 ${MAX_INDICATORS} 个`);
  const long = names.find((n) => [...n].length > 20);
  if (long) throw new DomainError("names", `指标名称「${long.slice(0, 20)}…」不能超过 20 个字`);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) throw new DomainError("names", `指标「${dup}」重复`);
  return names;
}

/** Stores a setting at `orgId` (null: county-wide) from `fromYear` on; audited. */
export async function setIndicators(kx: Kysely<DB>, input: { orgId: number | null; fromYear: number; names: string[] }, actorId: number | null, now: Date): Promise<void> {
  await writeTransaction(kx, async (tx) => {
    const { id } = await tx
      .insertInto("SurveyIndicatorSetting")
      .values({ orgId: input.orgId, fromYear: input.fromYear, names: JSON.stringify(input.names), createdById: actorId, createdAt: stampOf(now) })
      .returning("id")
      .executeTakeFirstOrThrow();
    await auditKx(tx, { actorId, action: "survey.indicators", entity: "SurveyIndicatorSetting", entityId: Number(id), after: input, at: now });
  });
}
