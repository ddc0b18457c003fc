/**
 * The import engine (FORMATS.md "Import files"): headers are bound by their Chinese names (any
 * order; unknown columns reported and ignored; a title row above the headers is skipped), every
 * row is checked by its kind, natural keys are compared with the file's earlier rows and with the
 * stored records, and then:
 * - `planImport` reports what would happen (errors, duplicates, rows to add) and writes nothing;
 * - `commitImport` re-plans inside ONE write transaction (dialect.ts `bulkWriteTransaction`: SQLite's
 *   `BEGIN IMMEDIATE`, a PostgreSQL transaction) through Kysely, on either engine, and writes
 *   only when no row has an error: all or nothing. Records whose key is
 *   already stored are reported as duplicates and not added again, so a file imported twice adds
 *   nothing the second time. One audit entry per import (kind, file, counts) is written with it.
 * Throws ReadError (read.ts) for an unreadable file.
 */
import type { Kysely } from "kysely";
import type { DB } from "../db/kysely.ts";
import { bulkWriteTransaction } from "../db/dialect.ts";
import { hashOneTimePassword, oneTimePassword } from "./passwords.ts";
import { setImmediate as yieldToLoop } from "node:timers/promises";
import { ImportAborted, readSheet, type Sheet } from "./read.ts";
import { Row } from "./row.ts";
import { Lookups, type LookupOpts } from "./lookups.ts";
import { SPECS } from "./kinds/index.ts";
import type { Checked, Column, ImportError, ImportKind, KindSpec, Plan, WriteResult } from "./types.ts";
import { cellDisplay, cleanCellText } from "../domain/values.ts";

const SAMPLE_ROWS = 20;

/** A header as written → its bare name: `谈心人（登录名）*` → `谈心人`. */
export function normaliseHeader(h: string): string {
  return cleanCellText(h)
    .replace(/[*＊]/g, "")
    .replace(/[(（][^)）]*[)）]\s*$/, "")
    .replace(/\s+/g, "");
}

interface Bound {
  headerRow: number;
  index: Map<string, number>;
  errors: ImportError[];
  warnings: string[];
}

function bindHeaders(columns: Column[], sheet: Sheet): Bound {
  const byHeader = new Map<string, Column>();
  for (const c of columns) for (const h of [c.header, ...(c.aliases ?? [])]) byHeader.set(h, c);
  const required = columns.filter((c) => c.required);
  const candidates = sheet.rows.slice(0, 10);
  const names = (cells: unknown[]) => cells.map((c) => normaliseHeader(cellDisplay(c as never)));
  // The header row: the first of the first ten rows that has every required header.
  const found = candidates.find((r) => {
    const n = names(r.cells);
    return required.every((c) => [c.header, ...(c.aliases ?? [])].some((h) => n.includes(h)));
  });
  const headerRow = found ?? sheet.rows[0];
  const errors: ImportError[] = [];
  const warnings: string[] = [];
  const index = new Map<string, number>();
  if (!headerRow) return { headerRow: 0, index, errors: [{ row: 0, column: "", value: "", reason: "文件中没有数据" }], warnings };
  names(headerRow.cells).forEach((h, i) => {
    if (h === "") return;
    const col = byHeader.get(h);
    if (!col) {
      warnings.push(`第 ${headerRow.number} 行的列「${h}」不是本模板的列，已忽略`);
      return;
    }
    if (index.has(col.key)) {
      errors.push({ row: headerRow.number, column: col.header, value: h, reason: "该列出现了不止一次" });
      return;
    }
    index.set(col.key, i);
  });
  for (const c of required) {
    if (!index.has(c.key)) errors.push({ row: headerRow.number, column: c.header, value: "", reason: `缺少必填列「${c.header}」` });
  }
  return { headerRow: headerRow.number, index, errors, warnings };
}

interface Planned<R> {
  plan: Plan;
  toAdd: Checked<R>[];
}

/** Rows checked between two pauses of a plan (see `planSteps`). */
const ROWS_PER_STEP = 1_000;

