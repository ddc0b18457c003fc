/**
 * Builds the service worker with Workbox (workbox-build 7.4) into `outDir`, at every start of the
 * server (src/server.ts) and in the offline browser test: no build step to remember, and a fresh
 * clone works with `npm install && npm start`.
 *   outDir/sw.js                 src/pwa/sw-template.js with the precache manifest injected
 *   outDir/workbox-v7.x.y/…      Workbox's runtime, copied from node_modules (served as /pwa/…, no CDN)
 * The precache holds the shell: CSS, scripts, icons, the manifest, the outbox and offline pages,
 * and the vendored idb and Chart.js files, each with a content hash as its revision.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { copyWorkboxLibraries, injectManifest } from "workbox-build";
import { VENDOR_FILES } from "../routes/vendor.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

function revisionOf(file: string): string {
  return createHash("md5").update(readFileSync(file)).digest("hex");
}

/** Writes sw.js and Workbox's runtime into `outDir` (replaced whole); returns the precached URL count. */
export async function buildServiceWorker(outDir: string): Promise<{ count: number }> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const workboxDir = await copyWorkboxLibraries(outDir);
  const swDest = path.join(outDir, "sw.js");
  const { count, warnings } = await injectManifest({
    swSrc: path.join(root, "src/pwa/sw-template.js"),
    swDest,
    globDirectory: path.join(root, "public"),
    globPatterns: ["css/*.css", "js/*.js", "icons/*.{png,svg}", "manifest.webmanifest", "offline.html"],
    templatedURLs: { "/outbox": ["outbox.html"] },
    additionalManifestEntries: Object.entries(VENDOR_FILES).map(([name, file]) => ({ url: `/vendor/${name}`, revision: revisionOf(file) })),
    // The glob gives "css/app.css": precache the absolute path the pages ask for (/css/app.css).
    manifestTransforms: [async (entries) => ({ manifest: entries.map((e) => ({ ...e, url: e.url.startsWith("/") ? e.url : `/${e.url}` })), warnings: [] })],
  });
  if (warnings.length) throw new Error(`service worker build: ${warnings.join("; ")}`);
  // The template names Workbox's folder by a placeholder: the version is known only now.
  const sw = readFileSync(swDest, "utf8").replaceAll("__WORKBOX_DIR__", workboxDir);
  writeFileSync(swDest, sw);
  if (!readdirSync(path.join(outDir, workboxDir)).includes("workbox-sw.js")) throw new Error("workbox-sw.js missing");
  return { count };
}
