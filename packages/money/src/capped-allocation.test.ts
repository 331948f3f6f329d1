import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { allocate } from './money.js';
import { allocateCapped, type CappedFunder } from './capped-allocation.js';

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

test('a capped funder pays its cap and the excess goes to the others by weight', () => {
  const r = allocateCapped(1000, [
    { weight: 1, capFen: 100 },
    { weight: 1, capFen: 10_000 },
    { weight: 2, capFen: 10_000 },
  ]);
  assert.deepEqual(r, { parts: [100, 300, 600], fundedFen: 1000, unfundedFen: 0 });
});

test('when every cap binds the rest is reported unfunded', () => {
  const r = allocateCapped(1000, [
    { weight: 3, capFen: 200 },
    { weight: 1, capFen: 300 },
  ]);
  assert.deepEqual(r, { parts: [200, 300], fundedFen: 500, unfundedFen: 500 });
});

test('without binding caps it is exactly allocate; weight 0 pays nothing', () => {
  assert.deepEqual(allocateCapped(100, [{ weight: 1, capFen: 1e6 }, { weight: 1, capFen: 1e6 }, { weight: 1, capFen: 1e6 }]).parts, [34, 33, 33]);
  assert.deepEqual(allocateCapped(100, [{ weight: 0, capFen: 1e6 }, { weight: 1, capFen: 10 }]), { parts: [0, 10], fundedFen: 10, unfundedFen: 90 });
  assert.deepEqual(allocateCapped(0, [{ weight: 1, capFen: 5 }]).parts, [0]);
});

test('bad input is refused', () => {
  assert.throws(() => allocateCapped(-1, [{ weight: 1, capFen: 1 }]), RangeError);
  assert.throws(() => allocateCapped(1, []), RangeError);
  assert.throws(() => allocateCapped(1, [{ weight: 1.5, capFen: 1 }]), RangeError);
  assert.throws(() => allocateCapped(1, [{ weight: 1, capFen: -1 }]), RangeError);
});

const funders = fc.array(
  fc.record({ weight: fc.integer({ min: 1, max: 1000 }), capFen: fc.integer({ min: 0, max: 100_000 }) }),
  { minLength: 1, maxLength: 8 },
);
const total = fc.integer({ min: 0, max: 500_000 });

test('property: sum = min(total, sum of caps), no cap exceeded, no negative part', () => {
  fc.assert(
    fc.property(total, funders, (t, fs) => {
      const r = allocateCapped(t, fs);
      const caps = sum(fs.map((f) => f.capFen));
      assert.equal(sum(r.parts), Math.min(t, caps));
      assert.equal(r.fundedFen, sum(r.parts));
      assert.equal(r.unfundedFen, t - r.fundedFen);
      r.parts.forEach((p, i) => assert.ok(p >= 0 && p <= fs[i]!.capFen));
    }),
    { numRuns: 3000 },
  );
});

test('property: with no binding cap it is the plain weighted split', () => {
  fc.assert(
    fc.property(total, fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 8 }), (t, ws) => {
      fc.pre(ws.some((w) => w > 0));
      const r = allocateCapped(t, ws.map((weight) => ({ weight, capFen: t })));
      assert.deepEqual(r.parts, allocate(t, ws));
    }),
  );
});

test('property: monotone — more total never funds less; raising a cap never lowers that funder', () => {
  fc.assert(
    fc.property(total, fc.integer({ min: 0, max: 5000 }), funders, fc.nat(), fc.integer({ min: 1, max: 5000 }), (t, more, fs, pick, raise) => {
      const base = allocateCapped(t, fs);
      const bigger = allocateCapped(t + more, fs);
      assert.ok(bigger.fundedFen >= base.fundedFen);
      assert.ok(bigger.unfundedFen >= base.unfundedFen);
      // A funder capped at a total stays capped at any larger total (up to one fen of rounding).
      fs.forEach((f, i) => base.parts[i] === f.capFen && assert.ok(bigger.parts[i]! >= f.capFen - 1));
      const j = pick % fs.length;
      const raised: CappedFunder[] = fs.map((f, i) => (i === j ? { ...f, capFen: f.capFen + raise } : f));
      assert.ok(allocateCapped(t, raised).parts[j]! >= base.parts[j]!);
    }),
    { numRuns: 3000 },
  );
});

test('property: deterministic — the same input gives the same split', () => {
  fc.assert(fc.property(total, funders, (t, fs) => assert.deepEqual(allocateCapped(t, fs), allocateCapped(t, fs.map((f) => ({ ...f }))))));
});