/** Plans without pausing (inside the write transaction, which should stay short). */
function planWith<R>(spec: KindSpec<R>, sheet: Sheet, look: Lookups): Promise<Planned<R>> {
  return planSteps(spec, sheet, look, () => undefined);
}

/**
 * Plans giving the event loop a turn every ROWS_PER_STEP rows (a preview of 200,000 rows held
 * it for seconds, issue 11 item 2), stopping when `signal` fires. Throws ImportAborted.
 */
function planPaced<R>(spec: KindSpec<R>, sheet: Sheet, look: Lookups, signal?: AbortSignal): Promise<Planned<R>> {
  return planSteps(spec, sheet, look, async () => {
    await yieldToLoop();
    if (signal?.aborted) throw new ImportAborted();
  });
}

/** The plan, calling `pause` between slices of rows (after reading the kind's lookups). */
async function planSteps<R>(spec: KindSpec<R>, sheet: Sheet, look: Lookups, pause: () => Promise<void> | undefined): Promise<Planned<R>> {
  await look.load(spec.lookups);
  const specColumns = spec.columnsFor?.(look) ?? spec.columns; // survey answers: headers follow the settings
  const bound = bindHeaders(specColumns, sheet);
  const plan: Plan = {
    kind: spec.kind,
    label: spec.label,
    format: sheet.format,
    encoding: sheet.encoding,
    rows: 0,
    errors: bound.errors,
    warnings: bound.warnings,
    toAdd: 0,
    duplicates: [],
    sample: [],
    columns: specColumns.map((c) => c.header),
  };
  if (bound.errors.length > 0) return { plan, toAdd: [] };
  const columns = new Map(specColumns.map((c) => [c.key, c]));
  const checked: Checked<R>[] = [];
  const closed = look.closures;
  // Each row's `shown` values are not kept: 100,000 Maps held to the end were most of what the
  // young-generation GC copied (an import of 100,000 talks, issue 16 item 4). The sample's few
  // rows are checked again below (checks are pure: the same row gives the same values).
  for (const r of sheet.rows) {
    if (r.number <= bound.headerRow) continue;
    plan.rows++;
    const row = new Row(r.number, r.cells, bound.index, columns, plan.errors, closed);
    const rec = spec.check(row, look);
    if (rec !== null && row.ok) checked.push({ row: r.number, rec });
    if (plan.rows % ROWS_PER_STEP === 0) await pause();
  }
  if (plan.rows === 0) plan.errors.push({ row: 0, column: "", value: "", reason: "文件中只有表头，没有数据行" });

  // Natural keys: earlier rows of the file, then stored records. Each row's key is made once.
  const seen = new Map<string, number>();
  const fresh: Checked<R>[] = [];
  const freshKeys: string[] = [];
  let step = 0;
  for (const c of checked) {
    if (++step % ROWS_PER_STEP === 0) await pause();
    const key = spec.key(c.rec);
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, c.row);
      fresh.push(c);
      freshKeys.push(key);
    } else if (spec.inFileDuplicate === "error") {
      const column = (specColumns.find((col) => col.key === spec.keyColumn) ?? specColumns[0]).header;
      plan.errors.push({ row: c.row, column, value: spec.keyLabel(c.rec), reason: `与第 ${first} 行重复` });
    } else {
      plan.duplicates.push({ row: c.row, key: `${spec.keyLabel(c.rec)}（与第 ${first} 行相同）` });
    }
  }
  const stored = await spec.existingKeys(
    look,
    fresh.map((c) => c.rec),
  );
  let toAdd: Checked<R>[] = [];
  await pause();
  for (let i = 0; i < fresh.length; i++) {
    const c = fresh[i];
    if (++step % ROWS_PER_STEP === 0) await pause();
    if (stored.has(freshKeys[i])) plan.duplicates.push({ row: c.row, key: `${spec.keyLabel(c.rec)}（已存在）` });
    else toAdd.push(c);
  }
  // Checks across rows (an org's parent later in the file, a member's transfers in date order).
  if (spec.finish) {
    toAdd = await spec.finish(look, toAdd, (row, key, value, reason) =>
      plan.errors.push({ row, column: columns.get(key)?.header ?? key, value: value.slice(0, 200), reason }),
    );
  }
  plan.errors.sort((a, b) => a.row - b.row);
  plan.duplicates.sort((a, b) => a.row - b.row);
  plan.toAdd = toAdd.length;
  const wanted = new Set(toAdd.slice(0, SAMPLE_ROWS).map((c) => c.row));
  const byNumber = new Map(sheet.rows.filter((r) => wanted.has(r.number)).map((r) => [r.number, r.cells]));
  for (const c of toAdd.slice(0, SAMPLE_ROWS)) {
    const cells = byNumber.get(c.row) ?? [];
    const again = new Row(c.row, cells, bound.index, columns, [], closed); // its values as they will be stored
    spec.check(again, look);
    const shown = again.shown;
    plan.sample.push({
      row: c.row,
      values: specColumns.map((col) => {
        const i = bound.index.get(col.key);
        if (i === undefined) return "";
        return shown.get(col.key) ?? cellDisplay(cells[i] ?? null); // as it will be stored (Row.shown)
      }),
    });
  }
  return { plan, toAdd };
}

