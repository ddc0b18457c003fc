/**
 * Where PostgreSQL's command-line tools are on this machine: Debian installs the server's under
 * /usr/lib/postgresql/N/bin (not on PATH) and the client tools (pg_dump, psql) on PATH too.
 */
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";

/** The bin folder holding initdb and pg_ctl: PG_BIN, else the newest /usr/lib/postgresql/N/bin; null if none. */
export function findPgBin(env: NodeJS.ProcessEnv = process.env): string | null {
  const given = env.PG_BIN;
  if (given) return existsSync(path.join(given, "initdb")) ? given : null;
  const base = "/usr/lib/postgresql";
  if (!existsSync(base)) return null;
  const versions = readdirSync(base).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
  for (const v of versions) {
    const bin = path.join(base, v, "bin");
    if (existsSync(path.join(bin, "initdb")) && existsSync(path.join(bin, "pg_ctl"))) return bin;
  }
  return null;
}

/** The path of a client tool (`pg_dump`, `psql`): on PATH, else in findPgBin(); null when absent. */
export function findPgTool(tool: string, env: NodeJS.ProcessEnv = process.env): string | null {
  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    if (dir && existsSync(path.join(dir, tool))) return path.join(dir, tool);
  }
  const bin = findPgBin(env);
  return bin && existsSync(path.join(bin, tool)) ? path.join(bin, tool) : null;
}
