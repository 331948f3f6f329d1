/**
 * How the storefront loads product photos. The `sizes` follow the card grid of globals.css (2 columns
 * on phones with 8 px gaps and padding, 3 from 600 px, 4 from 768 px inside 24 px padding, 5 from
 * 1024 px, the page at most 1200 px wide), so the browser picks the smallest rendition that fills a card.
 */

export const CARD_SIZES = '(min-width: 1248px) 221px, (min-width: 1024px) calc(20vw - 20px), (min-width: 768px) calc(25vw - 21px), (min-width: 600px) calc(33vw - 11px), calc(50vw - 12px)';

/** The product page's photo: the page's width on phones, 360 px beside the details from 768 px. */
export const DETAIL_SIZES = '(min-width: 768px) 360px, calc(100vw - 24px)';

export type PhotoLoading = 'high' | 'eager' | 'lazy';

/** The widest rendition a card may use. */
export const CARD_MAX_WIDTH = 400;

/**
 * A card's srcset: the renditions up to 400 px. A phone card is about 183 CSS px, which at a DPR of 3
 * would take the 800 px rendition (about 5× the bytes of the 400 px one); 400 px is still 2.2 device
 * pixels per CSS pixel, sharp on a phone, and the storefront's first screen then costs a fifth of the
 * image bytes (measured in `npm run bench`). The product page keeps every size.
 */
export function cardSrcset(srcset: string): string {
  const kept = srcset
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => {
      const w = /\s(\d+)w$/.exec(entry);
      return !w || Number(w[1]) <= CARD_MAX_WIDTH;
    });
  return kept.length ? kept.join(', ') : srcset;
}

/**
 * The first card is the storefront's LCP candidate: fetched first, and the second (the rest of a
 * phone's first row) at once; later cards as they near the viewport, so on a slow link they do not
 * compete with the first for bandwidth.
 */
export function cardPhotoLoading(position: number | undefined): PhotoLoading {
  if (position === undefined) return 'lazy';
  return position === 0 ? 'high' : position < 2 ? 'eager' : 'lazy';
}
