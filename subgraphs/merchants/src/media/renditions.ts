import sharp from 'sharp';
import type { UserError } from '@alliance/runtime/domain-error';
import type { StoredImage } from './image.js';
import type { ObjectStorage } from './object-storage.js';
import { decodedImageProblems, MAX_INPUT_PIXELS, renditionKey, renditionWidths } from './image.rules.js';

const WEBP_QUALITY = 75;

export interface Rendition {
  width: number;
  height: number;
  data: Buffer;
}

/**
 * Checks what the bytes are (the decoder decides, not the declared type) and makes the WebP
 * renditions: turned upright by the EXIF orientation first, never enlarged, and with no metadata
 * (sharp writes none, EXIF and GPS included, unless asked to keep it).
 */
export async function makeRenditions(bytes: Buffer, field: string[] = ['uploadId']): Promise<{ renditions: Rendition[] } | { error: UserError }> {
  const meta = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS })
    .metadata()
    .catch(() => null);
  const problem = decodedImageProblems(meta, field)[0];
  if (problem) return { error: problem };
  // A quarter turn swaps the sides: the widths are of the upright photo.
  const upright = (meta!.orientation ?? 1) >= 5 ? meta!.height! : meta!.width!;
  try {
    const renditions = await Promise.all(
      renditionWidths(upright).map(async (width) => {
        const { data, info } = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS })
          .rotate()
          .resize({ width, withoutEnlargement: true })
          // 75, cwebp's own default: on a phone photo a quarter fewer bytes than sharp's 80, which a
          // storefront on a slow link pays for on every card (measured in `npm run bench`).
          .webp({ quality: WEBP_QUALITY })
          .toBuffer({ resolveWithObject: true });
        return { width: info.width, height: info.height, data };
      }),
    );
    return { renditions };
  } catch {
    // A file whose header decodes but whose body does not (truncated, corrupt).
    return { error: { code: 'UNSUPPORTED_TYPE', message: 'The photo could not be read: it may be damaged', field } };
  }
}

/**
 * Makes and stores the renditions of a photo under `prefix` (public: read by browsers, cached for
 * ever since the keys never change). What product photos and licence photos both use.
 */
export async function storeRenditions(storage: ObjectStorage, bytes: Buffer, prefix: string, imageId: string, field?: string[]): Promise<{ image: StoredImage } | { error: UserError }> {
  const made = await makeRenditions(bytes, field);
  if ('error' in made) return made;
  const renditions = await Promise.all(
    made.renditions.map(async (r) => {
      const key = renditionKey(prefix, imageId, r.width);
      await storage.put(key, r.data, 'image/webp');
      return { key, width: r.width, height: r.height };
    }),
  );
  return { image: { id: imageId, renditions } };
}