export function specOf(kind: ImportKind): KindSpec<unknown> {
  return SPECS[kind] as KindSpec<unknown>;
}

/**
 * Checks a file of `kind` against the database; writes nothing. Throws ReadError, or
 * ImportAborted when `opts.signal` fires while the file is read (the client went away).
 */
export async function planImport(
  kx: Kysely<DB>,
  kind: ImportKind,
  file: Uint8Array,
  filename: string,
  opts: LookupOpts & { signal?: AbortSignal },
): Promise<Plan> {
  const sheet = await readSheet(file, filename, opts.signal);
  return (await planPaced(specOf(kind), sheet, new Lookups(kx, opts), opts.signal)).plan;
}

export interface Outcome extends WriteResult {
  plan: Plan;
  committed: boolean;
}

/**
 * Imports a file of `kind`: all rows or none. Returns the plan (with errors when nothing was
 * written) and, when committed, the count added and, for members, the one-time passwords.
 * `dryRun` plans only. Throws ReadError.
 */
export async function commitImport(
  kx: Kysely<DB>,
  kind: ImportKind,
  file: Uint8Array,
  filename: string,
  opts: LookupOpts & { dryRun?: boolean; source?: string },
): Promise<Outcome> {
  const sheet = await readSheet(file, filename);
  const spec = specOf(kind);
  if (opts.dryRun) return { plan: (await planWith(spec, sheet, new Lookups(kx, opts))).plan, committed: false, added: 0 };

  // Argon2 is slow: hash the one-time passwords before the transaction (not holding the lock),
  // which re-plans and refuses a roster changed meanwhile. Other kinds plan once, inside it.
  const passwords = new Map<string, { password: string; hash: string }>();
  if (kind === "members") {
    const look = new Lookups(kx, opts);
    const first = await planWith(spec, sheet, look);
    if (first.plan.errors.length > 0) return { plan: first.plan, committed: false, added: 0 };
    for (const c of first.toAdd) {
      const username = (c.rec as { username: string }).username;
      if (look.members.has(username)) continue; // a change to an existing account: no password
      const password = oneTimePassword();
      passwords.set(username, { password, hash: await hashOneTimePassword(password) });
    }
  }

  return bulkWriteTransaction(kx, async (tx): Promise<Outcome> => {
    const look = new Lookups(tx, opts);
    look.passwords = passwords;
    const again = await planWith(spec, sheet, look);
    if (again.plan.errors.length > 0) return { plan: again.plan, committed: false, added: 0 };
    const result = again.toAdd.length > 0 ? await spec.write(look, again.toAdd) : { added: 0 };
    look.audit(
      `import.${kind}`,
      "Import",
      filename.slice(0, 200) || kind,
      { kind, file: filename, format: sheet.format, encoding: sheet.encoding ?? null, rows: again.plan.rows, added: result.added, duplicates: again.plan.duplicates.length },
      opts.source,
    );
    await look.flushAudit();
    return { plan: again.plan, committed: true, ...result };
  });
}
