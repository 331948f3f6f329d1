import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideAttach, decodedImageProblems, imageListProjection, imageView, MAX_PRODUCT_IMAGES, productImagePrefix, renditionKey, renditionWidths, type ImageList } from './image.rules.js';

const img = (id: string) => ({ id, renditions: [200, 400].map((w) => ({ key: `k/${id}-${w}`, width: w, height: w / 2 })) });

test('renditions at 200, 400 and 800 px, never enlarged', () => {
  assert.deepEqual(renditionWidths(4032), [200, 400, 800]);
  assert.deepEqual(renditionWidths(800), [200, 400, 800]);
  assert.deepEqual(renditionWidths(500), [200, 400, 500]);
  assert.deepEqual(renditionWidths(400), [200, 400]);
  assert.deepEqual(renditionWidths(150), [150]);
});

test('only bytes that decode as JPEG, PNG or WebP within 40 megapixels are photos', () => {
  const f = ['uploadId'];
  assert.deepEqual(decodedImageProblems({ format: 'jpeg', width: 4032, height: 3024 }, f), []);
  assert.deepEqual(decodedImageProblems({ format: 'webp', width: 10, height: 10 }, f), []);
  for (const bad of [null, {}, { format: 'gif', width: 1, height: 1 }, { format: 'svg', width: 1, height: 1 }, { format: 'heif', width: 1, height: 1 }, { format: 'png' }]) {
    assert.deepEqual(decodedImageProblems(bad, f).map((e) => e.code), ['UNSUPPORTED_TYPE'], JSON.stringify(bad));
  }
  assert.deepEqual(decodedImageProblems({ format: 'png', width: 20_000, height: 20_000 }, f).map((e) => e.code), ['TOO_MANY_PIXELS']);
});

test("a product's photos are a list folded from attach and remove facts; an attach is made once", () => {
  let s: ImageList = imageListProjection.initial;
  s = imageListProjection.evolve(s, { kind: 'attached', image: img('a') });
  s = imageListProjection.evolve(s, { kind: 'attached', image: img('b') });
  s = imageListProjection.evolve(s, { kind: 'attached', image: img('a') });
  assert.deepEqual(s.images.map((i) => i.id), ['a', 'b']);
  assert.equal(decideAttach(s, img('a')), null, 'already there');
  assert.deepEqual(decideAttach(s, img('c')), { kind: 'attached', image: img('c') });
  s = imageListProjection.evolve(s, { kind: 'removed', imageId: 'a' });
  assert.deepEqual(s.images.map((i) => i.id), ['b']);
  const full = { images: Array.from({ length: MAX_PRODUCT_IMAGES }, (_, i) => img(`i${i}`)) };
  assert.equal(MAX_PRODUCT_IMAGES, 9);
  assert.deepEqual((decideAttach(full, img('x')) as { code: string }).code, 'TOO_MANY_IMAGES');
  assert.equal(decideAttach(full, img('i3')), null, 'a retry of one already there is not refused');
});

test('keys are under public/<alliance>/products/<product>; views make URLs and a srcset smallest first', () => {
  assert.equal(renditionKey(productImagePrefix('demo', 'p-1'), 'u1', 400), 'public/demo/products/p-1/u1-400.webp');
  const v = imageView(img('a'), (key) => `https://cdn.example/${key}`);
  assert.deepEqual(v, {
    id: 'a',
    url: 'https://cdn.example/k/a-400',
    width: 400,
    height: 200,
    srcset: 'https://cdn.example/k/a-200 200w, https://cdn.example/k/a-400 400w',
    renditions: [
      { url: 'https://cdn.example/k/a-200', width: 200, height: 100 },
      { url: 'https://cdn.example/k/a-400', width: 400, height: 200 },
    ],
  });
});
