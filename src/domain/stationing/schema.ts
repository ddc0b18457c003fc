/** Forms of the stationing pages (zod, Chinese messages; domain/forms.ts helpers). */
import { z } from "zod";
import { f } from "../forms.ts";
import { STATION_KINDS, STATION_POSTS } from "./rules.ts";

const optionalDate = (label: string) =>
  z
    .string()
    .optional()
    .transform((s) => (s ?? "").trim())
    .pipe(z.union([z.literal(""), f.date(label)]))
    .transform((s) => (s === "" ? null : s));

/** New stationing: the cadre by login name, the village branch, the period, post and kind. */
export const stationingForm = z.object({
  username: f.text("登录名", 32).transform((s) => s.toLowerCase()),
  orgId: f.optionalId("驻村组织").refine((v) => v !== undefined, "请选择驻村组织").transform((v) => v as number),
  fromOn: f.date("开始日期"),
  toOn: optionalDate("结束日期"),
  post: f.choice("职务", STATION_POSTS),
  kind: f.choice("类别", STATION_KINDS),
  note: f.longText("说明", 500),
});
export type StationingInput = z.infer<typeof stationingForm>;

/** Ending a stationing: its last day. */
export const stationingEndForm = z.object({ toOn: f.date("结束日期") });
