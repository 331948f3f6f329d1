/**
 * The browser's half of a one-step upload (client-safe: no server imports), for a form field that only
 * needs the upload's id (a licence photo at onboarding): a portal route asks the gateway for a presigned
 * PUT with the session's token, then the browser sends the bytes straight to object storage with the
 * signed headers, never through the portal or the gateway. The type, size and header rules are
 * direct-upload.ts's, shared with the catalogue's uploads.
 */
import { IMAGE_TYPES, MAX_UPLOAD_BYTES, contentTypeOf, settableHeaders } from './direct-upload';

export interface PresignedUpload {
  id: string;
  method: string;
  url: string;
  headers: readonly { name: string; value: string }[];
}

/** What a portal upload route answers: the upload, or why not (userErrors, or a gateway error code). */
export interface UploadRouteAnswer {
  upload?: PresignedUpload | null;
  userErrors?: readonly { code: string; message: string }[];
  code?: string;
}

export type UploadOutcome = { ok: true; uploadId: string } | { ok: false; code: string };

/** Refusals the browser can tell before asking (the server checks again, and again when it reads the bytes). */
export function checkImageFile(file: { name: string; type: string; size: number }): string | null {
  if (!(IMAGE_TYPES as readonly string[]).includes(contentTypeOf('image', file))) return 'UNSUPPORTED_TYPE';
  if (file.size <= 0) return 'INVALID_SIZE';
  if (file.size > MAX_UPLOAD_BYTES) return 'TOO_LARGE';
  return null;
}

/** Asks `endpoint` (a same-origin portal route) for a presigned PUT of this image, then PUTs the file to it. */
export async function uploadImage(endpoint: string, file: File): Promise<UploadOutcome> {
  let answer: UploadRouteAnswer;
  try {
    const res = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ contentType: contentTypeOf('image', file), bytes: file.size }),
    });
    answer = (await res.json()) as UploadRouteAnswer;
  } catch {
    return { ok: false, code: 'UNAVAILABLE' };
  }
  const upload = answer.upload;
  if (!upload) return { ok: false, code: answer.userErrors?.[0]?.code ?? answer.code ?? 'UPLOAD_FAILED' };
  try {
    await putToStorage(upload, file);
  } catch {
    return { ok: false, code: 'PUT_FAILED' };
  }
  return { ok: true, uploadId: upload.id };
}

/**
 * PUTs the bytes straight to storage with the signed headers, reporting progress (which fetch cannot
 * yet); rejects with `code: 'PUT_FAILED'` when storage refuses them or cannot be reached.
 */
export function putToStorage(upload: Pick<PresignedUpload, 'url' | 'method' | 'headers'>, file: Blob, progress?: (percent: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const failed = (why: string) => reject(Object.assign(new Error(why), { code: 'PUT_FAILED' }));
    const xhr = new XMLHttpRequest();
    xhr.open(upload.method || 'PUT', upload.url);
    for (const h of settableHeaders(upload.headers)) xhr.setRequestHeader(h.name, h.value);
    if (progress) xhr.upload.onprogress = (e) => e.lengthComputable && progress(Math.round((e.loaded / e.total) * 100));
    xhr.onload = () => (xhr.status >= 200 && xhr.status < 300 ? resolve() : failed(`PUT ${xhr.status}`));
    xhr.onerror = () => failed('PUT failed');
    xhr.send(file);
  });
}
