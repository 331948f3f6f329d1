/**
 * How the storefront loads product photos. The `sizes` follow the card grid of globals.css (2 columns
 * on phones with 8 px gaps and padding, 3 from 600 px, 4 from 768 px inside 24 px padding, 5 from
 * 1024 px, the page at most 1200 px wide), so the browser picks the smallest rendition that fills a card.
 */

export const CARD_SIZES = '(min-width: 1248px) 221px, (min-width: 1024px) calc(20vw - 20px), (min-width: 768px) calc(25vw - 21px), (min-width: 600px) calc(33vw - 11px), calc(50vw - 12px)';

/** The product page's photo: the page's width on phones, 360 px beside the details from 768 px. */
export const DETAIL_SIZES = '(min-width: 768px) 360px, calc(100vw - 24px)';

export type PhotoLoading = 'high' | 'eager' | 'lazy';

/**
 * The first card is the storefront's LCP candidate: fetched first. The first four (a phone's first
 * screen, the first row from 600 to 1023 px) load at once; later cards only as they near the viewport.
 */
export function cardPhotoLoading(position: number | undefined): PhotoLoading {
  if (position === undefined) return 'lazy';
  return position === 0 ? 'high' : position < 4 ? 'eager' : 'lazy';
}
