import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contentTypesFor, MAX_UPLOAD_BYTES, sizeProblems, uploadKey, uploadProblems, useProblems, type UploadIntent } from './upload.rules.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const codes = (errors: { code: string; field?: string[] }[]) => errors.map((e) => `${e.code}@${e.field?.join('.')}`);

test('photos are JPEG, PNG or WebP; sheets are .xlsx or .csv; nothing else for either', () => {
  for (const t of ['image/jpeg', 'image/png', 'image/webp']) {
    assert.deepEqual(uploadProblems('PRODUCT_IMAGE', t, 1000), [], t);
    assert.deepEqual(uploadProblems('LICENCE_IMAGE', t, 1000), [], t);
    assert.deepEqual(codes(uploadProblems('PRODUCT_IMPORT', t, 1000)), ['UNSUPPORTED_TYPE@contentType'], t);
  }
  for (const t of [XLSX, 'text/csv']) {
    assert.deepEqual(uploadProblems('PRODUCT_IMPORT', t, 1000), [], t);
    assert.deepEqual(codes(uploadProblems('PRODUCT_IMAGE', t, 1000)), ['UNSUPPORTED_TYPE@contentType'], t);
  }
  for (const t of ['image/gif', 'image/svg+xml', 'image/heic', 'IMAGE/JPEG', 'image/jpeg; charset=x', '', 'application/octet-stream']) {
    assert.deepEqual(codes(uploadProblems('PRODUCT_IMAGE', t, 1000)), ['UNSUPPORTED_TYPE@contentType'], t);
  }
  assert.deepEqual(contentTypesFor('PRODUCT_IMPORT'), [XLSX, 'text/csv']);
});

test('sizes run from 1 byte to 10 MB, whole numbers only', () => {
  assert.equal(MAX_UPLOAD_BYTES, 10 * 1024 * 1024);
  assert.deepEqual(sizeProblems(1), []);
  assert.deepEqual(sizeProblems(MAX_UPLOAD_BYTES), []);
  assert.deepEqual(codes(sizeProblems(MAX_UPLOAD_BYTES + 1)), ['TOO_LARGE@bytes']);
  for (const b of [0, -1, 1.5, Number.NaN]) assert.deepEqual(codes(sizeProblems(b)), ['INVALID_SIZE@bytes'], String(b));
  assert.deepEqual(codes(uploadProblems('PRODUCT_IMAGE', 'image/gif', 0)), ['UNSUPPORTED_TYPE@contentType', 'INVALID_SIZE@bytes'], 'every problem at once');
});

test('raw uploads live outside public/, one key per upload in its alliance', () => {
  assert.equal(uploadKey('demo', 'u1'), 'uploads/demo/u1');
});

test('an upload is used only as it was asked for: purpose, caller, shop, product', () => {
  const photo: UploadIntent = { purpose: 'PRODUCT_IMAGE', merchantId: 'm-fruit', productId: 'p1', createdBy: 'sub-1' };
  const use = { purpose: 'PRODUCT_IMAGE' as const, subject: 'sub-1', merchantId: 'm-fruit', productId: 'p1' };
  const f = ['uploadId'];
  assert.deepEqual(useProblems(photo, use, f), []);
  assert.deepEqual(codes(useProblems(null, use, f)), ['UPLOAD_NOT_FOUND@uploadId']);
  assert.deepEqual(codes(useProblems(photo, { ...use, subject: 'sub-2' }, f)), ['UPLOAD_NOT_FOUND@uploadId'], "someone else's upload tells nothing");
  assert.deepEqual(codes(useProblems(photo, { ...use, purpose: 'PRODUCT_IMPORT' }, f)), ['WRONG_UPLOAD@uploadId']);
  assert.deepEqual(codes(useProblems(photo, { ...use, merchantId: 'm-bakery' }, f)), ['WRONG_UPLOAD@uploadId']);
  assert.deepEqual(codes(useProblems(photo, { ...use, productId: 'p2' }, f)), ['WRONG_UPLOAD@uploadId']);
  // A photo asked for through createFileUpload names the shop only: any of its products.
  assert.deepEqual(useProblems({ ...photo, productId: null }, { ...use, productId: 'p2' }, f), []);
  // A licence photo for a shop not yet onboarded names none.
  const licence: UploadIntent = { purpose: 'LICENCE_IMAGE', merchantId: null, productId: null, createdBy: 'admin' };
  assert.deepEqual(useProblems(licence, { purpose: 'LICENCE_IMAGE', subject: 'admin', merchantId: 'm-new' }, ['input', 'businessLicenceUploadId']), []);
  assert.deepEqual(codes(useProblems(licence, { purpose: 'LICENCE_IMAGE', subject: 'other' }, ['input', 'businessLicenceUploadId'])), ['UPLOAD_NOT_FOUND@input.businessLicenceUploadId']);
});
