/**
 * Reads one hostile file in a child process (run by tests/import/hostile.test.ts with a small
 * --max-old-space-size), so a reader that exhausts the heap kills this process, not the test
 * runner. Prints one JSON line: { message } (the ReadError's text, or "rows: N" when read) and
 * the heap used in MB.
 * Usage: node --import tsx tests/import/read-child.ts sparse|bomb-honest|bomb-lying
 */
import { readSheet } from "../../src/import/read.ts";
import { sparseWorkbook, zipBomb } from "./hostile.ts";

const which = process.argv[2];
const file = which === "sparse" ? sparseWorkbook(60_000) : zipBomb(2, which === "bomb-lying" ? "small" : "honest");
let message: string;
try {
  message = `rows: ${(await readSheet(file, "hostile.xlsx")).rows.length}`;
} catch (e) {
  message = (e as Error).message;
}
console.log(JSON.stringify({ bytes: file.length, message, heapMb: Math.round(process.memoryUsage().heapUsed / 2 ** 20) }));
