import { test } from 'node:test';
import assert from 'node:assert/strict';
import { auditChanges } from './audit-diff';
import { onboardInputOf, servedOf, type OnboardValues } from './onboard-form';

const values = (over: Partial<OnboardValues> = {}): OnboardValues => ({
  id: ' m-tea ',
  name: '茶语',
  kind: 'YOGURT_TEA',
  neighborhood: '翠苑一区',
  address: '文一路 1 号',
  badge: '',
  description: '',
  feeYuan: '5',
  freeFromYuan: '39.9',
  businessLicenceNumber: '91330106ma2b3c4d5e',
  businessLicenceUploadId: 'u1',
  foodPermitNumber: 'JY13301060000001',
  foodPermitUploadId: '',
  ownerUsername: 'tea-owner',
  ownerEmail: 'tea@example.com',
  delivers: 'on',
  served: '翠苑一区\n翠苑二区',
  ...over,
});

test('onboarding: yuan become whole fen, blanks become null, the credit code upper-case', () => {
  const r = onboardInputOf(values());
  assert.deepEqual(r.errors, []);
  assert.ok(r.input);
  assert.equal(r.input.id, 'm-tea');
  assert.deepEqual(r.input.delivery, { delivers: true, feeFen: 500, freeFromFen: 3990 });
  assert.deepEqual(r.input.neighborhoodsServed, ['翠苑一区', '翠苑二区']);
  assert.equal(r.input.badge, null);
  assert.equal(r.input.foodPermitUploadId, null);
  assert.equal(r.input.businessLicenceNumber, '91330106MA2B3C4D5E');
});

test('onboarding: a shop that does not deliver sends no fee, whatever was typed', () => {
  const r = onboardInputOf(values({ delivers: '', feeYuan: 'abc' }));
  assert.ok(r.input);
  assert.deepEqual(r.input.delivery, { delivers: false, feeFen: null, freeFromFen: null });
});

test('onboarding: an amount that is not yuan is an error on its field', () => {
  const r = onboardInputOf(values({ feeYuan: '5.555', freeFromYuan: '-1' }));
  assert.equal(r.input, null);
  assert.deepEqual(
    r.errors.map((e) => e.field),
    [
      ['input', 'delivery', 'feeFen'],
      ['input', 'delivery', 'freeFromFen'],
    ],
  );
});

test('served neighbourhoods: ticked then typed, split on Chinese and Latin commas, each once', () => {
  assert.deepEqual(servedOf(['甲', '乙'], '乙，丙、 丁, '), ['甲', '乙', '丙', '丁']);
  assert.deepEqual(servedOf([], ''), []);
});

test('audit diff: a creation lists every field with nothing before', () => {
  assert.deepEqual(auditChanges(null, '{"name":"梨","priceFen":100}'), [
    { field: 'name', before: null, after: '梨' },
    { field: 'priceFen', before: null, after: '100' },
  ]);
});

test('audit diff: an update lists only the fields that changed, nested values as JSON', () => {
  assert.deepEqual(auditChanges('{"name":"梨","specs":[{"p":1}],"unit":"斤"}', '{"name":"梨","specs":[{"p":2}],"listed":false}'), [
    { field: 'specs', before: '[{"p":1}]', after: '[{"p":2}]' },
    { field: 'unit', before: '斤', after: null },
    { field: 'listed', before: null, after: 'false' },
  ]);
});

test('audit diff: values that are not objects are one change; equal ones none', () => {
  assert.deepEqual(auditChanges('"ACTIVE"', '"SUSPENDED"'), [{ field: '', before: 'ACTIVE', after: 'SUSPENDED' }]);
  assert.deepEqual(auditChanges('{"a":1}', '{"a":1}'), []);
  assert.deepEqual(auditChanges(null, null), []);
  assert.deepEqual(auditChanges('not json', null), [{ field: '', before: 'not json', after: null }]);
});
