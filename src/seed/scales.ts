/**
 * How big the generated county is and how busy: the two scales of `ledger seed` (`demo`, one
 * branch of 300 members; `county`, DOMAIN.md "Scale to design for"), as counts and ranges.
 */
import type { SeedScale } from "./types.ts";

export interface ScaleConfig {
  zones: number;
  lines: number;
  departments: number;
  members: number;
  /** Members with role CADRE (the secretary is extra). */
  cadres: number;
  residentsPerZone: [number, number];
  hardshipShare: number;
  courtyardPerMonth: [number, number];
  courtyardMissChance: number;
  /** 座谈会/茶话会/恳谈会/调研会 of the whole branch per half-year. */
  otherPerHalf: [number, number];
  activistsPerZone: number;
  walkInChance: number;
  reportsPerMonth: [number, number];
  attendance: [number, number];
}

export const SCALES: Record<SeedScale, ScaleConfig> = {
  demo: {
    zones: 8, lines: 6, departments: 4, members: 300, cadres: 40,
    residentsPerZone: [45, 55], hardshipShare: 0.45,
    courtyardPerMonth: [1, 1], courtyardMissChance: 0.12, otherPerHalf: [3, 5],
    activistsPerZone: 2, walkInChance: 0.35, reportsPerMonth: [1, 3], attendance: [4, 10],
  },
  county: {
    zones: 300, lines: 60, departments: 64, members: 25_000, cadres: 2_000,
    residentsPerZone: [180, 220], hardshipShare: 0.2,
    courtyardPerMonth: [4, 10], courtyardMissChance: 0.05, otherPerHalf: [1_700, 1_900],
    activistsPerZone: 3, walkInChance: 0.5, reportsPerMonth: [30, 50], attendance: [3, 9],
  },
};
