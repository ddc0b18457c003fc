/**
 * 三项教育 training, the pure parts (issue 18 item 4): the levels with their Chinese words and the
 * parsing of an attendee list typed as login names. No Prisma here.
 */

export const TRAINING_LEVEL_LABELS = { COUNTY: "县委党校", TOWNSHIP: "乡镇党校" } as const;
export type TrainingLevel = keyof typeof TRAINING_LEVEL_LABELS;
export const TRAINING_LEVELS = Object.keys(TRAINING_LEVEL_LABELS) as TrainingLevel[];

/** Login names in a typed list (spaces, commas, 、, ；, new lines between them), lower-case, each once, in order. */
export function loginList(text: string): string[] {
  const out: string[] = [];
  for (const s of text.split(/[\s,，、;；]+/u)) {
    const name = s.trim().toLowerCase();
    if (name !== "" && !out.includes(name)) out.push(name);
  }
  return out;
}

/** trained ÷ members, 4 decimals (0 without members): a share from summed counts, never averaged. */
export function shareOf(trained: number, members: number): number {
  return members > 0 ? Math.round((trained / members) * 10000) / 10000 : 0;
}

/** A share as a percentage for people (0.8235 → "82.4%"). */
export function percent(share: number): string {
  return `${(Math.round(share * 1000) / 10).toFixed(1)}%`;
}
