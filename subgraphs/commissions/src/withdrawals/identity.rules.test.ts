import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { identityProblems, isResidentId, maskIdNumber, maskName, openField, sealField } from './identity.rules.js';

describe('resident ID numbers', () => {
  test('18 characters with an ISO 7064 MOD 11-2 check character, X allowed last', () => {
    assert.ok(isResidentId('11010519491231002X'));
    assert.ok(isResidentId('11010519491231002x'));
    assert.ok(isResidentId('110101199003074514'));
    assert.ok(!isResidentId('110101199003074515'), 'wrong check digit');
    assert.ok(!isResidentId('11010519491231002'), '17 characters');
    assert.ok(!isResidentId('1101051949123100X2'), 'X only last');
    assert.ok(!isResidentId('=10105194912310021'));
  });

  test('problems by field', () => {
    assert.deepEqual(identityProblems('张三', '11010519491231002X'), []);
    assert.deepEqual(identityProblems('', '110101199003074515').map((e) => [e.code, e.field]), [
      ['INVALID_REAL_NAME', ['realName']],
      ['INVALID_ID_NUMBER', ['idNumber']],
    ]);
    assert.equal(identityProblems('=cmd|calc', '11010519491231002X')[0]?.code, 'INVALID_REAL_NAME');
    assert.deepEqual(identityProblems('Anna-Maria O\'Neil', '11010519491231002X'), []);
  });
});

describe('masking', () => {
  test('the first character of the name; the first and last four of the ID', () => {
    assert.equal(maskName('张三'), '张*');
    assert.equal(maskName('欧阳娜娜'), '欧***');
    assert.equal(maskName('李'), '李*');
    assert.equal(maskIdNumber('11010519491231002x'), '1101**********002X');
  });
});

describe('sealed fields', () => {
  const key = randomBytes(32);
  test('round trip; a new nonce each time; another owner or key cannot open it', () => {
    const a = sealField(key, 'al:bob', '11010519491231002X');
    const b = sealField(key, 'al:bob', '11010519491231002X');
    assert.notEqual(a, b);
    assert.ok(!a.includes('1101'));
    assert.equal(openField(key, 'al:bob', a), '11010519491231002X');
    assert.throws(() => openField(key, 'al:alice', a));
    assert.throws(() => openField(randomBytes(32), 'al:bob', a));
    const [v, iv, tag, body] = a.split('.');
    const flipped = Buffer.from(body!, 'base64url');
    flipped[0]! ^= 1;
    assert.throws(() => openField(key, 'al:bob', [v, iv, tag, flipped.toString('base64url')].join('.')));
  });
});
