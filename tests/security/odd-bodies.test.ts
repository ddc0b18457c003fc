/**
 * Missing and odd bodies on every POST route (issue 11, item 4 and "What it must show"). The
 * routes come from the app's router stack; each is sent, as every role and as a visitor, with
 * the CSRF token in its header (so the check passes and the body itself is what is tested):
 *   - no body at all, and an empty urlencoded body: never a 5xx; when the route's valid form
 *     has fields, nothing is written (the form's own validation answers);
 *   - text/plain and JSON (each carrying the valid form, so a parser that took it would write)
 *     and a multipart body without a file: 400 with the Chinese message, nothing written
 *     (the admin's import upload takes multipart: it answers 422 "请选择…文件"; anyone else's upload
 *     there is refused by the CSRF check or the role guard, 401/403).
 */
import request from "supertest";
import { afterAll, describe, expect, it } from "vitest";
import { testApp, tokenFrom } from "../support/app.ts";
import { routeTable } from "../support/routes.ts";
import { buildWorld, type Person } from "./authz/world.ts";
import { writeCounter } from "./authz/county-world.ts";
import { expectations } from "./authz/expectations.ts";
import { reusableSessions } from "./authz/sessions.ts";
import { ODD_BODY_MESSAGE } from "../../src/http/bodies.ts";

const t = await testApp();
const w = await buildWorld(t);
const posts = routeTable(t.app).filter((r) => r.method === "POST");
const writes = await writeCounter(t);
afterAll(() => t.close());

const ACTORS = ["anonymous", "member", "cadre", "secretary", "admin"] as const;
type Actor = (typeof ACTORS)[number];
const personOf = (a: Actor): Person => (a === "anonymous" ? w.people.other : w.people[a]);

const sessionOf = reusableSessions(t, async (a: Actor) => {
  if (a === "anonymous") {
    const agent = request.agent(t.app);
    return { agent, token: tokenFrom((await agent.get("/login")).text) };
  }
  const agent = await t.loginAs(w.people[a].username);
  return { agent, token: await agent.csrf() };
});
const fill = (path: string, params: Record<string, string> = {}) => path.replace(/:(\w+)/g, (_, k: string) => encodeURIComponent(params[k] ?? "1"));
const urlencoded = (body: Record<string, string | string[]>) => new URLSearchParams(Object.entries(body).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]]))).toString();

const BOUNDARY = "----oddbody7MA4YWxkTrZu0gW";
const multipartNoFile = (body: Record<string, string | string[]>) =>
  Object.entries(body)
    .flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${x}\r\n`))
    .join("") + `--${BOUNDARY}--\r\n`;

type Kind = "none" | "empty" | "text" | "json" | "multipart";
const KINDS: Kind[] = ["none", "empty", "text", "json", "multipart"];

describe("missing and odd bodies on every POST route", () => {
  it("the route table has the POST routes (the machinery sees the app)", () => {
    expect(posts.map((p) => p.key)).toEqual(expect.arrayContaining(["POST /residents", "POST /residents/:id", "POST /admin/zones/move", "POST /login"]));
  });

  for (const route of posts) {
    it(`${route.key}: no 5xx and no write for a missing, empty, text, JSON or file-less multipart body, as every role`, async () => {
      const entry = expectations[route.key];
      if (!entry) throw new Error(`${route.key} has no entry in tests/security/authz/expectations.ts`);
      const failures: string[] = [];
      for (const actor of ACTORS) {
        for (const kind of KINDS) {
          const cell = entry.cell ? await entry.cell(w, personOf(actor)) : {};
          const valid = cell.body ?? {};
          const { agent, token } = await sessionOf(actor);
          const before = await writes();
          let req = agent.post(fill(route.path, cell.params)).set("X-CSRF-Token", token).set("Accept", "text/html");
          if (kind === "empty") req = req.type("form").send("");
          if (kind === "text") req = req.set("Content-Type", "text/plain; charset=utf-8").send(urlencoded(valid) || "note=1");
          if (kind === "json") req = req.set("Content-Type", "application/json").send(JSON.stringify(valid));
          if (kind === "multipart") req = req.set("Content-Type", `multipart/form-data; boundary=${BOUNDARY}`).send(multipartNoFile(valid));
          const res = await req;
          const label = `${kind} body as ${actor}: ${res.status}`;
          const wrote = (await writes()) !== before;
          if (res.status >= 500) failures.push(`server error, ${label}`);
          if (kind === "none" || kind === "empty") {
            if (wrote && Object.keys(valid).length > 0) failures.push(`wrote without a body, ${label}`);
            continue;
          }
          // The writing form (issue 18) is multipart itself (its optional attachment): a file-less one is a plain writing.
          const writingForm = kind === "multipart" && route.key === "POST /writings" && actor !== "anonymous"; // an anonymous body is never parsed: 400
          // Its edit (session 4) is multipart too: a file-less one edits the author's own writing, keeping the attachment.
          const writingEdit = kind === "multipart" && route.key === "POST /writings/:id" && actor !== "anonymous";
          if (wrote && !writingForm && !writingEdit) failures.push(`wrote from an odd body, ${label}`);
          const importUpload = kind === "multipart" && route.key === "POST /admin/imports";
          if (writingForm) {
            if (res.status !== (actor === "admin" ? 403 : 303)) failures.push(`the writing form without a file should save (403 for the operator's account), ${label}`);
          } else if (writingEdit) {
            if (res.status !== 303) failures.push(`the writing's edit without a file should save, ${label}`);
          } else if (importUpload && actor !== "admin") {
            if (res.status !== 403 && res.status !== 401) failures.push(`an upload by someone else should be refused by the CSRF check or the role guard, ${label}`);
          } else if (importUpload) {
            if (res.status !== 422 || !res.text.includes("请选择要上传的")) failures.push(`the import upload without a file should ask for one, ${label}`);
          } else if (res.status !== 400 || !res.text.includes(ODD_BODY_MESSAGE)) failures.push(`expected 400 with the Chinese message, ${label}`);
        }
      }
      expect(failures).toEqual([]);
    });
  }
});
