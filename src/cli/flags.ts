/**
 * zod pieces shared by the `ledger` commands' flags, with the Chinese messages an operator reads.
 */
import { z } from "zod";
import { isValidLocalDate } from "../rules/index.ts";

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
