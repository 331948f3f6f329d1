import type { UserError } from '@alliance/runtime/domain-error';

/**
 * What may be uploaded, and the checks an upload passes when it is asked for and again when it is
 * used. Plain rules: no storage, no database.
 */
export type UploadPurpose = 'PRODUCT_IMAGE' | 'PRODUCT_IMPORT' | 'LICENCE_IMAGE';

/** 10 MB: a phone photo is 2–5 MB; a 2,000-row sheet is well under 1 MB. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
/** How long a presigned PUT may be used. */
export const UPLOAD_PUT_SECONDS = 15 * 60;

export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export const SHEET_TYPES = ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv'] as const;

export const contentTypesFor = (purpose: UploadPurpose): readonly string[] => (purpose === 'PRODUCT_IMPORT' ? SHEET_TYPES : IMAGE_TYPES);

/** The declared type and size, before anything is stored: a presigned PUT then enforces exactly these. */
export function uploadProblems(purpose: UploadPurpose, contentType: string, bytes: number): UserError[] {
  const problems: UserError[] = [];
  const allowed = contentTypesFor(purpose);
  if (!allowed.includes(contentType)) {
    problems.push({ code: 'UNSUPPORTED_TYPE', message: `The file must be one of ${allowed.join(', ')}`, field: ['contentType'] });
  }
  problems.push(...sizeProblems(bytes));
  return problems;
}

/** Size alone: asked for when an upload is created, and checked again on what storage really holds. */
export function sizeProblems(bytes: number): UserError[] {
  if (!Number.isSafeInteger(bytes) || bytes < 1) return [{ code: 'INVALID_SIZE', message: 'The file size must be a whole number of bytes, at least 1', field: ['bytes'] }];
  if (bytes > MAX_UPLOAD_BYTES) return [{ code: 'TOO_LARGE', message: `The file must be at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`, field: ['bytes'] }];
  return [];
}

/** Raw uploads live outside `public/`: only a signature reads them. */
export const uploadKey = (allianceId: string, uploadId: string) => `uploads/${allianceId}/${uploadId}`;

/** What an upload was made for, kept in its record and compared when it is used. */
export interface UploadIntent {
  purpose: UploadPurpose;
  merchantId: string | null;
  productId: string | null;
  createdBy: string;
}

/** What the caller who uses an upload expects of it. */
export interface UploadUse {
  purpose: UploadPurpose;
  subject: string;
  /** The shop it must be for (an import, a product photo); left out: any. */
  merchantId?: string;
  /** The product it must be for, when it was asked for one (createImageUpload). */
  productId?: string;
}

/**
 * An upload is used only as it was asked for: the same purpose, by whoever asked for it, for the same
 * shop and (when it named one) the same product. Anything else reads as "no such upload", so ids of
 * others' uploads tell nothing.
 */
export function useProblems(upload: UploadIntent | null, use: UploadUse, field: string[]): UserError[] {
  const missing: UserError = { code: 'UPLOAD_NOT_FOUND', message: 'No such upload: upload the file again', field };
  if (!upload || upload.createdBy !== use.subject) return [missing];
  if (upload.purpose !== use.purpose) return [{ code: 'WRONG_UPLOAD', message: `This upload is a ${upload.purpose}, not a ${use.purpose}`, field }];
  if (use.merchantId !== undefined && upload.merchantId !== null && upload.merchantId !== use.merchantId) {
    return [{ code: 'WRONG_UPLOAD', message: 'This upload was made for another shop', field }];
  }
  if (use.productId !== undefined && upload.productId !== null && upload.productId !== use.productId) {
    return [{ code: 'WRONG_UPLOAD', message: 'This upload was made for another product', field }];
  }
  return [];
}
