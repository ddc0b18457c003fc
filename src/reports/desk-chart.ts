/**
 * Geometry of the dashboard's charts, drawn as inline SVG by the server (views/desk/_bars.ejs):
 * they show without JavaScript, on a LAN with no CDN, and on paper (A4 print). Pure functions:
 * values in, rectangles and labels out, in SVG user units (the view scales them to its width).
 */

export interface Bar {
  x: number;
  y: number;
  width: number;
  height: number;
  /** Under the bar (a unit's short name, or the month). */
  label: string;
  /** The figure as shown above the bar ("—" for a month still to come). */
  value: string;
}

export interface BarChart {
  width: number;
  height: number;
  /** The baseline's y. */
  base: number;
  bars: Bar[];
}

const HEIGHT = 120;
const TOP = 14; // room for the value above the tallest bar
const BOTTOM = 22; // room for the labels

/** Short enough to sit under a bar: the first `n` characters, "…" when cut. */
export function shortLabel(s: string, n = 4): string {
  const chars = [...s];
  return chars.length <= n ? s : chars.slice(0, n).join("") + "…";
}

const show = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(2).replace(/\.?0+$/, ""));

/**
 * Vertical bars, one per item, heights proportional to the largest value (a row of zeros draws
 * flat bars). `null` values (months to come) draw no bar and show "—".
 */
export function barChart(items: ReadonlyArray<{ label: string; value: number | null }>, opts: { slot?: number } = {}): BarChart {
  const slot = opts.slot ?? 36;
  const max = Math.max(0, ...items.map((i) => i.value ?? 0));
  const base = HEIGHT - BOTTOM;
  const room = base - TOP;
  const bars = items.map((it, i) => {
    const h = it.value === null || max === 0 ? 0 : Math.max(it.value > 0 ? 1 : 0, Math.round((it.value / max) * room));
    return { x: i * slot + slot * 0.15, y: base - h, width: slot * 0.7, height: h, label: it.label, value: it.value === null ? "—" : show(it.value) };
  });
  return { width: Math.max(slot, items.length * slot), height: HEIGHT, base, bars };
}

export interface HBar {
  y: number;
  width: number;
  label: string;
  value: string;
}

export interface HBarChart {
  width: number;
  height: number;
  /** Where the bars start (after the labels). */
  left: number;
  /** The height of one bar. */
  bar: number;
  bars: HBar[];
}

/**
 * Horizontal bars, one row per unit (names stay readable however many units there are), widths
 * proportional to the largest value.
 */
export function hbarChart(items: ReadonlyArray<{ label: string; value: number }>): HBarChart {
  const row = 16;
  const left = 92;
  const room = 300 - left - 44; // room for the value after the longest bar
  const max = Math.max(0, ...items.map((i) => i.value));
  const bars = items.map((it, i) => ({
    y: i * row + 2,
    width: max === 0 ? 0 : Math.max(it.value > 0 ? 1 : 0, Math.round((it.value / max) * room)),
    label: shortLabel(it.label, 7),
    value: show(it.value),
  }));
  return { width: 300, height: Math.max(row, items.length * row) + 2, left, bar: row - 5, bars };
}
