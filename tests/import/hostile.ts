/**
 * Hostile import files, generated small in the tests (no binaries committed): a minimal ZIP
 * writer (stored CRC, sizes as declared, so a part may lie about its size), a sparse workbook
 * (one cell per row in the last column, XFD), a zip bomb (a part that inflates to gigabytes from
 * a few MB of repeated deflate blocks), an .ods and an OLE2 (.xls) header, and a large CSV.
 */
import { crc32, deflateRawSync, constants } from "node:zlib";

export interface ZipPart {
  name: string;
  /** Raw deflate bytes, or the plain bytes when `stored`. */
  data: Buffer;
  stored?: boolean;
  /** What the headers claim; the real inflated size by default. */
  uncompressedSize?: number;
  crc?: number;
}

/** The part as deflate, with its true size and CRC. */
export function deflated(name: string, text: string | Buffer): ZipPart {
  const plain = typeof text === "string" ? Buffer.from(text, "utf8") : text;
  return { name, data: deflateRawSync(plain), uncompressedSize: plain.length, crc: crc32(plain) };
}

export function stored(name: string, text: string): ZipPart {
  const plain = Buffer.from(text, "utf8");
  return { name, data: plain, stored: true, uncompressedSize: plain.length, crc: crc32(plain) };
}

/** A ZIP archive of the parts, in order (no data descriptors, no ZIP64). */
export function zip(parts: ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name, "utf8");
    const size = p.uncompressedSize ?? p.data.length;
    const method = p.stored ? 0 : 8;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(p.crc ?? 0, 14);
    local.writeUInt32LE(p.data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, p.data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(p.crc ?? 0, 16);
    central.writeUInt32LE(p.data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + p.data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const WORKBOOK = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`;
const RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`;
const TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>`;

/** A workbook whose first sheet is `sheetXml` (other parts minimal). */
export function workbookWith(sheet: ZipPart): Buffer {
  return zip([deflated("[Content_Types].xml", TYPES), deflated("xl/workbook.xml", WORKBOOK), deflated("xl/_rels/workbook.xml.rels", RELS), sheet]);
}

/** `rows` rows, each one number cell in column XFD (the last): a few hundred KB zipped. */
export function sparseWorkbook(rows = 60_000): Buffer {
  const parts: string[] = [`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:XFD${rows}"/><sheetData>`];
  for (let r = 1; r <= rows; r++) parts.push(`<row r="${r}"><c r="XFD${r}"><v>${r}</v></c></row>`);
  parts.push("</sheetData></worksheet>");
  return workbookWith(deflated("xl/worksheets/sheet1.xml", parts.join("")));
}

/**
 * A sheet part inflating to `gigabytes` GB of blanks after a valid opening, from repeated
 * sync-flushed deflate blocks (each 16 MB inflated). `claim` "honest" states the real size
 * (capped at 4 GB - 1, the ZIP32 field), "small" claims 1 KB (a lying header).
 */
export function zipBomb(gigabytes = 2, claim: "honest" | "small" = "honest"): Buffer {
  const head = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`);
  const block = Buffer.alloc(16 * 1024 * 1024, 0x20);
  const headZ = deflateRawSync(head, { finishFlush: constants.Z_SYNC_FLUSH });
  const blockZ = deflateRawSync(block, { finishFlush: constants.Z_SYNC_FLUSH });
  const n = gigabytes * 64;
  const data = Buffer.concat([headZ, ...Array.from({ length: n }, () => blockZ), deflateRawSync(Buffer.alloc(0))]);
  const real = head.length + n * block.length;
  return workbookWith({ name: "xl/worksheets/sheet1.xml", data, uncompressedSize: claim === "honest" ? Math.min(real, 0xffffffff) : 1024 });
}

/** An OpenDocument spreadsheet's outer shape: a ZIP whose first part `mimetype` says so. */
export function odsFile(): Buffer {
  return zip([stored("mimetype", "application/vnd.oasis.opendocument.spreadsheet"), deflated("content.xml", "<office:document-content/>")]);
}

/** The first bytes of an OLE2 compound file (an old .xls), padded. */
export function oleXls(): Buffer {
  const b = Buffer.alloc(4096);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(b);
  return b;
}

/** A CSV of `bytes` bytes of short lines after the header line (millions of rows). */
export function bigCsv(header: string, bytes = 30 * 1024 * 1024): Buffer {
  const line = "a,b\n";
  return Buffer.concat([Buffer.from(header + "\n"), Buffer.alloc(bytes - header.length - 1, line)]);
}
