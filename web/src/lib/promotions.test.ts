/** Pure helpers of the promotion pages (issue 7): the proposal form and what a shop reads off a promotion. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  counterProposalValues,
  defaultSchedule,
  isoToShanghaiLocal,
  parseProposal,
  placeProposalErrors,
  proposalFormValues,
  shanghaiLocalToIso,
  splitIds,
  type ProposalSource,
} from './promotion-form';
import { actionsFor, afterDiscount, budgetUsedFen, funderRows, lineDiscounts, participantIds, redemptionMaxFen, shareTerms, takingPart, waitingForAnswer, type PromotionLike } from './promotion-view';

function form(entries: [string, string][]): FormData {
  const f = new FormData();
  for (const [k, v] of entries) f.append(k, v);
  return f;
}

const spendForm = (extra: [string, string][] = []) =>
  form([
    ['merchantId', 'm-fruit'],
    ['kind', 'SPEND_ACROSS_SHOPS'],
    ['title', '  跨店满30减5 '],
    ['partner', 'm-bakery'],
    ['partner', 'm-fruit'],
    ['partner', 'm-bakery'],
    ['minSpendYuan', '30'],
    ['minShops', '2'],
    ['discountMode', 'amount'],
    ['discountYuan', '5'],
    ['percentOff', '20'],
    ['startsAt', '2026-05-01T10:00'],
    ['endsAt', '2026-05-31T22:00'],
    ['budgetYuan', '100.5'],
    ['fundingMode', 'percent'],
    ['share.m-fruit', '50'],
    ['share.m-bakery', '50'],
    ['cap.m-bakery', '20'],
    ['share.m-yogurt', '30'],
    ['idempotencyKey', 'pp-abcdefgh12'],
    ...extra,
  ]);

test('times typed in Beijing are sent as UTC instants and shown back the same', () => {
  assert.equal(shanghaiLocalToIso('2026-05-01T10:00'), '2026-05-01T02:00:00.000Z');
  assert.equal(shanghaiLocalToIso('2026-05-01T03:30'), '2026-04-30T19:30:00.000Z');
  assert.equal(shanghaiLocalToIso('2026-05-01'), '2026-04-30T16:00:00.000Z');
  assert.equal(shanghaiLocalToIso('2026-02-30T10:00'), undefined, 'no rolling over into March');
  assert.equal(shanghaiLocalToIso('2026-05-01T24:00'), undefined);
  assert.equal(shanghaiLocalToIso('tomorrow'), undefined);
  assert.equal(isoToShanghaiLocal('2026-04-30T19:30:00.000Z'), '2026-05-01T03:30');
  assert.equal(isoToShanghaiLocal(null), '');
  assert.equal(isoToShanghaiLocal('nope'), '');
  const s = defaultSchedule(Date.parse('2026-05-01T02:00:42.123Z'));
  assert.deepEqual(s, { startsAt: '2026-05-01T10:00', endsAt: '2026-05-31T10:00' });
});

test('splitIds takes ASCII and Chinese separators, once each', () => {
  assert.deepEqual(splitIds(' p-1, p-2，p-3、p-1  p-4;'), ['p-1', 'p-2', 'p-3', 'p-4']);
  assert.deepEqual(splitIds(''), []);
});

test('a 满减 proposal: yuan to fen, partners without the proposer, percent shares of participants only', () => {
  const r = parseProposal(spendForm());
  assert.ok(r.ok);
  const i = r.input;
  assert.equal(i.kind, 'SPEND_ACROSS_SHOPS');
  assert.equal(i.title, '跨店满30减5');
  assert.deepEqual(i.partnerIds, ['m-bakery']);
  assert.equal(i.minSpendFen, 3000);
  assert.equal(i.minShops, 2);
  assert.equal(i.discountFen, 500);
  assert.equal(i.percentOff, null, 'the amount mode ignores the percent field');
  assert.equal(i.budgetFen, 10050);
  assert.equal(i.startsAt, '2026-05-01T02:00:00.000Z');
  assert.equal(i.endsAt, '2026-05-31T14:00:00.000Z');
  assert.deepEqual(i.funding, [
    { merchantId: 'm-fruit', percent: 50, fixedFen: null, capFen: null },
    { merchantId: 'm-bakery', percent: 50, fixedFen: null, capFen: 2000 },
  ]);
  assert.equal(i.productIds, null);
  assert.equal(i.counterTo, null);
  assert.equal(i.idempotencyKey, 'pp-abcdefgh12');
});

test('percent off with a ceiling, and fixed shares in yuan', () => {
  const f = new FormData();
  for (const [k, v] of spendForm().entries()) if (k !== 'discountMode' && k !== 'fundingMode' && !k.startsWith('share.')) f.append(k, v as string);
  f.append('discountMode', 'percent');
  f.append('maxDiscountYuan', '12.5');
  f.append('fundingMode', 'fixed');
  f.append('share.m-fruit', '2.5');
  f.append('share.m-bakery', '2.50');
  const p = parseProposal(f);
  assert.ok(p.ok);
  assert.equal(p.input.discountFen, null);
  assert.equal(p.input.percentOff, 20);
  assert.equal(p.input.maxDiscountFen, 1250);
  assert.deepEqual(
    p.input.funding.map((x) => [x.merchantId, x.percent, x.fixedFen]),
    [
      ['m-fruit', null, 250],
      ['m-bakery', null, 250],
    ],
  );
});

test('what cannot be sent is refused by field; the rules are left to the subgraph', () => {
  const f = form([
    ['merchantId', 'm-fruit'],
    ['kind', 'FREE_LUNCH'],
    ['minSpendYuan', '30.123'],
    ['minShops', 'two'],
    ['startsAt', '2026-13-01T10:00'],
    ['endsAt', ''],
    ['fundingMode', 'percent'],
    ['share.m-fruit', 'half'],
  ]);
  const r = parseProposal(f);
  assert.ok(!r.ok);
  assert.deepEqual(
    r.errors.map((e) => [e.code, (e.field ?? []).join('.')]),
    [
      ['INVALID_KIND', 'kind'],
      ['INVALID_AMOUNT', 'minSpendFen'],
      ['INVALID_PERCENT', 'funding.m-fruit.percent'],
      ['INVALID_TIME', 'startsAt'],
      ['INVALID_TIME', 'endsAt'],
      ['INVALID_NUMBER', 'minShops'],
    ],
  );
});

test('userErrors by funding position land on the shop rows; a leading "input" is dropped', () => {
  const funding = [{ merchantId: 'm-fruit' }, { merchantId: 'm-bakery' }];
  const placed = placeProposalErrors(
    [
      { code: 'FUNDING_SUM', message: 'sum', field: ['input', 'funding', '1', 'percent'] },
      { code: 'FUNDING_SUM', message: 'sum', field: ['funding.0.percent'] },
      { code: 'BAD_WINDOW', message: 'w', field: ['endsAt'] },
      { code: 'X', message: 'x', field: null },
      { code: 'Y', message: 'y', field: ['funding', '7'] },
    ],
    funding,
  );
  assert.deepEqual(
    placed.map((e) => e.field),
    [['funding', 'm-bakery', 'percent'], ['funding', 'm-fruit', 'percent'], ['endsAt'], null, ['funding', '7']],
  );
});

test('form values come back without the key, lists as one flag each', () => {
  const v = proposalFormValues(spendForm([['category', 'fruit'], ['op', 'propose']]));
  assert.equal(v.idempotencyKey, undefined);
  assert.equal(v.op, undefined);
  assert.equal(v['partner.m-bakery'], 'on');
  assert.equal(v['partner.m-fruit'], 'on');
  assert.equal(v['category.fruit'], 'on');
  assert.equal(v.title, '跨店满30减5');
  assert.equal(v['share.m-bakery'], '50');
});

const sample = {
  id: 'pr-1',
  kind: 'SPEND_ACROSS_SHOPS',
  title: '跨店满30减5',
  status: 'PROPOSED',
  proposerId: 'm-fruit',
  partners: [
    { merchantId: 'm-bakery', answer: 'PENDING' },
    { merchantId: 'm-yogurt', answer: 'ACCEPTED' },
  ],
  funding: [
    { merchantId: 'm-fruit', percent: 50, fixedFen: null, cap: null },
    { merchantId: 'm-bakery', percent: 30, fixedFen: null, cap: { amountFen: 1000 } },
    { merchantId: 'm-yogurt', percent: 20, fixedFen: null, cap: null },
  ],
  minSpend: { amountFen: 3000 },
  minShops: 2,
  discount: { amountFen: 500 },
  percentOff: null,
  maxDiscount: null,
  bundlePrice: null,
  groupSize: null,
  pickupDate: null,
  productIds: [],
  categories: ['fruit'],
  neighborhoods: [],
  stackGroup: null,
  startsAt: '2026-05-01T02:00:00.000Z',
  endsAt: '2026-05-31T14:00:00.000Z',
  totalLimit: 30,
  perMemberLimit: 1,
  budget: { amountFen: 10000 },
  usage: {
    redemptions: 3,
    discountGiven: { amountFen: 1500 },
    budgetLeft: { amountFen: 8500 },
    funders: [
      { merchantId: 'm-bakery', cost: { amountFen: 450 }, capLeft: { amountFen: 550 } },
      { merchantId: 'm-fruit', cost: { amountFen: 750 }, capLeft: null },
      { merchantId: 'm-yogurt', cost: { amountFen: 300 }, capLeft: null },
    ],
  },
};

const proposal: ProposalSource & PromotionLike = sample;

test('the inbox holds proposals waiting for this shop; the rest of its promotions are listed apart', () => {
  const live = { ...proposal, id: 'pr-2', status: 'ACTIVE', partners: [{ merchantId: 'm-bakery', answer: 'ACCEPTED' }] };
  const other = { ...proposal, id: 'pr-3', proposerId: 'm-tea', partners: [{ merchantId: 'm-yogurt', answer: 'PENDING' }] };
  const all = [proposal, live, other];
  assert.deepEqual(participantIds(proposal), ['m-fruit', 'm-bakery', 'm-yogurt']);
  assert.deepEqual(waitingForAnswer(all, 'm-bakery').map((p) => p.id), ['pr-1']);
  assert.deepEqual(waitingForAnswer(all, 'm-yogurt').map((p) => p.id), ['pr-3'], 'an answered proposal is no longer waiting');
  assert.deepEqual(waitingForAnswer(all, 'm-fruit').map((p) => p.id), [], 'the proposer does not answer its own');
  assert.deepEqual(takingPart(all, 'm-bakery').map((p) => p.id), ['pr-2']);
  assert.deepEqual(takingPart(all, 'm-fruit').map((p) => p.id), ['pr-1', 'pr-2']);
});

test('what a shop would carry: percent of each redemption, bounded by its cap, the budget and the limit', () => {
  assert.equal(redemptionMaxFen(proposal), 500);
  assert.equal(redemptionMaxFen({ discount: null, percentOff: 10, maxDiscount: { amountFen: 800 } }), 800);
  assert.equal(redemptionMaxFen({ discount: null, percentOff: 10, maxDiscount: null }), null);
  assert.deepEqual(shareTerms(proposal, 'm-bakery'), { kind: 'percent', value: 30, capFen: 1000, perRedemptionMaxFen: 150, totalMaxFen: 1000 });
  // 50% of ¥100 budget = ¥50; 30 redemptions × ¥2.50 = ¥75: the budget binds.
  assert.deepEqual(shareTerms(proposal, 'm-fruit'), { kind: 'percent', value: 50, capFen: null, perRedemptionMaxFen: 250, totalMaxFen: 5000 });
  assert.deepEqual(shareTerms(proposal, 'm-other'), { kind: 'none' });
  // A part of an odd fen amount is rounded up: the bound never understates.
  assert.equal((shareTerms({ ...proposal, discount: { amountFen: 333 } }, 'm-yogurt') as { perRedemptionMaxFen: number }).perRedemptionMaxFen, 67);
  const fixed = { ...proposal, funding: [{ merchantId: 'm-fruit', fixedFen: 300 }, { merchantId: 'm-bakery', fixedFen: 200 }], totalLimit: null };
  // ¥100 budget / ¥5 per redemption = 20 redemptions × ¥2.
  assert.deepEqual(shareTerms(fixed, 'm-bakery'), { kind: 'fixed', value: 200, capFen: null, perRedemptionMaxFen: 200, totalMaxFen: 4000 });
  assert.deepEqual(shareTerms({ ...fixed, budget: null }, 'm-bakery'), { kind: 'fixed', value: 200, capFen: null, perRedemptionMaxFen: 200, totalMaxFen: null });
});

test('funder rows pair each share with its cost so far; budget used; actions by state', () => {
  assert.deepEqual(funderRows(proposal), [
    { merchantId: 'm-fruit', percent: 50, fixedFen: null, capFen: null, costFen: 750, capLeftFen: null },
    { merchantId: 'm-bakery', percent: 30, fixedFen: null, capFen: 1000, costFen: 450, capLeftFen: 550 },
    { merchantId: 'm-yogurt', percent: 20, fixedFen: null, capFen: null, costFen: 300, capLeftFen: null },
  ]);
  const sum = funderRows(proposal).reduce((n, r) => n + r.costFen, 0);
  assert.equal(sum, proposal.usage.discountGiven.amountFen);
  assert.equal(budgetUsedFen(proposal), 1500);
  assert.equal(budgetUsedFen({ ...proposal, budget: null }), null);
  assert.deepEqual(actionsFor('ACTIVE'), ['pause', 'end']);
  assert.deepEqual(actionsFor('PAUSED'), ['resume', 'end']);
  assert.deepEqual(actionsFor('ENDED'), []);
  assert.deepEqual(actionsFor('PROPOSED'), ['end'], 'a proposal can be withdrawn');
  assert.deepEqual(actionsFor('DECLINED'), []);
});

test('a counter-proposal starts from the proposal, with the answering shop as proposer', () => {
  const v = counterProposalValues(proposal, 'm-bakery');
  assert.equal(v.counterTo, 'pr-1');
  assert.equal(v['partner.m-fruit'], 'on');
  assert.equal(v['partner.m-yogurt'], 'on');
  assert.equal(v['partner.m-bakery'], undefined);
  assert.equal(v.minSpendYuan, '30.00');
  assert.equal(v.discountMode, 'amount');
  assert.equal(v.discountYuan, '5.00');
  assert.equal(v.fundingMode, 'percent');
  assert.equal(v['share.m-bakery'], '30');
  assert.equal(v['cap.m-bakery'], '10.00');
  assert.equal(v['category.fruit'], 'on');
  assert.equal(v.startsAt, '2026-05-01T10:00');
  assert.equal(v.budgetYuan, '100.00');
  // Sent again, the values read back into the same terms.
  const f = new FormData();
  f.append('merchantId', 'm-bakery');
  for (const [k, val] of Object.entries(v)) {
    const m = /^(partner|category|neighborhood)\.(.+)$/.exec(k);
    f.append(m ? m[1]! : k, m ? m[2]! : val);
  }
  const r = parseProposal(f);
  assert.ok(r.ok);
  assert.deepEqual(r.input.partnerIds, ['m-fruit', 'm-yogurt']);
  assert.deepEqual(r.input.funding.map((x) => [x.merchantId, x.percent, x.capFen]), [
    ['m-bakery', 30, 1000],
    ['m-fruit', 50, null],
    ['m-yogurt', 20, null],
  ]);
  assert.equal(r.input.startsAt, proposal.startsAt);
  assert.equal(r.input.counterTo, 'pr-1');
});

test('quoted line discounts by product and spec, and the total after them', () => {
  const m = lineDiscounts([
    { productId: 'p-1', specId: 's-1', discount: { amountFen: 250 } },
    { productId: 'p-2', specId: 's-2', discount: { amountFen: 0 } },
    { productId: 'p-1', specId: 's-1', discount: { amountFen: 5 } },
  ]);
  assert.deepEqual([...m], [['p-1:s-1', 255]]);
  assert.equal(afterDiscount(3440, 500), 2940);
  assert.equal(afterDiscount(300, 500), 0);
  assert.equal(afterDiscount(300, -5), 300);
});

test('only the chosen kind\'s rule fields are sent', () => {
  const f = new FormData();
  for (const [k, v] of spendForm().entries()) if (k !== 'kind') f.append(k, v as string);
  f.append('kind', 'BUNDLE');
  f.append('bundlePriceYuan', '39.9');
  f.append('groupSize', '3');
  f.append('productIds', 'p-fruit-01，p-bakery-02');
  const r = parseProposal(f);
  assert.ok(r.ok);
  assert.equal(r.input.kind, 'BUNDLE');
  assert.equal(r.input.bundlePriceFen, 3990);
  assert.deepEqual([r.input.minSpendFen, r.input.minShops, r.input.discountFen, r.input.groupSize], [null, null, null, null]);
  assert.deepEqual(r.input.productIds, ['p-fruit-01', 'p-bakery-02']);
  assert.equal(r.input.budgetFen, 10050, 'limits are every kind\'s');
});

test('仅限社群: ticked groups travel as communityGroups and come back on a refused post', async () => {
  const { parseProposal, proposalFormValues, counterProposalValues } = await import('./promotion-form');
  const f = new FormData();
  for (const [k, v] of [['kind', 'SPEND_ACROSS_SHOPS'], ['title', '宝妈专享'], ['merchantId', 'm-fruit'], ['startsAt', '2026-12-01T10:00'], ['endsAt', '2026-12-31T10:00'], ['communityGroup', 'grp-1'], ['communityGroup', 'grp-2'], ['communityGroup', 'grp-1']]) f.append(k!, v!);
  const r = parseProposal(f);
  assert.ok(r.ok);
  assert.deepEqual(r.input.communityGroups, ['grp-1', 'grp-2']);
  assert.equal(proposalFormValues(f)['communityGroup.grp-2'], 'on');
  f.delete('communityGroup');
  const none = parseProposal(f);
  assert.ok(none.ok && !('communityGroups' in none.input), 'everyone: left out');
  const counter = counterProposalValues({ id: 'pr1', kind: 'BUNDLE', title: 'x', proposerId: 'm-bakery', partners: [], funding: [], productIds: [], categories: [], neighborhoods: [], communityGroups: ['grp-9'], startsAt: '2026-12-01T02:00:00.000Z', endsAt: '2026-12-31T02:00:00.000Z' }, 'm-fruit');
  assert.equal(counter['communityGroup.grp-9'], 'on');
});
