import { test } from 'node:test';
import assert from 'node:assert/strict';
import { factId } from './stream.js';
import { localId, tenantId } from './tenant-repository.js';
import { requestHash } from './idempotency.js';

test('fact ids sort in version order', () => {
  assert.equal(factId('demo:orders', 7), 'demo:orders:0000000007');
  const ids = [1, 2, 9, 10, 11, 100, 12345].map((v) => factId('s', v));
  assert.deepEqual([...ids].sort(), ids);
});

test('tenant ids put the alliance first and refuse ambiguous tenants', () => {
  assert.equal(tenantId('demo', 'p-1'), 'demo:p-1');
  assert.equal(localId('demo:p-1'), 'p-1');
  assert.equal(localId(tenantId('demo', 'a:b')), 'a:b');
  assert.throws(() => tenantId('de:mo', 'x'), TypeError);
  assert.throws(() => tenantId('demo', ''), TypeError);
  assert.throws(() => localId('no-tenant'), TypeError);
});

test('request hashes ignore key order and undefined fields, and see every value', () => {
  assert.equal(requestHash({ a: 1, b: [1, { c: 2, d: 3 }] }), requestHash({ b: [1, { d: 3, c: 2 }], a: 1 }));
  assert.equal(requestHash({ a: 1, x: undefined }), requestHash({ a: 1 }));
  assert.notEqual(requestHash({ amountFen: 100 }), requestHash({ amountFen: 101 }));
  assert.notEqual(requestHash(['a', 'b']), requestHash(['b', 'a']));
  assert.notEqual(requestHash({ a: '1' }), requestHash({ a: 1 }));
});
