/**
 * Password hashing with Argon2id (@node-rs/argon2: prebuilt binaries, no install script).
 * `hashPassword` returns a PHC string ($argon2id$...); `verifyPassword` never throws on a
 * malformed hash (returns false). `oneTimePassword()` makes a readable 12-character password.
 */
import { hash, verify } from "@node-rs/argon2";
import { randomInt } from "node:crypto";

export async function hashPassword(plain: string): Promise<string> {
  return hash(plain);
}

export async function verifyPassword(hashed: string, plain: string): Promise<boolean> {
  try {
    return await verify(hashed, plain);
  } catch {
    return false;
  }
}

// No 0/O/1/l/I so a password read aloud or from paper is typed right.
const ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

export function oneTimePassword(length = 12): string {
  let s = "";
  for (let i = 0; i < length; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return s;
}
