/**
 * What the `ledger` commands share: the context they run in, the parsing of their flags, and zod
 * pieces for the flags with the Chinese messages an operator reads.
 */
import { z } from "zod";
import { isValidLocalDate } from "../rules/index.ts";

/** Where a command writes and which database it opens (tests pass their own). */
export interface CliContext {
  databaseUrl: string;
  out: (line: string) => void;
  err: (line: string) => void;
}

/** Parses `--flag value` pairs and bare words: { _: [...words], flag: value | true }. */
export function parseFlags(args: string[]): { _: string[]; [flag: string]: string | true | string[] } {
  const out: { _: string[]; [flag: string]: string | true | string[] } = { _: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith("--")) {
      const [k, v] = a.slice(2).split("=", 2);
      if (v !== undefined) out[k] = v;
      else if (args[i + 1] !== undefined && !args[i + 1].startsWith("--")) out[k] = args[++i];
      else out[k] = true;
    } else out._.push(a);
  }
  return out;
}

/** `--year 2026`: four digits, 2000–9999. */
export const yearFlag = z
  .string({ error: "请用 --year 指定年份，例如 --year 2026" })
  .regex(/^\d{4}$/, "年份应为四位数字，例如 --year 2026")
  .transform(Number)
  .refine((y) => y >= 2000 && y <= 9999, "年份应在 2000 至 9999 之间");

/** `--as-of 2026-12-31`: an existing date (Asia/Shanghai), optional. */
export const asOfFlag = z
  .string({ error: "--as-of 需要一个日期，例如 --as-of 2026-12-31" })
  .refine(isValidLocalDate, "--as-of 应为有效日期 YYYY-MM-DD，例如 2026-12-31")
  .optional();
