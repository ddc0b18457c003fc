/**
 * The peak resident set of this process since it started, bytes: the `VmHWM` line of
 * /proc/self/status on Linux, else `process.resourceUsage().maxRSS` (KiB × 1024).
 *
 * Why not maxRSS alone: on Linux, getrusage's maxrss survives exec. A child spawned by Node is
 * forked first, and the fork's copy of the parent's page tables counts as the child's resident
 * set until exec; the kernel folds that high-water mark into the new program's maxrss
 * (fs/exec.c, exec_mmap: setmax_mm_hiwater_rss). A child of a parent holding 520 MB reported a
 * maxRSS of 313 MB while its own resident set never passed 40 MB; VmHWM, the high-water mark of
 * the program's own memory map (worker threads included), said 40. The bench parent holds the
 * county's report by the time the workbook runs, so maxRSS measured the parent, not the export.
 */
import { readFileSync } from "node:fs";

export function peakRssBytes(): number {
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB$/m.exec(readFileSync("/proc/self/status", "utf8"));
    if (m) return Number(m[1]) * 1024;
  } catch {
    // not Linux: fall through
  }
  return process.resourceUsage().maxRSS * 1024;
}

/** getrusage's maxrss, bytes: the figure above's fallback, printed beside it for the record. */
export function rusageMaxRssBytes(): number {
  return process.resourceUsage().maxRSS * 1024;
}
