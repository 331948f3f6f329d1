import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cardPhotoPlan, cardSrcset } from './product-image';

test('a card uses the renditions up to 400 px; a srcset without any keeps what it has', () => {
  assert.equal(cardSrcset('https://m/a-200.webp 200w, https://m/a-400.webp 400w, https://m/a-800.webp 800w'), 'https://m/a-200.webp 200w, https://m/a-400.webp 400w');
  assert.equal(cardSrcset('https://m/a-800.webp 800w'), 'https://m/a-800.webp 800w');
});

test('the first card is in the HTML and fetched first; the others come after hydration, the rest of the first row at once, later ones lazily', () => {
  assert.deepEqual(
    [0, 1, 2, 5, undefined].map(cardPhotoPlan),
    [
      { loading: 'high', deferred: false },
      { loading: 'eager', deferred: true },
      { loading: 'lazy', deferred: true },
      { loading: 'lazy', deferred: true },
      { loading: 'lazy', deferred: true },
    ],
  );
});
