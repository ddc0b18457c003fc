/**
 * DATABASE_URL chooses the engine (src/db/engine.ts, src/config.ts): `file:` is SQLite,
 * `postgresql://` and `postgres://` are PostgreSQL, anything else is refused with a message.
 */
import { describe, expect, it } from "vitest";
import { engineOf, ENGINE_FILES } from "../../src/db/engine.ts";
import { loadConfig } from "../../src/config.ts";

describe("the engine of a DATABASE_URL", () => {
  it("is SQLite for file: and PostgreSQL for postgresql:// and postgres://", () => {
    expect(engineOf("file:./data/ledger.db")).toBe("sqlite");
    expect(engineOf("postgresql://ledger@127.0.0.1:5432/ledger")).toBe("postgres");
    expect(engineOf("postgres://ledger:pw@db.example/ledger?sslmode=require")).toBe("postgres");
  });

  it("is refused for another scheme, without echoing a password", () => {
    expect(() => engineOf("mysql://root:secret@host/db")).toThrow(/file:.*postgresql:\/\//);
    expect(() => engineOf("mysql://root:secret@host/db")).not.toThrow(/secret/);
  });

  it("has its own schema and migrations folder per engine", () => {
    expect(ENGINE_FILES.sqlite.migrations).toMatch(/prisma\/migrations$/);
    expect(ENGINE_FILES.postgres.schema).toMatch(/prisma\/postgres\/schema\.prisma$/);
    expect(ENGINE_FILES.postgres.migrations).toMatch(/prisma\/postgres\/migrations$/);
  });

  it("is accepted by the configuration for both engines, and another scheme is a configuration error", () => {
    expect(loadConfig({ DATABASE_URL: "postgresql://ledger@127.0.0.1:5432/ledger" }).DATABASE_URL).toMatch(/^postgresql:/);
    expect(loadConfig({}).DATABASE_URL).toBe("file:./data/ledger.db");
    expect(() => loadConfig({ DATABASE_URL: "mysql://root@host/db" })).toThrow(/DATABASE_URL.*postgresql:\/\//);
  });
});
