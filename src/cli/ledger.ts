/**
 * The `ledger` command line (FORMATS.md, "Command line"): `npm run ledger -- <command> ...`.
 * Each command lives in `src/cli/commands/<name>.ts` and exports `run(args: string[], ctx)`,
 * returning the process exit code. Unknown commands print the usage and exit 2.
 */
import { loadConfig } from "../config.ts";
import type { CliContext } from "./flags.ts";

/** Re-exported for the tests that run a command with their own context. */
export type { CliContext };

const commands: Record<string, () => Promise<{ run(args: string[], ctx: CliContext): Promise<number> }>> = {
  migrate: () => import("./commands/migrate.ts"),
  seed: () => import("./commands/seed.ts"),
  import: () => import("./commands/import.ts"),
  report: () => import("./commands/report.ts"),
  user: () => import("./commands/user.ts"),
  backup: () => import("./commands/backup.ts"),
  export: () => import("./commands/export.ts"),
  survey: () => import("./commands/survey.ts"),
};

const usage = `用法 (usage): npm run ledger -- <command>
  migrate                                   apply pending migrations
  seed [--scale demo|county] [--year 2026]  fill an empty database with a generated demo county
  import <orgs|zones|units|members|transfers|residents|talks|visits|meetings|ballots|survey|stays|writings|stationing|training> FILE [--dry-run] [--by ADMIN]
  report compliance --year 2026 [--as-of 2026-12-31] [--format json|csv|xlsx] [--out FILE]
  report assessment --year 2026 [--as-of 2026-12-31] [--format json|xlsx] [--out FILE]
  survey draw --year 2026 --seed N [--org CODE]   the 民意调查 sample, one JSON line per person
  export year --year 2026 [--as-of 2026-12-31] [--org CODE] --out FILE   the year workbook (.xlsx, streamed; --org: one subtree)
  user create --username U --name N --role ADMIN
  backup FILE`;

/** Runs one command line; returns the exit code. */
export async function main(argv: string[], ctx?: Partial<CliContext>): Promise<number> {
  const config = loadConfig();
  const full: CliContext = {
    databaseUrl: config.DATABASE_URL,
    out: (l) => process.stdout.write(l + "\n"),
    err: (l) => process.stderr.write(l + "\n"),
    ...ctx,
  };
  const [name, ...rest] = argv;
  const load = name ? commands[name] : undefined;
  if (!load) {
    full.err(usage);
    return 2;
  }
  try {
    return await (await load()).run(rest, full);
  } catch (e) {
    full.err(e instanceof Error ? e.message : String(e));
    return 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("ledger.ts")) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
