import { test } from 'node:test';
import assert from 'node:assert/strict';
import { XLSX_TYPE, contentTypeOf, parseUploadStep, settableHeaders } from './direct-upload';

test('only well-formed steps reach the gateway', () => {
  assert.deepEqual(parseUploadStep({ op: 'start-image', targetId: 'p-1', contentType: 'image/jpeg', bytes: 1234 }), { op: 'start-image', targetId: 'p-1', contentType: 'image/jpeg', bytes: 1234 });
  assert.deepEqual(parseUploadStep({ op: 'finish-sheet', targetId: 'm-fruit', uploadId: 'u_1' }), { op: 'finish-sheet', targetId: 'm-fruit', uploadId: 'u_1' });
  assert.equal(parseUploadStep({ op: 'start-image', targetId: 'p-1', contentType: 'image/jpeg', bytes: 1.5 }), null);
  assert.equal(parseUploadStep({ op: 'finish-image', targetId: 'p 1', uploadId: 'u' }), null);
  assert.equal(parseUploadStep({ op: 'delete', targetId: 'p-1' }), null);
  assert.equal(parseUploadStep('x'), null);
});

test('the signed type: sheets by extension, photos by the browser’s word or their extension', () => {
  assert.equal(contentTypeOf('sheet', { name: '商品.CSV', type: 'application/vnd.ms-excel' }), 'text/csv');
  assert.equal(contentTypeOf('sheet', { name: 'a.xlsx', type: '' }), XLSX_TYPE);
  assert.equal(contentTypeOf('image', { name: 'IMG_1.HEIC', type: 'image/heic' }), 'image/heic', 'refused by the subgraph, not guessed away');
  assert.equal(contentTypeOf('image', { name: 'x.JPG', type: '' }), 'image/jpeg');
});

test('the browser sets the body length itself', () => {
  assert.deepEqual(settableHeaders([{ name: 'Content-Type', value: 'image/jpeg' }, { name: 'content-length', value: '12' }]), [{ name: 'Content-Type', value: 'image/jpeg' }]);
});
