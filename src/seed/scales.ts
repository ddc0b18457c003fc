/**
 * How big the generated county is and how busy: the two scales of `ledger seed` (`demo`, one
 * county of 9 branches and 300 members; `county`, DOMAIN.md "Scale to design for": 696 branches,
 * 3,000 zones, 25,000 members), as counts and ranges. The tree itself is in orgs.ts.
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
  /** 座谈会/茶话会/恳谈会/调研会 of each branch per half-year. */
  otherPerHalf: [number, number];
  activistsPerZone: number;
  walkInChance: number;
  reportsPerMonth: [number, number];
  attendance: [number, number];
}

export const SCALES: Record<SeedScale, ScaleConfig> = {
  demo: {
    zones: 11, lines: 6, departments: 4, members: 300, cadres: 40,
    residentsPerZone: [35, 45], hardshipShare: 0.45,
    courtyardPerMonth: [1, 1], courtyardMissChance: 0.12, otherPerHalf: [1, 2],
    activistsPerZone: 2, walkInChance: 0.35, reportsPerMonth: [1, 3], attendance: [4, 10],
  },
  county: {
    zones: 3_000, lines: 60, departments: 64, members: 25_000, cadres: 2_000,
    residentsPerZone: [18, 22], hardshipShare: 0.2,
    courtyardPerMonth: [1, 1], courtyardMissChance: 0.17, otherPerHalf: [2, 3],
    activistsPerZone: 1, walkInChance: 0.5, reportsPerMonth: [30, 50], attendance: [3, 9],
  },
};
