/**
 * Uploaded files waiting for the admin's confirmation, kept server-side between the preview and
 * the confirm (never uploaded twice): a file named by 128 random bits in a private temporary
 * folder, mode 0600; the session holds only the id. Ids are checked as 32 hex characters, so a
 * crafted id cannot reach another path. Files older than a day are swept on each new upload.
 */
import { readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { privateDir, writePrivateFile } from "../files/private.ts";
import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";

const DIR = path.join(os.tmpdir(), "liaison-ledger-imports");
const ID = /^[0-9a-f]{32}$/;
const DAY_MS = 86_400_000;

function sweep(now: number) {
  for (const f of readdirSync(DIR)) {
    try {
      if (now - statSync(path.join(DIR, f)).mtimeMs > DAY_MS) rmSync(path.join(DIR, f), { force: true });
    } catch {
      /* already gone */
    }
  }
}

export function savePending(bytes: Uint8Array): string {
  privateDir(DIR);
  sweep(Date.now());
  const id = randomBytes(16).toString("hex");
  writePrivateFile(path.join(DIR, id), bytes);
  return id;
}

/** The file's bytes, or null when the id is malformed or the file is gone. */
export function readPending(id: string): Buffer | null {
  if (!ID.test(id)) return null;
  try {
    return readFileSync(path.join(DIR, id));
  } catch {
    return null;
  }
}

export function dropPending(id: string | undefined): void {
  if (id && ID.test(id)) rmSync(path.join(DIR, id), { force: true });
}
