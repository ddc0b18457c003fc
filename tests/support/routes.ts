/**
 * The app's own route table, read from Express 5's router stack: every (method, path) that a
 * request can reach, with mount prefixes joined ("/talks" + "/:id/edit" → "/talks/:id/edit").
 * Router 2.x keeps each layer's declared path as `rawPath`. A route or mount declared with a
 * RegExp or an array has no single path, so it throws: declare string paths.
 */
import type { Express } from "express";

export interface RouteKey {
  method: string;
  path: string;
  /** "GET /talks/:id" */
  key: string;
}

interface LayerLike {
  rawPath?: unknown;
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: { stack?: LayerLike[] };
}

function join(prefix: string, path: string): string {
  const p = (prefix + (path === "/" ? "" : path)).replace(/\/+/g, "/");
  return p === "" ? "/" : p;
}

function walk(stack: LayerLike[], prefix: string, out: RouteKey[]) {
  for (const layer of stack) {
    if (layer.route) {
      const path = layer.route.path;
      if (typeof path !== "string") throw new Error(`route under ${prefix || "/"} is not a plain string path: ${String(path)}`);
      for (const [m, on] of Object.entries(layer.route.methods)) {
        if (!on || m === "_all") continue;
        const method = m.toUpperCase();
        const full = join(prefix, path);
        out.push({ method, path: full, key: `${method} ${full}` });
      }
    } else if (layer.handle?.stack) {
      const raw = layer.rawPath ?? "/";
      if (typeof raw !== "string") throw new Error(`router mounted under ${prefix || "/"} with a non-string path: ${String(raw)}`);
      walk(layer.handle.stack, join(prefix, raw), out);
    }
  }
}

/** Every (method, path) of `app`, in mount order, without duplicates. HEAD is left out (GET answers it). */
export function routeTable(app: Express): RouteKey[] {
  const router = (app as unknown as { router?: { stack: LayerLike[] } }).router;
  if (!router) throw new Error("no app.router: is this Express 5?");
  const out: RouteKey[] = [];
  walk(router.stack, "", out);
  const seen = new Set<string>();
  return out.filter((r) => r.method !== "HEAD" && !seen.has(r.key) && seen.add(r.key));
}
