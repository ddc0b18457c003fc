/**
 * Money of assistance records (帮扶记录): typed in yuan with up to 2 decimals, stored as integer
 * fen (1/100 yuan) in `AssistanceRecord.amountFen`. Pure, exact (no floating point).
 */
import { foldWidth } from "../residents/mask.ts";

/** Largest amount accepted: 100,000,000 yuan. */
export const MAX_FEN = 10_000_000_000;

/**
 * "1,234.5" / "１２３" / "0.05" → fen (123450 / 12300 / 5); "" → null; anything else
 * (negative, three decimals, letters, above MAX_FEN) → undefined.
 */
export function yuanToFen(typed: string): number | null | undefined {
  const s = foldWidth(typed).replace(/[,，\s]/g, "").replace(/^[¥￥]/, "").replace(/元$/, "");
  if (s === "") return null;
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return undefined;
  const fen = Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
  return fen > MAX_FEN ? undefined : fen;
}

/** fen → "1,234.50" (yuan, two decimals, thousands separated). */
export function formatFen(fen: number): string {
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${sign}${yuan}.${String(abs % 100).padStart(2, "0")}`;
}
