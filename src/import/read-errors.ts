/**
 * The errors of reading an import file (src/import/read.ts and its readers): `ReadError` carries
 * the Chinese message shown on the page or printed by `ledger import`; `ImportAborted` means the
 * caller gave up (the client went away) and nothing is to be shown.
 */
export class ReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ReadError";
  }
}

export class ImportAborted extends Error {
  constructor() {
    super("import aborted: the client went away");
    this.name = "ImportAborted";
  }
}

/** The start of every "too big or hostile" message (issue 11 item 1). */
export const TOO_BIG = "文件过大或格式异常";

/** The message for a file too large in cells or rows. */
export const tooManyRows = (max: number) => `一次最多导入 ${max} 行，请拆分文件`;

/** Throws ImportAborted when the signal fired. */
export function checkAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new ImportAborted();
}
