/**
 * What the browser and the portal say to each other around a direct upload (a photo of a product, a
 * product sheet of a shop): the steps posted to /merchant/products/upload, the file's type as the
 * storage signature must name it, and which of the signed headers the browser may set itself. Pure and
 * browser-safe (the client component imports it); unit-tested in direct-upload.test.ts.
 */

export type UploadKind = 'image' | 'sheet';

export type UploadStep =
  | { op: 'start-image' | 'start-sheet'; targetId: string; contentType: string; bytes: number }
  | { op: 'finish-image' | 'finish-sheet'; targetId: string; uploadId: string };

/** The subgraph's limit (10 MB); checked here first so a phone does not send 30 MB to be refused. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const SHEET_ACCEPT = `.xlsx,.csv,${XLSX_TYPE},text/csv`;

const ID = /^[\w:.-]{1,120}$/;

/** A step from the browser, or null when it is not one. */
export function parseUploadStep(body: unknown): UploadStep | null {
  if (!body || typeof body !== 'object') return null;
  const b = body as Record<string, unknown>;
  if (typeof b.targetId !== 'string' || !ID.test(b.targetId)) return null;
  if (b.op === 'start-image' || b.op === 'start-sheet') {
    if (typeof b.contentType !== 'string' || b.contentType.length > 100 || !Number.isSafeInteger(b.bytes)) return null;
    return { op: b.op, targetId: b.targetId, contentType: b.contentType, bytes: b.bytes as number };
  }
  if (b.op === 'finish-image' || b.op === 'finish-sheet') {
    if (typeof b.uploadId !== 'string' || !ID.test(b.uploadId)) return null;
    return { op: b.op, targetId: b.targetId, uploadId: b.uploadId };
  }
  return null;
}

/**
 * The type to sign for a chosen file. Sheets by their extension (Windows calls a .csv
 * application/vnd.ms-excel, some phones say nothing); photos by what the browser says, or their
 * extension when it says nothing. The subgraph refuses any other type (UNSUPPORTED_TYPE), and checks
 * a photo's bytes again at attach.
 */
export function contentTypeOf(kind: UploadKind, file: { name: string; type: string }): string {
  const ext = /\.([a-z0-9]+)$/i.exec(file.name)?.[1]?.toLowerCase() ?? '';
  if (kind === 'sheet') return ext === 'csv' ? 'text/csv' : ext === 'xlsx' ? XLSX_TYPE : file.type;
  if (file.type) return file.type;
  return ({ jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' } as Record<string, string>)[ext] ?? '';
}

/** Headers a page's script may not set (the browser sends them itself, e.g. the body's length). */
const FORBIDDEN_HEADERS = new Set(['content-length', 'host', 'connection', 'accept-encoding', 'expect']);

export function settableHeaders(headers: readonly { name: string; value: string }[]): { name: string; value: string }[] {
  return headers.filter((h) => !FORBIDDEN_HEADERS.has(h.name.toLowerCase()));
}
