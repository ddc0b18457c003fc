/**
 * One data row seen through its columns: typed getters that normalise a cell (values.ts) and, when
 * it is wrong, record an ImportError (row number, column header, the value as written, a Chinese
 * reason) instead of throwing, so one pass over a file names every bad cell. Every value read is
 * kept in `shown` as it will be stored (an Excel date serial as 2010-07-01, a full-width phone
 * folded), for the import preview (issue 15).
 */
import type { Column, ImportError } from "./columns.ts";
import {
  Bad,
  cellDisplay,
  cleanCellText,
  isBad,
  parseCount,
  parseDate,
  parseDateTime,
  parseIdNumber,
  parseMobile,
  type Cell,
} from "../domain/values.ts";
import { foldName } from "../core/names.ts";

/** Label → code of each labels object, made once (the first code wins, as a scan in order would). */
const codesByLabel = new WeakMap<Record<string, string>, Map<string, string>>();
function codeOf(labels: Record<string, string>): Map<string, string> {
  let m = codesByLabel.get(labels);
  if (m === undefined) {
    m = new Map();
    for (const [code, label] of Object.entries(labels)) if (!m.has(label)) m.set(label, code);
    codesByLabel.set(labels, m);
  }
  return m;
}

export class Row {
  ok = true;
  /** Column key → the value read, as it will be stored (the preview shows these, not the raw cells). */
  readonly shown = new Map<string, string>();

  constructor(
    readonly number: number,
    private readonly cells: Cell[],
    private readonly index: Map<string, number>,
    private readonly columns: Map<string, Column>,
    private readonly errors: ImportError[],
    /** Closed years of branches as "orgId:year" (Lookups.closures). */
    private readonly closures: Set<string>,
  ) {}

  /** The raw cell of column `key` (null when the column is absent or the cell empty). */
  cell(key: string): Cell {
    const i = this.index.get(key);
    if (i === undefined) return null;
    const c = this.cells[i];
    return c === undefined || c === "" ? null : c;
  }

  /** Records a problem with column `key` of this row. */
  fail(key: string, reason: string, value?: string): null {
    this.ok = false;
    const header = this.columns.get(key)?.header ?? key;
    this.errors.push({ row: this.number, column: header, value: value ?? cellDisplay(this.cell(key)).slice(0, 200), reason });
    return null;
  }

  private bad<T>(key: string, v: T | Bad, show: (v: T) => string = String): T | null {
    if (isBad(v)) return this.fail(key, v.reason);
    this.shown.set(key, show(v));
    return v;
  }

  /** Text, normalised; "" when empty. `required` records 必填; longer than `max` is an error. */
  text(key: string, opts: { required?: boolean; max?: number } = {}): string {
    const s = cleanCellText(this.cell(key));
    if (s === "" && opts.required) {
      this.fail(key, "必填，不能为空");
      return "";
    }
    const max = opts.max ?? 100;
    if (s.length > max) {
      this.fail(key, `不能超过 ${max} 个字`);
      return "";
    }
    this.shown.set(key, s);
    return s;
  }

  /** A name (zone, resident, person, line, department): text, then folded like names everywhere (names.ts). */
  name(key: string, opts: { required?: boolean; max?: number } = {}): string {
    return foldName(this.text(key, opts));
  }

  /** A date YYYY-MM-DD, or null (error recorded when required or malformed). */
  date(key: string, opts: { required?: boolean } = {}): string | null {
    const c = this.cell(key);
    if (c === null || (typeof c === "string" && c.trim() === "")) {
      if (opts.required) this.fail(key, "必填，不能为空");
      return null;
    }
    return this.bad(key, parseDate(c));
  }

  /** A date-time { date, time }, or null. */
  dateTime(key: string, opts: { required?: boolean } = {}): { date: string; time: string } | null {
    const c = this.cell(key);
    if (c === null || (typeof c === "string" && c.trim() === "")) {
      if (opts.required) this.fail(key, "必填，不能为空");
      return null;
    }
    return this.bad(key, parseDateTime(c), (v) => `${v.date} ${v.time}`);
  }

  /**
   * Refuses a date in a year closed for `branchId` (年终备查, per branch; the same rule as
   * assertYearOpen): the branch owning the row's record on that date — the author's branch on it,
   * or the zone's. null (the owner is unknown; another cell already failed) passes.
   */
  open(key: string, date: string | null, branchId: number | null): string | null {
    if (date === null) return null;
    const year = Number(date.slice(0, 4));
    if (branchId !== null && this.closures.has(`${branchId}:${year}`)) return this.fail(key, `${year} 年度已完成年终备查并关闭（该记录所属党支部），不能导入该年度的记录`);
    return date;
  }

  /** A date not after `today` and not before 2000. */
  notFuture(key: string, date: string | null, today: string): string | null {
    if (date === null) return null;
    if (date > today) return this.fail(key, `日期晚于今天（${today}）`);
    if (date < "2000-01-01") return this.fail(key, "日期早于 2000 年，请检查");
    return date;
  }

  mobile(key: string): string | null {
    const c = this.cell(key);
    if (c === null || cleanCellText(c) === "") return null;
    return this.bad(key, parseMobile(c));
  }

  idNumber(key: string): string | null {
    const c = this.cell(key);
    if (c === null || cleanCellText(c) === "") return null;
    return this.bad(key, parseIdNumber(c));
  }

  count(key: string, min: number, max: number): number | null {
    const c = this.cell(key);
    if (c === null || cleanCellText(c) === "") return null;
    return this.bad(key, parseCount(c, min, max));
  }

  /** One of `labels`' Chinese words → its code; `fallback` when empty; error otherwise. */
  choice<L extends Record<string, string>>(key: string, labels: L, fallback?: keyof L & string): (keyof L & string) | null {
    type T = keyof L & string;
    const s = this.text(key);
    if (s === "") {
      if (fallback !== undefined) {
        this.shown.set(key, labels[fallback]);
        return fallback;
      }
      return this.fail(key, "必填，不能为空");
    }
    const code = codeOf(labels).get(s);
    if (code !== undefined) return code as T;
    return this.fail(key, `应为以下之一：${Object.values(labels).join("、")}`);
  }
}
