/**
 * prisma/postgres/schema.prisma is generated from prisma/schema.prisma (scripts/pg-schema.ts):
 * this fails when someone edits one without regenerating the other (`npm run db:pg-schema`;
 * `npm run db:diff` does it too).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PG_SCHEMA, SQLITE_SCHEMA, postgresSchema } from "../../scripts/pg-schema.ts";

describe("the PostgreSQL schema", () => {
  it("is prisma/schema.prisma with only the provider and the client's folder changed", () => {
    const sqlite = readFileSync(SQLITE_SCHEMA, "utf8");
    const pgText = readFileSync(PG_SCHEMA, "utf8");
    expect(pgText).toBe(postgresSchema(sqlite));
    expect(pgText).toContain('provider = "postgresql"');
    expect(pgText).toContain('output   = "../../src/generated/prisma-pg"');
  });

  it("refuses a SQLite schema whose provider or output it does not recognise", () => {
    expect(() => postgresSchema('datasource db {\n  provider = "mysql"\n}\n')).toThrow(/expected datasource provider/);
  });
});
