// Entry of the year workbook's worker threads (year-workbook-file.ts's pool loads it). The app runs
// its TypeScript through tsx, whose loader a worker thread does not inherit on Node 20: this file
// is plain JavaScript so that it can register tsx before it loads the TypeScript task.
import { register } from "tsx/esm/api";

register();
const { writeWorkbookTask } = await import("./year-workbook-thread.ts");
export default writeWorkbookTask;
