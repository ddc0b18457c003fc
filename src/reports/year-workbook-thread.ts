/**
 * The year workbook's task in a worker thread (year-workbook-file.ts runs it through its pool, from
 * year-workbook-thread.mjs): writes the workbook of `job` to its file (mode 0600: files/private.ts),
 * posting each progress on `port` and then PROGRESS_END, and resolves with the result once the file is closed.
 * @throws what writeYearWorkbook throws (the file is closed first; the caller removes it).
 */
import type { MessagePort } from "node:worker_threads";
import { finished } from "node:stream/promises";
import { privateWriteStream } from "../files/private.ts";
import { writeYearWorkbook, type WorkbookResult } from "./year-workbook.ts";
import { PROGRESS_END, type WorkbookJob } from "./year-workbook-file.ts";

export async function writeWorkbookTask({ job, port }: { job: WorkbookJob; port: MessagePort }): Promise<WorkbookResult> {
  const out = privateWriteStream(job.file);
  try {
    const result = await writeYearWorkbook(job.database, out, { ...job.opts, onProgress: (progress) => port.postMessage(progress) });
    await finished(out);
    return result;
  } catch (e) {
    out.destroy();
    await new Promise<void>((resolve) => (out.closed ? resolve() : out.once("close", () => resolve())));
    throw e;
  } finally {
    // The result travels on piscina's own channel, which may overtake this port's messages: the
    // parent waits for this mark (or the port's closing) so that no progress is lost.
    port.postMessage(PROGRESS_END);
    port.close();
  }
}
