import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  bpToPercent,
  earningLevel,
  lastEndedPeriodEnd,
  parseRuleForm,
  percentToBp,
  periodIdOf,
  rowOfRate,
  ruleFormValues,
  ruleInForce,
  sortLines,
} from './commission-view';
import { afterBind, normalizeShareCode, planShareArrival, withoutShareParam, type ArrivalFacts } from './share-arrival';

const facts = (over: Partial<ArrivalFacts>): ArrivalFacts => ({
  method: 'GET',
  pathname: '/products/p-fruit-01',
  search: '',
  cookieCode: undefined,
  signedIn: false,
  document: true,
  prefetch: false,
  ...over,
});

test('share codes: only the subgraph alphabet, 8 to 12 characters, case-insensitive', () => {
  assert.equal(normalizeShareCode(' abcdefgh '), 'ABCDEFGH');
  assert.equal(normalizeShareCode('ABCDEFG'), null, 'too short');
  assert.equal(normalizeShareCode('ABCDEFGH0'), null, 'no zero');
  assert.equal(normalizeShareCode('ABCDEFGHI'), null, 'no I');
  assert.equal(normalizeShareCode('ABC<script>'), null);
  assert.equal(normalizeShareCode(undefined), null);
});

test('arriving by a link remembers the code and redirects to the same page without it', () => {
  const plan = planShareArrival(facts({ search: '?share=abcdefgh&spec=s1' }));
  assert.deepEqual(plan, { redirectTo: '/products/p-fruit-01?spec=s1', remember: 'ABCDEFGH', forget: false, bind: null });
  // Signed in already: still the redirect first; the redirected request binds (with the cookie).
  const signedIn = planShareArrival(facts({ search: '?share=ABCDEFGH', signedIn: true }));
  assert.equal(signedIn.redirectTo, '/products/p-fruit-01');
  assert.equal(signedIn.bind, null);
  assert.equal(signedIn.remember, 'ABCDEFGH');
});

test('a junk code is dropped from the address and not remembered', () => {
  const plan = planShareArrival(facts({ search: '?share=%3Cx%3E' }));
  assert.deepEqual(plan, { redirectTo: '/products/p-fruit-01', remember: null, forget: false, bind: null });
});

test('anonymous shoppers are never bound; the code waits in the cookie', () => {
  assert.deepEqual(planShareArrival(facts({ cookieCode: 'ABCDEFGH' })), { redirectTo: null, remember: null, forget: false, bind: null });
});

test('once signed in, the remembered code is bound', () => {
  assert.equal(planShareArrival(facts({ cookieCode: 'ABCDEFGH', signedIn: true })).bind, 'ABCDEFGH');
  // ...but not from a router prefetch, where nobody sees the notice.
  assert.equal(planShareArrival(facts({ cookieCode: 'ABCDEFGH', signedIn: true, prefetch: true })).bind, null);
});

test('a client-router request with a code binds at once (no redirect), remembering it in case that fails', () => {
  const plan = planShareArrival(facts({ search: '?share=BCDEFGHJ&_rsc=1', cookieCode: 'ABCDEFGH', signedIn: true, document: false }));
  assert.deepEqual(plan, { redirectTo: null, remember: 'BCDEFGHJ', forget: false, bind: 'BCDEFGHJ' });
});

test('a tampered cookie is forgotten', () => {
  assert.deepEqual(planShareArrival(facts({ cookieCode: 'nonsense!', signedIn: true })), { redirectTo: null, remember: null, forget: true, bind: null });
});

test('bindShare runs once: any answer forgets the code, only a failed call keeps it', () => {
  assert.deepEqual(afterBind({ bound: true, errorCodes: [] }), { forget: true, notice: true });
  assert.deepEqual(afterBind({ bound: false, errorCodes: [] }), { forget: true, notice: false }, 'an earlier binding holds');
  assert.deepEqual(afterBind({ bound: false, errorCodes: ['OWN_CODE'] }), { forget: true, notice: false });
  assert.deepEqual(afterBind({ bound: false, errorCodes: ['UNKNOWN_CODE'] }), { forget: true, notice: false });
  assert.deepEqual(afterBind({ failed: 'UNAVAILABLE' }), { forget: false, notice: false });
  assert.deepEqual(afterBind({ failed: 'UNAUTHENTICATED' }), { forget: false, notice: false });
  assert.deepEqual(afterBind({ failed: 'FORBIDDEN' }), { forget: true, notice: false });
});

test('withoutShareParam keeps the other parameters', () => {
  assert.equal(withoutShareParam('/', '?merchant=m-fruit&share=ABCDEFGH'), '/?merchant=m-fruit');
  assert.equal(withoutShareParam('/me', ''), '/me');
});

test('basis points read and typed as percent, without floats', () => {
  assert.equal(bpToPercent(1000), '10');
  assert.equal(bpToPercent(250), '2.5');
  assert.equal(bpToPercent(1), '0.01');
  assert.equal(bpToPercent(0), '0');
  assert.equal(bpToPercent(10_000), '100');
  assert.equal(percentToBp('10'), 1000);
  assert.equal(percentToBp('2.5'), 250);
  assert.equal(percentToBp('0.01'), 1);
  assert.equal(percentToBp(' 7.25 % '), 725);
  assert.equal(percentToBp('100'), 10_000);
  assert.equal(percentToBp('100.01'), undefined);
  assert.equal(percentToBp('0.001'), undefined);
  assert.equal(percentToBp('-1'), undefined);
  assert.equal(percentToBp('1e2'), undefined);
  for (let bp = 0; bp <= 10_000; bp += 37) assert.equal(percentToBp(bpToPercent(bp)), bp);
});

