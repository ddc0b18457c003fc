/**
 * The two shapes a row is read against and reports with (FORMATS.md "Import files"): one column of
 * an import kind and one problem of one cell. A file of their own so that row.ts and types.ts
 * (which re-exports them) do not import each other.
 */
/** One problem of one cell (or of the file when row is 0): all texts in Chinese. */
export interface ImportError {
  row: number;
  column: string;
  value: string;
  reason: string;
}

export interface Column {
  key: string;
  header: string;
  required?: boolean;
  /** What goes in the column, for the template and the page. */
  note: string;
  aliases?: string[];
}
