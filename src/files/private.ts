/**
 * Files that hold residents' and members' data (export workbooks, backups, import temp files,
 * report files) are readable by the app's own account only (issue 11, item 7): files 0600 in
 * folders 0700. Modes are set explicitly (chmod) after creation, so neither the process umask
 * nor a folder left by an earlier version with 0755 widens them.
 */
import { chmodSync, createWriteStream, mkdirSync, writeFileSync, type WriteStream } from "node:fs";

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates `dir` (and missing parents) and makes `dir` itself 0700. Returns `dir`. */
export function privateDir(dir: string): string {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  chmodSync(dir, PRIVATE_DIR_MODE);
  return dir;
}

/** A write stream to a new or truncated `file` with mode 0600. */
export function privateWriteStream(file: string): WriteStream {
  const out = createWriteStream(file, { mode: PRIVATE_FILE_MODE });
  out.once("open", () => chmodSync(file, PRIVATE_FILE_MODE)); // an existing file keeps its old mode otherwise
  return out;
}

/** Writes `data` to `file` with mode 0600. */
export function writePrivateFile(file: string, data: string | Uint8Array): void {
  writeFileSync(file, data, { mode: PRIVATE_FILE_MODE });
  chmodSync(file, PRIVATE_FILE_MODE);
}

/** Makes an existing file (one a library wrote, like a SQLite backup) 0600. */
export function makePrivate(file: string): void {
  chmodSync(file, PRIVATE_FILE_MODE);
}
