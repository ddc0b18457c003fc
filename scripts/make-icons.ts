/**
 * Draws the app icons once from public/icons/icon.svg with Debian's Chromium (playwright-core,
 * already a dev dependency): icon-192.png, icon-512.png and apple-touch-icon.png (180 px).
 * The PNGs are committed; run again after changing the SVG: `node --import tsx scripts/make-icons.ts`.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium } from "../tests/support/browser.ts";

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../public/icons");
const svg = readFileSync(path.join(dir, "icon.svg"), "utf8");
const browser = await launchChromium();
for (const [file, size] of [["icon-192.png", 192], ["icon-512.png", 512], ["apple-touch-icon.png", 180]] as const) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  await page.setContent(`<html><body style="margin:0">${svg.replace('width="512" height="512"', `width="${size}" height="${size}"`)}</body></html>`);
  await page.screenshot({ path: path.join(dir, file), clip: { x: 0, y: 0, width: size, height: size } });
  await page.close();
  console.log(`${file} ${size}x${size}`);
}
await browser.close();
