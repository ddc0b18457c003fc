/**
 * Debian's Chromium driven by playwright-core (ENVIRONMENT.md: Playwright's own browser download
 * is unreachable here), with the flags that keep it off the closed network, and an app served on
 * a random loopback port.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express, { type Express, type Request } from "express";
import { chromium, type Browser, type Page } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ], // playwright gives every launch a new, empty user-data-dir of its own

  });
}

/** Serves `app` on 127.0.0.1: a random port, or `port` (to start again where a stopped server was). */
export async function serve(app: Express, port = 0): Promise<{ url: string; port: number; close(): Promise<void> }> {
  const server: Server = await new Promise((resolve, reject) => {
    // Express 5 calls back with the error when listening fails (the port still taken).
    const s = app.listen(port, "127.0.0.1", (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${bound}`,
    port: bound,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Logs `username` in through the login page and waits for the dashboard's title. */
export async function logInAs(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.fill("#f-username", username);
  await page.fill("#f-password", password);
  await page.click("main button[type=submit]");
  await page.waitForSelector("h1.page-title");
}

/**
 * A browser test's teardown: closes the browser, the server and the app in that order. A part that
 * was never opened (its beforeAll failed first) is skipped.
 */
export async function closeAll(...parts: ({ close(): Promise<unknown> } | undefined)[]): Promise<void> {
  for (const part of parts) await part?.close();
}

/**
 * `app` behind a wrapper that holds each request back `holdMs(req)` milliseconds (0: at once), as
 * a slow network or a busy server would: for timing races a quiet test machine never shows.
 */
export function heldBack(app: Express, holdMs: (req: Request) => number): Express {
  const slow = express();
  slow.use((req, _res, next) => {
    const ms = holdMs(req);
    if (ms > 0) setTimeout(next, ms);
    else next();
  });
  slow.use(app);
  return slow;
}

/**
 * Waits until the page is controlled by the app's service worker. A page that loaded while the
 * worker was still installing is claimed when it activates (clientsClaim), but a page still being
 * created at that moment can be missed (a 30 s wait for the controller timed out once); the next
 * page load is controlled, as it would be for a user, so the page is loaded again then.
 */
export async function controlledByWorker(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}
