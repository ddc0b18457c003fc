/**
 * A searchable zone picker for the admin forms (issue 16 item 3): a county admin's 3,000 zones
 * as <option>s are ~180 KB of HTML per select. The form's select offers at most `ZONE_PICK_MAX`
 * zones: those whose name contains the search `zq` (a plain GET field, so it works without
 * JavaScript), else the first ones in order; a zone already chosen is always kept in the list.
 */
import type { Request } from "express";
import { q } from "./helpers.ts";

/** The most zones a form's select offers. */
export const ZONE_PICK_MAX = 100;

export interface ZonePick {
  /** [id, name] in the order given, at most ZONE_PICK_MAX plus the kept ones. */
  options: [string, string][];
  /** The search typed ("" when none). */
  zq: string;
  /** All zones in scope, and how many matched the search. */
  total: number;
  matched: number;
}

/** The zones `all` ([id, name], in order) filtered by `zq` (case-insensitive substring), keeping the ids in `keep`. */
export function pickZones(all: readonly (readonly [string, string])[], zq: string, keep: readonly unknown[] = []): ZonePick {
  const needle = zq.trim().toLowerCase();
  const kept = new Set(keep.filter((k) => k !== undefined && k !== null && k !== "").map(String));
  const matches = needle ? all.filter(([, name]) => name.toLowerCase().includes(needle)) : all;
  const shown = new Set(matches.slice(0, ZONE_PICK_MAX).map(([id]) => id));
  for (const id of kept) shown.add(id);
  return { options: all.filter(([id]) => shown.has(id)).map(([id, name]) => [id, name]), zq: zq.trim(), total: all.length, matched: matches.length };
}

/** The `zq` search of a GET request (at most 50 characters). */
export const zoneSearchOf = (req: Request) => q(req, "zq", 50);
