/**
 * The layering of src/ (ARCHITECTURE.md: imports flow down only; .dependency-cruiser.cjs says
 * which way each layer may import) is checked on every `npm test`, and the check is shown to
 * fail on a tree that breaks it (a domain module importing a route; two files in a loop; the quota
 * engine importing the domain).
 */
import { describe, it, expect } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const config = path.join(root, ".dependency-cruiser.cjs");
const depcruise = path.join(root, "node_modules/dependency-cruiser/bin/dependency-cruise.mjs");

/** Runs `depcruise src` with the project's config in `cwd`; the exit status and what it printed. */
function cruise(cwd: string): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [depcruise, "src", "--config", config, "--output-type", "err"], { cwd, encoding: "utf8" });
  return { status: r.status, out: `${r.stdout}\n${r.stderr}` };
}

/** A throwaway tree `src/...` with the given files (path → source), and the project's tsconfig. */
function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "layers-"));
  writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { allowImportingTsExtensions: true, noEmit: true, module: "nodenext" } }));
  for (const [file, source] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), source);
  }
  return dir;
}

describe("the layers of src/", () => {
  it("no module of src/ imports a layer above its own or takes part in an import loop", () => {
    const r = cruise(root);
    expect(r.out).toContain("no dependency violations found");
    expect(r.status).toBe(0);
  }, 120_000);

  it("the check fails when the domain imports a route, when two files import each other, and when the quota engine imports the domain", () => {
    const dir = tree({
      "src/routes/talks.ts": 'export const talksRouter = 1;\n',
      "src/domain/talks/commands.ts": 'import { talksRouter } from "../../routes/talks.ts";\nexport const logTalk = () => talksRouter;\n',
      "src/import/row.ts": 'import { KINDS } from "./types.ts";\nexport const Row = KINDS;\n',
      "src/import/types.ts": 'import { Row } from "./row.ts";\nexport const KINDS = [Row];\n',
      "src/rules/evaluate.ts": 'import { logTalk } from "../domain/talks/commands.ts";\nexport const evaluate = logTalk;\n',
      "src/rules/periods.ts": 'export const periods = 1;\n',
    });
    try {
      const r = cruise(dir);
      expect(r.status).not.toBe(0);
      expect(r.out).toMatch(/no-domain-to-routes[\w-]*: src\/domain\/talks\/commands\.ts → src\/routes\/talks\.ts/);
      expect(r.out).toMatch(/no-circular: src\/import\/(row|types)\.ts/);
      expect(r.out).toMatch(/rules-are-pure: src\/rules\/evaluate\.ts → src\/domain\/talks\/commands\.ts/);
      expect(r.out).not.toContain("src/rules/periods.ts →");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
