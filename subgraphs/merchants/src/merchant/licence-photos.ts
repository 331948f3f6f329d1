import type { UserError } from '@alliance/runtime/domain-error';
import type { StoredImage } from '../media/image.js';
import type { ObjectStorage } from '../media/object-storage.js';
import { storeRenditions } from '../media/renditions.js';
import type { UploadService } from '../media/upload.service.js';

/**
 * A licence photo from a LICENCE_IMAGE upload: its renditions made and stored; `discard` removes the
 * original once the shop is onboarded (not before: a refused onboarding is retried with the same upload).
 */
export type LicencePhotos = (merchantId: string, uploadId: string, field: string[]) => Promise<{ image: StoredImage; discard: () => Promise<void> } | { error: UserError }>;

/**
 * Public renditions (电子商务法 Art. 15: the licence is shown on the shop's page), made like product
 * photos by the media module; the raw upload may carry the photographer's position, so it goes.
 */
export function licencePhotos(allianceId: string, uploads: Pick<UploadService, 'consume' | 'discard'>, storage: ObjectStorage): LicencePhotos {
  return async (merchantId, uploadId, field) => {
    const consumed = await uploads.consume(uploadId, 'LICENCE_IMAGE', { field });
    if ('error' in consumed) return consumed;
    const stored = await storeRenditions(storage, consumed.bytes, `public/${allianceId}/merchants/${merchantId}/licences`, uploadId, field);
    if ('error' in stored) return stored;
    return { image: stored.image, discard: () => uploads.discard(consumed.upload) };
  };
}
