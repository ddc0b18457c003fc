/**
 * The attachment a writing may carry (issue 18 item 2: "kept with the record, size-limited"; only
 * documents and images). Its type is decided from its CONTENT by `file-type` (magic numbers), never
 * from the name or the browser's claim: a renamed executable is refused. Accepted: PDF, Word,
 * Excel, PowerPoint (OOXML and the older OLE files), OpenDocument text/sheet/presentation, RTF,
 * JPEG, PNG, GIF, WebP, BMP, TIFF, HEIC; and plain text (no magic number: accepted only when named
 * .txt and the bytes are UTF-8 without control characters). At most MAX_ATTACHMENT_BYTES.
 */
import { fileTypeFromBuffer } from "file-type";
import { DomainError } from "../../core/errors.ts";

export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;

/** MIME types (as file-type names them) accepted, with the extension stored files get. */
const ACCEPTED: Record<string, string> = {
  "application/pdf": "pdf",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
  "application/x-cfb": "doc", // Word/Excel/PowerPoint 97-2003 (OLE compound file)
  "application/msword": "doc",
  "application/vnd.ms-excel": "xls",
  "application/vnd.ms-powerpoint": "ppt",
  "application/vnd.oasis.opendocument.text": "odt",
  "application/vnd.oasis.opendocument.spreadsheet": "ods",
  "application/vnd.oasis.opendocument.presentation": "odp",
  "application/rtf": "rtf",
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/gif": "gif",
  "image/webp": "webp",
  "image/bmp": "bmp",
  "image/tiff": "tif",
  "image/heic": "heic",
};

export interface Attachment {
  name: string;
  type: string;
  size: number;
  data: Uint8Array<ArrayBuffer>;
}

function isPlainText(bytes: Uint8Array): boolean {
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    // eslint-disable-next-line no-control-regex
    return !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(text);
  } catch {
    return false;
  }
}

/** A file name kept for download: path parts, control characters and quotes removed, at most 100 characters. */
export function cleanFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const base = name.split(/[\\/]/).pop()!.replace(/[\u0000-\u001F\u007F"<>|:*?]/g, "").trim();
  return (base || "附件").slice(-100);
}

/**
 * The checked attachment, or DomainError("attachment", Chinese message) when it is empty, too
 * large or not a document or image by its content.
 */
export async function checkAttachment(name: string, bytes: Uint8Array): Promise<Attachment> {
  if (bytes.length === 0) throw new DomainError("attachment", "附件是空文件");
  if (bytes.length > MAX_ATTACHMENT_BYTES) throw new DomainError("attachment", `附件不能超过 ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`);
  const fileName = cleanFileName(name);
  const found = await fileTypeFromBuffer(bytes);
  let type: string | null = found && ACCEPTED[found.mime] ? found.mime : null;
  if (!found && /\.txt$/i.test(fileName) && isPlainText(bytes)) type = "text/plain";
  if (!type) throw new DomainError("attachment", "附件只能是文档（PDF、Word、Excel、PPT、WPS 另存的 Office 文件、纯文本）或图片（JPG、PNG 等），按文件内容识别");
  return { name: fileName, type, size: bytes.length, data: new Uint8Array(bytes) as Uint8Array<ArrayBuffer> };
}