test('the week to settle ends on the most recent Monday 00:00 China time that has passed', () => {
  // Monday 2026-11-30 00:00 in China is 2026-11-29T16:00Z.
  const monday = Date.parse('2026-11-29T16:00:00.000Z');
  assert.equal(lastEndedPeriodEnd(monday).toISOString(), '2026-11-29T16:00:00.000Z', 'at the very instant');
  assert.equal(lastEndedPeriodEnd(monday - 1).toISOString(), '2026-11-22T16:00:00.000Z', 'a moment before');
  assert.equal(lastEndedPeriodEnd(monday + 6 * 86_400_000).toISOString(), '2026-11-29T16:00:00.000Z', 'Sunday');
  assert.equal(periodIdOf(monday - 1), '2026-W48');
  assert.equal(periodIdOf(monday), '2026-W49');
  // ISO weeks across a year end: 2026-12-28 (Mon) is in 2026-W53; 2027-01-04 starts 2027-W01.
  assert.equal(periodIdOf(Date.parse('2027-01-03T15:59:59.999Z')), '2026-W53');
  assert.equal(periodIdOf(Date.parse('2027-01-03T16:00:00.000Z')), '2027-W01');
});

test('the rule in force is the latest that has started', () => {
  const v = [
    { version: 3, effectiveFrom: '2026-12-01T00:00:00.000Z' },
    { version: 2, effectiveFrom: '2026-11-01T00:00:00.000Z' },
    { version: 1, effectiveFrom: '2026-10-01T00:00:00.000Z' },
  ];
  assert.equal(ruleInForce(v, Date.parse('2026-11-15T00:00:00.000Z'))?.version, 2);
  assert.equal(ruleInForce(v, Date.parse('2026-12-01T00:00:00.000Z'))?.version, 3);
  assert.equal(ruleInForce(v, Date.parse('2026-09-01T00:00:00.000Z')), null);
});

test('earning levels and statement line order', () => {
  assert.equal(earningLevel('COMMISSION_L1'), 'L1');
  assert.equal(earningLevel('COMMISSION_L2'), 'L2');
  assert.equal(earningLevel('LEADER_COMMISSION'), 'LEADER');
  assert.equal(earningLevel('REVENUE'), null);
  assert.deepEqual(
    sortLines([{ account: 'PROMOTION_COST' }, { account: 'FEE' }, { account: 'REVENUE' }, { account: 'NEW_THING' }]).map((l) => l.account),
    ['REVENUE', 'FEE', 'PROMOTION_COST', 'NEW_THING'],
  );
});

const form = (values: Record<string, string>) => (name: string) => values[name] ?? '';

test('the rule form becomes setCommissionRule input in basis points and fen', () => {
  const r = parseRuleForm(form({ fee: '3', 'category.0': '*', 'l1.0': '10', 'l2.0': '2.5', 'leader.0': '', 'l1Cap.0': '20', 'category.2': 'FRUIT', 'l1.2': '12', 'leaderCap.2': '5.5' }), 'm-fruit');
  assert.ok(r.ok);
  assert.deepEqual(r.input, {
    merchantId: 'm-fruit',
    feeBp: 300,
    effectiveFrom: null,
    rates: [
      { category: '*', l1Bp: 1000, l2Bp: 250, leaderBp: 0, l1CapFen: 2000, l2CapFen: null, leaderCapFen: null },
      { category: 'FRUIT', l1Bp: 1200, l2Bp: 0, leaderBp: 0, l1CapFen: null, l2CapFen: null, leaderCapFen: 550 },
    ],
  });
  assert.equal(rowOfRate(form({ 'category.0': '*', 'category.2': 'FRUIT' }), 1), 2, 'the second rate sent is the third row');
});

test('the rule form refuses what is not a percent, cap or time, at the API field paths', () => {
  const r = parseRuleForm(form({ fee: 'x', 'category.0': '*', 'l1.0': '101', 'l2Cap.0': '0', effectiveFrom: '2026-02-30T10:00' }), 'm-fruit');
  assert.ok(!r.ok);
  assert.deepEqual(
    r.errors.map((e) => [e.code, e.field.join('.')]),
    [
      ['BP_RANGE', 'input.feeBp'],
      ['BP_RANGE', 'input.rates.0.l1Bp'],
      ['INVALID_CAP', 'input.rates.0.l2CapFen'],
      ['INVALID_DATE', 'input.effectiveFrom'],
    ],
  );
  const none = parseRuleForm(form({ fee: '1' }), 'm-fruit');
  assert.ok(!none.ok && none.errors[0]!.code === 'RATES_REQUIRED');
});

test('a rule version fills the form again (percent and yuan)', () => {
  const v = ruleFormValues({ feeBp: 250, rates: [{ category: '*', l1Bp: 1000, l2Bp: 0, leaderBp: 150, l1Cap: { amountFen: 2050 }, l2Cap: null, leaderCap: null }] });
  assert.equal(v.fee, '2.5');
  assert.equal(v['l1.0'], '10');
  assert.equal(v['leader.0'], '1.5');
  assert.equal(v['l1Cap.0'], '20.50');
  assert.equal(v['l2Cap.0'], '');
  assert.deepEqual(ruleFormValues(null), { fee: '', 'category.0': '*' });
});
