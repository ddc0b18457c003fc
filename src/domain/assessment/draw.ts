/**
 * The 民意调查 draw (DOMAIN.md "三维考核"): `size` distinct residents picked at random from
 * `candidates`, reproducibly from `seed` — the same seed and the same candidates give the same
 * sample, in the same order. Uses pure-rand's xoroshiro128+ and its uniform distribution (a
 * partial Fisher–Yates shuffle over the candidates sorted by id), so no person appears twice.
 * The seed is a 32-bit integer (stored with the draw). Pure: no I/O.
 */
import prand from "pure-rand";

/** A seed as typed: an integer in [0, 2^31) or a Chinese message. */
export function parseSeed(text: string): number | string {
  if (!/^\d{1,10}$/.test(text.trim())) return "随机种子应为非负整数";
  const n = Number(text.trim());
  return n < 2 ** 31 ? n : "随机种子应小于 2147483648";
}

/** `size` ids from `candidates` (deduplicated, sorted ascending first), in draw order. */
export function drawSample(candidates: readonly number[], size: number, seed: number): number[] {
  const pool = [...new Set(candidates)].sort((a, b) => a - b);
  const n = Math.min(size, pool.length);
  let rng = prand.xoroshiro128plus(seed);
  for (let i = 0; i < n; i++) {
    const [j, next] = prand.uniformIntDistribution(i, pool.length - 1, rng);
    rng = next;
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, n);
}
