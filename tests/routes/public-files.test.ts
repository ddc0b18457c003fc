/**
 * src/http/public-files.ts serves public/ only for paths with an extension (pages skip the file
 * system). This holds only while every file there has one: each is served, with its type.
 */
import request from "supertest";
import { readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testApp, type TestApp } from "../support/app.ts";

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

const files = (readdirSync("public", { recursive: true, withFileTypes: true }) as import("node:fs").Dirent[])
  .filter((d) => d.isFile())
  .map((d) => "/" + path.relative("public", path.join(d.parentPath, d.name)).split(path.sep).join("/"));

describe("public files", () => {
  it("each has an extension and is served without a login", async () => {
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      expect(path.posix.extname(f), f).not.toBe("");
      const res = await request(t.app).get(f);
      expect(res.status, f).toBe(200);
      expect(res.headers["content-type"], f).toBeTruthy();
    }
  });

  it("a page's path is never looked up under public/: /css is a 303 to the login, not a folder", async () => {
    expect((await request(t.app).get("/css")).status).toBe(303);
  });
});
