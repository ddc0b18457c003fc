/**
 * One-time passwords for accounts created by a members import. Each is random (12 characters of
 * a 56-letter alphabet, ≈ 70 bits: src/auth/password.ts `oneTimePassword`) and must be changed at
 * first login, so a lighter Argon2id cost (4 MiB, 1 pass: ≈ 1 ms here instead of ≈ 12 ms) keeps
 * a county roster of 25,000 people importable in seconds without weakening what guards it: a
 * guess of 70 random bits is out of reach whatever the cost. `verifyPassword` reads the cost from
 * the PHC string, so login works unchanged; the person's own password gets the default cost.
 */
import { hash } from "@node-rs/argon2";
export { oneTimePassword } from "../auth/password.ts";

export async function hashOneTimePassword(plain: string): Promise<string> {
  return hash(plain, { memoryCost: 4096, timeCost: 1, parallelism: 1 });
}
