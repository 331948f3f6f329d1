import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cardPhotoLoading, cardSrcset } from './product-image';

test('a card uses the renditions up to 400 px; a srcset without any keeps what it has', () => {
  assert.equal(cardSrcset('https://m/a-200.webp 200w, https://m/a-400.webp 400w, https://m/a-800.webp 800w'), 'https://m/a-200.webp 200w, https://m/a-400.webp 400w');
  assert.equal(cardSrcset('https://m/a-800.webp 800w'), 'https://m/a-800.webp 800w');
});

test('the first card is fetched first, the rest of the first row at once, later ones lazily', () => {
  assert.deepEqual([0, 1, 2, 5, undefined].map(cardPhotoLoading), ['high', 'eager', 'lazy', 'lazy', 'lazy']);
});
