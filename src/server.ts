/**
 * Start-up: read the configuration, migrate the database, fill an empty one with the demo county
 * (SEED_SCALE, default demo), listen, and shut down gracefully on SIGTERM/SIGINT (requests in
 * flight finish; the database closes last).
 */
import path from "node:path";
import { loadConfig } from "./config.ts";
import { applyMigrations } from "./db/migrate.ts";
import { ensureDbFolder, engineOf } from "./db/engine.ts";
import { openDb, openRaw } from "./db/client.ts";
import { openKysely } from "./db/kysely.ts";
import { createApp } from "./app.ts";
import { systemClock, todayOf } from "./http/clock.ts";
import { ensureBaseline } from "./domain/baseline.ts";
import { seedDatabase } from "./seed/seed.ts";
import { ROLE_LABELS, type Role } from "./core/labels.ts";
import { pruneFormTokens } from "./domain/form-tokens.ts";
import { buildServiceWorker } from "./pwa/build.ts";

const config = loadConfig();
ensureDbFolder(config.DATABASE_URL);
const applied = await applyMigrations(config.DATABASE_URL);
if (applied.length) console.log(`已应用数据库迁移: ${applied.join(", ")}`);

const db = openDb(config.DATABASE_URL);
if (config.SEED_SCALE !== "none" && (await db.member.count()) === 0) {
  const today = todayOf(systemClock);
  console.log(`数据库为空，正在生成演示数据 (${config.SEED_SCALE}) …`);
  await seedDatabase(config.DATABASE_URL, { scale: config.SEED_SCALE, year: Number(today.slice(0, 4)), today, demoPassword: config.DEMO_PASSWORD });
}
await ensureBaseline(db);
try {
  // Built at each start so the precache matches the files served (src/pwa/build.ts).
  await buildServiceWorker(path.resolve(config.PWA_DIR));
} catch (e) {
  console.log(`警告: 离线服务 (service worker) 未能生成，应用照常运行但不能离线使用: ${(e as Error).message}`);
}
// SQLite: Kysely runs on a better-sqlite3 handle with openRaw's pragmas (WAL, busy timeout, cache).
// PostgreSQL: Kysely's own pool.
const raw = engineOf(config.DATABASE_URL) === "sqlite" ? openRaw(config.DATABASE_URL) : undefined;
const kx = openKysely(config.DATABASE_URL, raw ? { sqlite: raw } : {});
const app = createApp({ db, kx, clock: systemClock, config });
// Single-use form tokens only guard recently shown forms: forget those used over a week ago.
const pruneTokens = setInterval(() => void pruneFormTokens(db, new Date(Date.now() - 7 * 86_400_000)).catch(() => undefined), 3_600_000);
pruneTokens.unref();

const server = app.listen(config.PORT, config.HOST, () => {
  const where = config.HOST === "127.0.0.1" || config.HOST === "localhost" ? "localhost" : config.HOST;
  console.log(`联系群众工作台账 已启动: http://${where}:${config.PORT}/login`);
  if (config.HOST === "127.0.0.1") console.log("  只在本机可访问；要让办公室网络中的手机访问，请设置 HOST=0.0.0.0");
  if (!config.SESSION_SECRET) console.log("  提示: 未设置 SESSION_SECRET，重启后所有人需重新登录（生产环境请设置）");
  void printDemoLogins();
});

async function printDemoLogins() {
  const names = ["admin", "zuzhibu", "xiangzhen", "shuji", "ganbu", "dangyuan"];
  const demo = await db.member.findMany({ where: { username: { in: names } }, select: { username: true, role: true, grants: { select: { role: true, org: { select: { name: true } } } } } });
  if (!demo.length) return;
  demo.sort((a, b) => names.indexOf(a.username) - names.indexOf(b.username));
  console.log(`演示账号 (密码 DEMO_PASSWORD，默认 demo1234；若数据库早于本次设置生成，则为生成时的密码):`);
  for (const m of demo) {
    const grants = m.grants.map((g) => `${g.role === "ADMIN" ? "管理" : "审核"}${g.org.name}`).join("、");
    console.log(`  ${m.username.padEnd(9)} ${m.role === "ADMIN" ? "管理员" : ROLE_LABELS[m.role as Role] ?? m.role}${grants ? `（${grants}）` : ""}`);
  }
}

let closing = false;
function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  console.log(`收到 ${signal}，正在停止 …`);
  server.close(async () => {
    await kx.destroy();
    raw?.close();
    await db.$disconnect();
    process.exit(0);
  });
  server.closeIdleConnections();
  setTimeout(() => process.exit(1), 10_000).unref();
}
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));
