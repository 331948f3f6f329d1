import type { UserError } from '@alliance/runtime/domain-error';
import type { StoredImage } from './image.js';

/** The widths the storefront asks for: a card on a phone, a card on a wide screen, the product page. */
export const RENDITION_WIDTHS = [200, 400, 800] as const;
/** A 12 MP phone photo is 12 million; 40 million stops decompression bombs long before memory does. */
export const MAX_INPUT_PIXELS = 40_000_000;
/** What a product page shows in its gallery; more slows the page for no sale. */
export const MAX_PRODUCT_IMAGES = 9;

const DECODED_FORMATS = ['jpeg', 'png', 'webp'];

/**
 * The widths to make for a photo `width` px wide: each target, never enlarged, so a small photo gets
 * fewer (a 500 px photo: 200, 400, 500; a 150 px one: 150).
 */
export function renditionWidths(width: number): number[] {
  return [...new Set(RENDITION_WIDTHS.map((w) => Math.min(w, width)))];
}

/**
 * What the bytes really are, whatever type the upload declared: a presigned PUT signs the declared
 * type, not the content. `format` is the decoder's name for it (undefined: nothing could decode it).
 */
export function decodedImageProblems(decoded: { format?: string; width?: number; height?: number } | null, field: string[]): UserError[] {
  if (!decoded?.format || !DECODED_FORMATS.includes(decoded.format) || !decoded.width || !decoded.height) {
    return [{ code: 'UNSUPPORTED_TYPE', message: 'The file is not a JPEG, PNG or WebP photo', field }];
  }
  if (decoded.width * decoded.height > MAX_INPUT_PIXELS) {
    return [{ code: 'TOO_MANY_PIXELS', message: `The photo must be at most ${MAX_INPUT_PIXELS / 1_000_000} megapixels`, field }];
  }
  return [];
}

/** A public rendition's key: content-addressed by the image id, so it may be cached for ever. */
export const renditionKey = (prefix: string, imageId: string, width: number) => `${prefix}/${imageId}-${width}.webp`;
export const productImagePrefix = (allianceId: string, productId: string) => `public/${allianceId}/products/${productId}`;

/** A product's photos as a stream of facts; its state is the list, in the shop's order. */
export type ImageFact = { kind: 'attached'; image: StoredImage } | { kind: 'removed'; imageId: string };

export interface ImageList {
  images: StoredImage[];
}

export const imageListProjection = {
  initial: { images: [] } as ImageList,
  evolve(state: ImageList, fact: ImageFact): ImageList {
    if (fact.kind === 'attached') return state.images.some((i) => i.id === fact.image.id) ? state : { images: [...state.images, fact.image] };
    return { images: state.images.filter((i) => i.id !== fact.imageId) };
  },
};

/** The next fact for an attach: null when the photo is there already (an attach is made once). */
export function decideAttach(state: ImageList, image: StoredImage): ImageFact | UserError | null {
  if (state.images.some((i) => i.id === image.id)) return null;
  if (state.images.length >= MAX_PRODUCT_IMAGES) return { code: 'TOO_MANY_IMAGES', message: `A product has at most ${MAX_PRODUCT_IMAGES} photos: remove one first`, field: ['productId'] };
  return { kind: 'attached', image };
}

export interface ImageView {
  id: string;
  url: string;
  width: number;
  height: number;
  srcset: string;
  renditions: { url: string; width: number; height: number }[];
}

/** What a client sees of a stored photo: URLs made now from the keys; the largest rendition is the fallback. */
export function imageView(image: StoredImage, publicUrl: (key: string) => string): ImageView {
  const renditions = image.renditions.map((r) => ({ url: publicUrl(r.key), width: r.width, height: r.height }));
  const largest = renditions.at(-1)!;
  return { id: image.id, url: largest.url, width: largest.width, height: largest.height, srcset: renditions.map((r) => `${r.url} ${r.width}w`).join(', '), renditions };
}
