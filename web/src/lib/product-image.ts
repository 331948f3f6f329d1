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
 * The first card is the storefront's LCP candidate: in the server's HTML, fetched first. On a phone's
 * slow link the five other photos of the first screen would share its bandwidth (measured in
 * `npm run bench`: 1.7 s instead of 1.3 s), so every other card's photo is put in by the browser once the
 * page has hydrated, by which time the first has arrived: the rest of the first row at once, later cards
 * lazily. Until then a card shows its tile, in the same square box (no layout shift).
 */
export interface CardPhotoPlan {
  loading: PhotoLoading;
  /** Put in after hydration rather than in the server's HTML. */
  deferred: boolean;
}

export function cardPhotoPlan(position: number | undefined): CardPhotoPlan {
  if (position === 0) return { loading: 'high', deferred: false };
  return { loading: position === 1 ? 'eager' : 'lazy', deferred: true };
}
