/**
 * The files under public/ (styles, scripts, icons, the manifest, the offline pages), served by
 * express.static. Every one has an extension and no page's path has one, so a path without an
 * extension skips the file system: serve-static would otherwise look up each page's path, and
 * for the cadre's dashboard, "/", stat public/ and then public/index.html on every request
 * (~2% of the dashboard's CPU under load; a --cpu-prof of the bench, 2026-12-05).
 * `maxAge` as express.static takes it (ms or a string such as "1d").
 */
import path from "node:path";
import express, { type RequestHandler } from "express";

export function publicFiles(dir: string, maxAge: number | string): RequestHandler {
  const files = express.static(dir, { maxAge });
  return (req, res, next) => (path.posix.extname(req.path) ? files(req, res, next) : next());
}
