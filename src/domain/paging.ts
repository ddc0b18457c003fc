/**
 * Pages of a list that can grow without bound (issue 11, item 3): a page on screen holds at most
 * `PAGE_SIZE` rows; the printed binder holds at most `PRINT_CAP` rows per list, with a note.
 * `pager(total, page, size)` clamps the requested page (1-based) to the pages there are.
 */
export const PAGE_SIZE = 50;
export const PRINT_CAP = 2000;

export interface Pager {
  /** 1-based page shown. */
  page: number;
  pages: number;
  total: number;
  size: number;
  /** Rows skipped before this page. */
  offset: number;
}

export function pager(total: number, page: number, size: number): Pager {
  const pages = Math.max(1, Math.ceil(total / size));
  const p = Math.min(Math.max(1, Math.floor(page) || 1), pages);
  return { page: p, pages, total, size, offset: (p - 1) * size };
}

/** A page number from a query value ("3" → 3); anything else is page 1. */
export function pageParam(raw: unknown): number {
  return typeof raw === "string" && /^\d{1,6}$/.test(raw) ? Math.max(1, Number(raw)) : 1;
}
