/**
 * Bounded reading of a ZIP held in memory (an uploaded .xlsx), with yauzl: the central directory
 * is read first and every part's declared (uncompressed) size checked against the limits BEFORE
 * anything is inflated; then a part is inflated as a stream that fails as soon as it yields more
 * bytes than declared (yauzl's size validation, so a lying header cannot inflate past its claim)
 * or more than the part's limit, or when the caller's AbortSignal fires.
 * Errors: `ReadError` (Chinese message) for a damaged, oversized or hostile archive;
 * `ImportAborted` when the signal fires.
 */
import { Transform, type Readable } from "node:stream";
import yauzl from "yauzl";
import { ImportAborted, ReadError, TOO_BIG } from "./read-errors.ts";

/** At most this many parts: a workbook has a few dozen; thousands mean a crafted file. */
export const MAX_ZIP_ENTRIES = 2_000;
/** The most bytes one part may inflate to (a 200,000-row sheet is about 120 MB of XML). */
export const MAX_PART_BYTES = 256 * 1024 * 1024;
/** The most bytes all parts together may declare. */
export const MAX_TOTAL_BYTES = 512 * 1024 * 1024;

export interface BoundedZip {
  /** Part names → declared uncompressed size in bytes. */
  sizes: Map<string, number>;
  /** Inflates one part as a stream bounded by `limit` bytes (and by its declared size). */
  open(name: string, limit?: number): Promise<Readable>;
  /** The whole (small) part as UTF-8 text, at most `limit` bytes. */
  text(name: string, limit: number): Promise<string>;
}

const broken = () => new ReadError("无法读取该 .xlsx 文件（可能已损坏或加密），请重新保存后上传");

/** Opens `buf` as a ZIP and checks the declared sizes. Throws ReadError. */
export async function openBoundedZip(buf: Buffer, signal?: AbortSignal): Promise<BoundedZip> {
  const zipfile = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(buf, { lazyEntries: true, autoClose: false, validateEntrySizes: true }, (err, z) => (err ? reject(broken()) : resolve(z))),
  );
  if (zipfile.entryCount > MAX_ZIP_ENTRIES) throw new ReadError(`${TOO_BIG}：压缩包内有 ${zipfile.entryCount} 个部件，请重新保存为普通的 .xlsx 后上传`);
  const entries = new Map<string, yauzl.Entry>();
  let total = 0;
  await new Promise<void>((resolve, reject) => {
    zipfile.on("entry", (e: yauzl.Entry) => {
      if (e.uncompressedSize > MAX_PART_BYTES) return reject(new ReadError(`${TOO_BIG}：文件中的「${e.fileName.slice(0, 60)}」解压后超过 ${MAX_PART_BYTES >> 20} MB，请拆分文件或删除多余内容`));
      total += e.uncompressedSize;
      if (total > MAX_TOTAL_BYTES) return reject(new ReadError(`${TOO_BIG}：解压后超过 ${MAX_TOTAL_BYTES >> 20} MB，请拆分文件`));
      entries.set(e.fileName, e);
      zipfile.readEntry();
    });
    zipfile.on("end", () => resolve());
    zipfile.on("error", () => reject(broken()));
    zipfile.readEntry();
  });

  async function open(name: string, limit = MAX_PART_BYTES): Promise<Readable> {
    const entry = entries.get(name);
    if (!entry) throw broken();
    if (entry.isEncrypted()) throw broken();
    const raw = await new Promise<Readable>((resolve, reject) => zipfile.openReadStream(entry, (err, s) => (err ? reject(broken()) : resolve(s))));
    let seen = 0;
    const bounded = new Transform({
      transform(chunk: Buffer, _enc, done) {
        seen += chunk.length;
        if (signal?.aborted) return done(new ImportAborted());
        if (seen > limit) return done(new ReadError(`${TOO_BIG}：文件中的「${name.slice(0, 60)}」解压后超过 ${limit >> 20} MB`));
        done(null, chunk);
      },
    });
    // yauzl's own errors (more bytes than declared, a bad deflate stream) end the read as "damaged".
    raw.on("error", (e) => bounded.destroy(e instanceof ReadError ? e : sizeOrBroken(e)));
    bounded.on("error", () => raw.destroy());
    bounded.on("close", () => raw.destroy());
    return raw.pipe(bounded);
  }

  async function text(name: string, limit: number): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const c of await open(name, limit)) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString("utf8");
  }

  return { sizes: new Map([...entries].map(([k, e]) => [k, e.uncompressedSize])), open, text };
}

/** yauzl says "too many bytes in the stream" when a part inflates past its declared size. */
function sizeOrBroken(e: Error): ReadError {
  if (/too many bytes|too few bytes/i.test(e.message)) return new ReadError(`${TOO_BIG}：文件中某个部件的实际大小与声明不符，请重新保存后上传`);
  return broken();
}
