/**
 * Shapes shared by the import kinds (FORMATS.md "Import files"). An import is planned first
 * (every row checked, nothing written) and then, only if no row has an error, written in one
 * transaction. Row numbers are those a spreadsheet shows (header row included).
 */
import type { LookupKey, Lookups } from "./lookups.ts";
import type { Row } from "./row.ts";
import type { Column, ImportError } from "./columns.ts";

export type { Column, ImportError };

export const IMPORT_KINDS = ["orgs", "zones", "units", "members", "transfers", "residents", "talks", "visits", "meetings", "ballots", "survey", "stays", "writings", "stationing", "training"] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** A checked row ready to write, with its row number. */
export interface Checked<R> {
  row: number;
  rec: R;
}

export interface WriteResult {
  added: number;
  /** Members import only: existing accounts whose role, level, zone, line or department changed. */
  changed?: number;
  /** Members import only: the one-time passwords of the accounts created (never stored in clear). */
  passwords?: { username: string; name: string; password: string }[];
}

/**
 * One import kind: its columns, how a row is checked and keyed, which keys already exist, and
 * how checked rows are written (through `look.kx`, the engine's transaction). The lookups the
 * checks use are read before them (`lookups`), so `check` stays synchronous.
 */
export interface KindSpec<R> {
  kind: ImportKind;
  /** e.g. 谈心记录 */
  label: string;
  columns: Column[];
  /** The lookups `check`, `finish` and `write` read (Lookups.load, once per import). */
  lookups: readonly LookupKey[];
  /** The columns as the database's settings name them (read once per import); `columns` when absent. */
  columnsFor?(look: Lookups): Column[];
  /** Example rows for the template, by column key. */
  example: Record<string, string>[];
  /** Checks one row: returns the record, or null after recording the row's errors. */
  check(row: Row, look: Lookups): R | null;
  /** The natural key: two rows (or a row and a stored record) with the same key are duplicates. */
  key(rec: R): string;
  /** The key as a person reads it, for the duplicates list. */
  keyLabel(rec: R): string;
  /** The column (key) a repeated natural key is reported under; the first column when absent. */
  keyColumn?: string;
  /** Repeated keys inside one file: an error (names that must be unique) or a duplicate to skip. */
  inFileDuplicate: "error" | "skip";
  /** Which of `recs`' keys are already stored (read once per import, never per row). */
  existingKeys(look: Lookups, recs: R[]): Set<string> | Promise<Set<string>>;
  /**
   * Optional check across the rows to add, after every row passed on its own: records errors with
   * `fail(row, columnKey, value, reason)` and returns the rows in the order to write them
   * (e.g. parents before children).
   */
  finish?(look: Lookups, recs: Checked<R>[], fail: (row: number, key: string, value: string, reason: string) => void): Checked<R>[] | Promise<Checked<R>[]>;
  /** Writes the new records through `look.kx`; `look.passwords` holds pre-hashed passwords for members. */
  write(look: Lookups, recs: Checked<R>[]): Promise<WriteResult>;
}

export interface Plan {
  kind: ImportKind;
  label: string;
  format: "xlsx" | "csv";
  encoding?: string;
  /** Data rows read (blank rows not counted). */
  rows: number;
  errors: ImportError[];
  /** Unknown columns, ignored. */
  warnings: string[];
  /** Rows that would be added. */
  toAdd: number;
  duplicates: { row: number; key: string }[];
  /** The first rows to add, as written in the file, in column order of `columns`. */
  sample: { row: number; values: string[] }[];
  columns: string[];
}
