/**
 * Cross-store promotions against the stack `npm test` started: real Keycloak tokens through the
 * gateway (shop owners co-launch, an admin approves, a shopper's quote and checkout), the promotions
 * service commands called with merchants' service account (the limit and budget races), and the
 * reversal of every funder's cost by order events (a partial refund, the rest, a cancellation).
 * Every promotion made here names only the two products below and is ended in `after`, so the other
 * suites sharing the stack price as before.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServiceClient } from '@alliance/auth';
import { setStackClockOffset } from '@alliance/events';
import { devServiceCredentials, errorCodes, eventually, gatewayCaller, testEnv, tokenCache } from '@alliance/testing';

const env = testEnv();
const FRUIT = { productId: 'p-fruit-04', merchantId: 'm-fruit', priceFen: 699 }; // 赣南脐橙
const BAKERY = { productId: 'p-bakery-08', merchantId: 'm-bakery', priceFen: 680 }; // 芝士蛋挞
const PRODUCTS = [FRUIT.productId, BAKERY.productId];
const created: string[] = [];

const tokenOf = tokenCache(env.keycloakUrl);
const call = gatewayCaller(env, tokenOf) as (user: string | null, query: string, variables?: Record<string, unknown>) => Promise<any>;
const key = () => `api-${randomUUID()}`;

const PROMOTION = `id status live kind title summary proposerId needsApproval partners { merchantId answer note } funding { merchantId percent fixedFen }
  audit { action by merchantId } usage { redemptions discountGiven { amountFen } funders { merchantId cost { amountFen } } }`;
const PROPOSE = `mutation($input: ProposePromotionInput!) { proposePromotion(input: $input) { promotion { ${PROMOTION} } userErrors { code field } } }`;
const RESPOND = `mutation($id: ID!, $accept: Boolean!, $note: String) { respondToPromotion(id: $id, accept: $accept, note: $note) { promotion { ${PROMOTION} } userErrors { code field } } }`;
const APPROVE = `mutation($id: ID!, $approve: Boolean!) { approvePromotion(id: $id, approve: $approve) { promotion { id status live } userErrors { code } } }`;
const END = `mutation($id: ID!) { endPromotion(id: $id) { promotion { id status live } userErrors { code } } }`;
const PAUSE = `mutation($id: ID!) { pausePromotion(id: $id) { promotion { id status live } userErrors { code } } }`;
const RESUME = `mutation($id: ID!) { resumePromotion(id: $id) { promotion { id status live } userErrors { code } } }`;
const POLICY = `mutation($r: Boolean!) { setPromotionPolicy(requireApproval: $r) { policy { requireApproval } userErrors { code } } }`;
const LIST = `query($status: PromotionStatus) { promotions(status: $status) { ${PROMOTION} } }`;
const ONE = `query($id: ID!) { promotion(id: $id) { ${PROMOTION} } }`;
const QUOTE = `query($lines: [OrderLineInput!]!) { quote(lines: $lines) { subtotal { amountFen } discountTotal { amountFen } total { amountFen } promotionsAvailable
  lines { index discount { amountFen } } applied { promotionId title explanation amount { amountFen } funders { merchant { id } cost { amountFen } } } userErrors { code field } } }`;
const ORDER_FIELDS = 'id merchant { id } total { amountFen } subtotal { amountFen } deliveryFee { amountFen } discount { amountFen } promotions { promotionId amount { amountFen } funders { merchant { id } cost { amountFen } } } lines { id discount { amountFen } }';
const PLACE = `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { checkout { id discountTotal { amountFen } total { amountFen } payment { amount { amountFen } } orders { ${ORDER_FIELDS} } } userErrors { code field message } } }`;
const PAY = 'mutation($id: ID!) { payInSandbox(checkoutId: $id) { checkout { id payment { status } } userErrors { code } } }';
const REFUND = 'mutation($input: RequestRefundInput!) { requestRefund(input: $input) { refund { id requested { amountFen } } userErrors { code } } }';
const DECIDE = 'mutation($id: ID!) { decideRefund(refundId: $id, approve: true) { refund { id status } order { refunded { amountFen } total { amountFen } } userErrors { code } } }';
const CANCEL = 'mutation($id: ID!) { cancelOrder(orderId: $id, reason: "缺货") { order { id status } userErrors { code } } }';

const day = 86_400_000;
const spendInput = (over: Record<string, unknown> = {}) => ({
  kind: 'SPEND_ACROSS_SHOPS',
  title: `跨店满减 ${randomUUID().slice(0, 6)}`,
  partnerIds: [BAKERY.merchantId],
  funding: [
    { merchantId: FRUIT.merchantId, percent: 50 },
    { merchantId: BAKERY.merchantId, percent: 50 },
  ],
  minSpendFen: 2000,
  minShops: 2,
  discountFen: 500,
  productIds: PRODUCTS,
  startsAt: new Date(Date.now() - 60_000).toISOString(),
  endsAt: new Date(Date.now() + 7 * day).toISOString(),
  idempotencyKey: key(),
  ...over,
});
const cart = [
  { productId: FRUIT.productId, quantity: 2 },
  { productId: BAKERY.productId, quantity: 2 },
];

async function launch(input: Record<string, unknown>): Promise<any> {
  const p = await call('fruit-owner', PROPOSE, { input });
  assert.deepEqual(p.data.proposePromotion.userErrors, []);
  const id = p.data.proposePromotion.promotion.id;
  created.push(id);
  const r = await call('bakery-owner', RESPOND, { id, accept: true });
  assert.deepEqual(r.data.respondToPromotion.userErrors, []);
  return r.data.respondToPromotion.promotion;
}


before(async () => {
  for (const u of ['fruit-owner', 'bakery-owner', 'alice', 'admin']) await tokenOf(u);
});

after(async () => {
  for (const id of created) await call('fruit-owner', END, { id });
  await call('admin', POLICY, { r: false });
});

describe('co-launch workflow', () => {
  let id: string;

  test('a split that does not add up, or mixes percent and fixed, is refused at proposal', async () => {
    const sum = await call('fruit-owner', PROPOSE, { input: spendInput({ funding: [{ merchantId: FRUIT.merchantId, percent: 60 }, { merchantId: BAKERY.merchantId, percent: 30 }] }) });
    assert.deepEqual(sum.data.proposePromotion.userErrors.map((e: any) => e.code), ['FUNDING_SUM']);
    assert.equal(sum.data.proposePromotion.promotion, null);
    const mixed = await call('fruit-owner', PROPOSE, { input: spendInput({ funding: [{ merchantId: FRUIT.merchantId, percent: 50 }, { merchantId: BAKERY.merchantId, fixedFen: 250 }] }) });
    assert.ok(mixed.data.proposePromotion.userErrors.some((e: any) => e.code === 'MIXED_FUNDING'), JSON.stringify(mixed.data));
  });

  test('a partner that is not a shop of the alliance is refused by field', async () => {
    const r = await call('fruit-owner', PROPOSE, { input: spendInput({ partnerIds: [BAKERY.merchantId, 'm-nowhere'], funding: [{ merchantId: FRUIT.merchantId, percent: 100 }] }) });
    assert.deepEqual(r.data.proposePromotion.userErrors.map((e: any) => [e.code, e.field.join('.')]), [['UNKNOWN_MERCHANT', 'input.partnerIds.1']]);
  });

  test('only a shop owner proposes, for their own shop', async () => {
    const shopper = await call('alice', PROPOSE, { input: spendInput() });
    assert.deepEqual(errorCodes(shopper), ['FORBIDDEN']);
    const other = await call('fruit-owner', PROPOSE, { input: spendInput({ merchantId: BAKERY.merchantId }) });
    assert.deepEqual(errorCodes(other), ['FORBIDDEN']);
  });

  test('fruit-owner proposes to bakery-owner; a replay returns it, the same key with other terms is refused', async () => {
    const input = spendInput();
    const p = await call('fruit-owner', PROPOSE, { input });
    const promotion = p.data.proposePromotion.promotion;
    id = promotion.id;
    created.push(id);
    assert.equal(promotion.status, 'PROPOSED');
    assert.equal(promotion.live, false);
    assert.deepEqual(promotion.partners.map((x: any) => [x.merchantId, x.answer]), [[BAKERY.merchantId, 'PENDING']]);
    assert.equal(promotion.summary, '跨店满¥20减¥5（2家店起）');
    const replay = await call('fruit-owner', PROPOSE, { input });
    assert.equal(replay.data.proposePromotion.promotion.id, id);
    const reused = await call('fruit-owner', PROPOSE, { input: { ...input, discountFen: 600 } });
    assert.deepEqual(reused.data.proposePromotion.userErrors.map((e: any) => e.code), ['IDEMPOTENCY_KEY_REUSED']);
  });

  test('the partner sees it in its inbox; a shopper sees no promotions list', async () => {
    const inbox = await call('bakery-owner', LIST, { status: 'PROPOSED' });
    assert.ok(inbox.data.promotions.some((p: any) => p.id === id));
    assert.deepEqual(errorCodes(await call('alice', LIST, {})), ['FORBIDDEN']);
    assert.equal((await call('alice', ONE, { id })).data.promotion, null);
  });

  test('the proposer cannot answer for the partner; the partner accepts once and the promotion goes live', async () => {
    assert.deepEqual(errorCodes(await call('fruit-owner', RESPOND, { id, accept: true })), ['FORBIDDEN']);
    const r = await call('bakery-owner', RESPOND, { id, accept: true, note: '同意' });
    const p = r.data.respondToPromotion.promotion;
    assert.equal(p.status, 'ACTIVE');
    assert.equal(p.live, true);
    assert.deepEqual(p.audit.map((a: any) => a.action), ['PROPOSED', 'ACCEPTED', 'ACTIVATED']);
    assert.deepEqual(p.audit.slice(0, 2).map((a: any) => a.by), ['fruit-owner', 'bakery-owner']);
    const again = await call('bakery-owner', RESPOND, { id, accept: false });
    assert.deepEqual(again.data.respondToPromotion.userErrors.map((e: any) => e.code), ['ALREADY_ANSWERED']);
  });

  test('paused, it stops pricing carts; resumed, it prices them again', async () => {
    const paused = await call('bakery-owner', PAUSE, { id });
    assert.equal(paused.data.pausePromotion.promotion.status, 'PAUSED');
    assert.equal((await call('alice', QUOTE, { lines: cart })).data.quote.applied.some((a: any) => a.promotionId === id), false);
    const resumed = await call('fruit-owner', RESUME, { id });
    assert.equal(resumed.data.resumePromotion.promotion.live, true);
  });

  test('where the alliance requires it, an admin approves after every partner accepted', async () => {
    assert.deepEqual(errorCodes(await call('fruit-owner', POLICY, { r: true })), ['FORBIDDEN']);
    assert.equal((await call('admin', POLICY, { r: true })).data.setPromotionPolicy.policy.requireApproval, true);
    const p = await call('fruit-owner', PROPOSE, { input: spendInput({ discountFen: 100 }) });
    const pid = p.data.proposePromotion.promotion.id;
    created.push(pid);
    assert.equal(p.data.proposePromotion.promotion.needsApproval, true);
    const accepted = await call('bakery-owner', RESPOND, { id: pid, accept: true });
    assert.equal(accepted.data.respondToPromotion.promotion.status, 'PENDING_APPROVAL');
    assert.deepEqual(errorCodes(await call('bakery-owner', APPROVE, { id: pid, approve: true })), ['FORBIDDEN']);
    const refused = await call('admin', APPROVE, { id: pid, approve: false });
    assert.equal(refused.data.approvePromotion.promotion.status, 'DECLINED');
    assert.equal(refused.data.approvePromotion.promotion.live, false);
    await call('admin', POLICY, { r: false });
  });
});

describe('quote and checkout', () => {
  let id: string;
  before(async () => {
    // Only this test's promotion prices these products now.
    for (const p of created) await call('fruit-owner', END, { id: p });
    id = (await launch(spendInput())).id;
  });

  test('a two-shop cart over the threshold is discounted, split 50/50 between the funders; one shop alone is not', async () => {
    const q = (await call('alice', QUOTE, { lines: cart })).data.quote;
    assert.equal(q.promotionsAvailable, true);
    assert.equal(q.subtotal.amountFen, 2 * FRUIT.priceFen + 2 * BAKERY.priceFen);
    assert.equal(q.discountTotal.amountFen, 500);
    assert.equal(q.total.amountFen, q.subtotal.amountFen - 500);
    const applied = q.applied.find((a: any) => a.promotionId === id);
    assert.ok(applied, JSON.stringify(q.applied));
    assert.deepEqual(applied.funders.map((f: any) => [f.merchant.id, f.cost.amountFen]), [[FRUIT.merchantId, 250], [BAKERY.merchantId, 250]]);
    assert.equal(q.lines.reduce((s: number, l: any) => s + l.discount.amountFen, 0), 500);
    const alone = (await call('alice', QUOTE, { lines: [{ productId: FRUIT.productId, quantity: 4 }] })).data.quote;
    assert.equal(alone.discountTotal.amountFen, 0);
    const bad = (await call(null, QUOTE, { lines: [{ productId: 'nope', quantity: 1 }, { productId: FRUIT.productId, quantity: 0 }] })).data.quote;
    assert.deepEqual(bad.userErrors.map((e: any) => e.code), ['UNKNOWN_PRODUCT', 'INVALID_QUANTITY']);
  });

  test('product cards carry the promotion tag', async () => {
    const r = await call(null, `query { product(id: "${FRUIT.productId}") { promotionTags { label promotionId } } }`);
    assert.ok(r.data.product.promotionTags.some((t: any) => t.label === '满减' && t.promotionId === id), JSON.stringify(r));
  });

  test('checkout charges the discounted total; a partial refund, the rest, and a cancellation bring every funder back to 0', async () => {
    const placed = await call('alice', PLACE, { input: { lines: cart, paymentMethod: 'ONLINE', pickupPointId: 'pp-cuiyuan', idempotencyKey: key() } });
    assert.deepEqual(placed.data.placeOrder.userErrors, []);
    const co = placed.data.placeOrder.checkout;
    assert.equal(co.discountTotal.amountFen, 500);
    assert.equal(co.payment.amount.amountFen, co.total.amountFen);
    for (const o of co.orders) {
      assert.equal(o.total.amountFen, o.subtotal.amountFen + o.deliveryFee.amountFen - o.discount.amountFen);
      assert.equal(o.lines.reduce((s: number, l: any) => s + l.discount.amountFen, 0), o.discount.amountFen);
      assert.equal(o.promotions[0].amount.amountFen, o.discount.amountFen);
    }
    assert.equal(co.orders.reduce((s: number, o: any) => s + o.discount.amountFen, 0), 500);
    const usage = (await call('fruit-owner', ONE, { id })).data.promotion.usage;
    assert.equal(usage.redemptions, 1);
    assert.deepEqual(usage.funders.map((f: any) => f.cost.amountFen), [250, 250]);

    assert.deepEqual((await call('alice', PAY, { id: co.id })).data.payInSandbox.userErrors, []);
    const fruitOrder = co.orders.find((o: any) => o.merchant.id === FRUIT.merchantId);
    const bakeryOrder = co.orders.find((o: any) => o.merchant.id === BAKERY.merchantId);
    const refund = async (lines: { lineId: string; quantity: number }[]) => {
      const r = await call('alice', REFUND, { input: { orderId: fruitOrder.id, lines, reason: '坏果', idempotencyKey: key() } });
      assert.deepEqual(r.data.requestRefund.userErrors, []);
      const d = await call('fruit-owner', DECIDE, { id: r.data.requestRefund.refund.id });
      assert.deepEqual(d.data.decideRefund.userErrors, []);
      return d.data.decideRefund.order;
    };
    const fruitCost = (u: any) => u.funders.reduce((s: number, f: any) => s + f.cost.amountFen, 0);
    const afterPartial = await refund([{ lineId: '1', quantity: 1 }]);
    assert.ok(afterPartial.refunded.amountFen > 0 && afterPartial.refunded.amountFen < afterPartial.total.amountFen);
    await eventually(async () => {
      const u = (await call('fruit-owner', ONE, { id })).data.promotion.usage;
      // About half of the fruit order's part of the discount is back; the bakery's part is untouched.
      assert.ok(fruitCost(u) < 500 && fruitCost(u) > 500 - fruitOrder.discount.amountFen, JSON.stringify(u));
    });
    const afterFull = await refund([{ lineId: '1', quantity: 1 }]);
    assert.equal(afterFull.refunded.amountFen, afterFull.total.amountFen);
    await eventually(async () => {
      const u = (await call('fruit-owner', ONE, { id })).data.promotion.usage;
      assert.equal(fruitCost(u), bakeryOrder.discount.amountFen, JSON.stringify(u));
      assert.equal(u.redemptions, 1);
    });
    assert.deepEqual((await call('bakery-owner', CANCEL, { id: bakeryOrder.id })).data.cancelOrder.userErrors, []);
    await eventually(async () => {
      const u = (await call('fruit-owner', ONE, { id })).data.promotion.usage;
      assert.deepEqual(u.funders.map((f: any) => f.cost.amountFen), [0, 0]);
      assert.equal(u.discountGiven.amountFen, 0);
      // All of it is back: the redemption no longer counts against the limits.
      assert.equal(u.redemptions, 0);
    });
  });

  after(async () => {
    await call('fruit-owner', END, { id });
  });
});

describe('limits under concurrency', () => {
  const merchants = () =>
    createServiceClient({ keycloakUrl: env.keycloakUrl, realm: 'alliance', ...devServiceCredentials('merchants'), signingSecret: env.gatewaySecret, targets: { promotions: env.promotionsUrl } });
  const RESERVE = 'mutation($c: ID!, $r: DiscountRequest!) { reserveDiscounts(checkoutId: $c, request: $r) { totalDiscountFen applied { promotionId amountFen } } }';
  const request = (memberId: string) => ({
    memberId,
    firstOrder: false,
    lines: [
      { index: 0, productId: FRUIT.productId, merchantId: FRUIT.merchantId, category: 'fruit', quantity: 2, unitPriceFen: FRUIT.priceFen },
      { index: 1, productId: BAKERY.productId, merchantId: BAKERY.merchantId, category: 'bakery', quantity: 2, unitPriceFen: BAKERY.priceFen },
    ],
  });
  const race = async (n: number, promotionId: string) => {
    const client = merchants();
    await client.token();
    const results = await Promise.all(
      Array.from({ length: n }, async (_, i) => {
        const r = await client.call<any>('promotions', 'demo', RESERVE, { c: `race-${randomUUID().slice(0, 8)}-${i}`, r: request(`member-${i}`) });
        assert.equal(r.errors, undefined, JSON.stringify(r.errors));
        return r.data.reserveDiscounts.applied.some((a: any) => a.promotionId === promotionId);
      }),
    );
    return results.filter(Boolean).length;
  };

  test('50 concurrent checkouts against a total limit of 10 redeem it exactly 10 times', async () => {
    const p = await launch(spendInput({ totalLimit: 10 }));
    assert.equal(await race(50, p.id), 10);
    const u = (await call('fruit-owner', ONE, { id: p.id })).data.promotion.usage;
    assert.equal(u.redemptions, 10);
    assert.deepEqual(u.funders.map((f: any) => f.cost.amountFen), [2500, 2500]);
    await call('fruit-owner', END, { id: p.id });
  });

  test('a budget is never overspent, and a replayed checkout reserves nothing more', async () => {
    const p = await launch(spendInput({ budgetFen: 1250 }));
    assert.equal(await race(20, p.id), 2);
    const client = merchants();
    const c = `replay-${randomUUID().slice(0, 8)}`;
    const first = await client.call<any>('promotions', 'demo', RESERVE, { c, r: request('someone') });
    const second = await client.call<any>('promotions', 'demo', RESERVE, { c, r: request('someone') });
    assert.deepEqual(second.data, first.data);
    const u = (await call('admin', ONE, { id: p.id })).data.promotion.usage;
    assert.equal(u.discountGiven.amountFen, 1000);
    await call('fruit-owner', END, { id: p.id });
  });

  test('a funder cap stops the promotion instead of shifting its cost onto the other funder', async () => {
    const p = await launch(spendInput({ funding: [{ merchantId: FRUIT.merchantId, percent: 50, capFen: 600 }, { merchantId: BAKERY.merchantId, percent: 50 }] }));
    assert.equal(await race(6, p.id), 2);
    const u = (await call('admin', ONE, { id: p.id })).data.promotion.usage;
    assert.deepEqual(u.funders.map((f: any) => f.cost.amountFen), [500, 500]);
    await call('fruit-owner', END, { id: p.id });
  });

  test('a service command refuses people, and people cannot reach it through the gateway', async () => {
    const asAlice = await call('alice', `query { discounts(request: { lines: [], firstOrder: false }) { totalDiscountFen } }`);
    assert.ok(asAlice.errors?.length);
  });
});

describe('cross-store coupons', () => {
  const SUBGRAPHS = ['merchants', 'members', 'promotions'];
  const COUPONS = 'query($s: CouponStatus) { myCoupons(status: $s) { id promotionId summary status issuingShop { id } shop { id } discount { amountFen } validUntil } }';
  const LEADER = {
    ready: 'mutation($id: ID!) { markOrderReady(orderId: $id) { userErrors { code } } }',
    arrive: 'mutation($id: ID!) { confirmArrival(orderId: $id) { userErrors { code } } }',
    handOver: 'mutation($id: ID!, $code: String!) { handOverOrder(orderId: $id, pickupCode: $code, paymentCollected: true) { order { status } userErrors { code } } }',
  };
  let promotionId: string;
  after(() => setStackClockOffset(env.natsUrl, 0, { secret: env.gatewaySecret, services: SUBGRAPHS }));

  test('a completed order at the fruit shop earns a coupon for the bakery, used once, given back when that order is cancelled', async () => {
    const p = await launch(
      spendInput({ kind: 'CROSS_STORE_COUPON', title: `果店送面包券 ${randomUUID().slice(0, 4)}`, minShops: null, minSpendFen: 1000, discountFen: 300, productIds: null, endsAt: new Date(Date.now() + 40 * day).toISOString() }),
    );
    promotionId = p.id;
    assert.equal(p.status, 'ACTIVE');
    const before = (await call('alice', COUPONS, {})).data.myCoupons.filter((c: any) => c.promotionId === promotionId);
    assert.deepEqual(before, []);

    // Alice's fruit order goes the whole way: packed, at the pickup point, handed over, after-sales over.
    const placed = await call('alice', PLACE, { input: { lines: [{ productId: FRUIT.productId, quantity: 1 }], paymentMethod: 'ON_HANDOVER', pickupPointId: 'pp-cuiyuan', idempotencyKey: key() } });
    assert.deepEqual(placed.data.placeOrder.userErrors, []);
    const order = placed.data.placeOrder.checkout.orders[0];
    const code = (await call('alice', 'query($id: ID!) { order(id: $id) { pickupCode } }', { id: order.id })).data.order.pickupCode;
    assert.deepEqual((await call('fruit-owner', LEADER.ready, { id: order.id })).data.markOrderReady.userErrors, []);
    assert.deepEqual((await call('leader', LEADER.arrive, { id: order.id })).data.confirmArrival.userErrors, []);
    assert.equal((await call('leader', LEADER.handOver, { id: order.id, code })).data.handOverOrder.order.status, 'PICKED_UP');
    // No coupon for an order that is not completed.
    assert.equal((await call('alice', COUPONS, {})).data.myCoupons.filter((c: any) => c.promotionId === promotionId).length, 0);
    await setStackClockOffset(env.natsUrl, 8 * day, { secret: env.gatewaySecret, services: SUBGRAPHS });
    let coupon: any;
    await eventually(async () => {
      coupon = (await call('alice', COUPONS, { s: 'AVAILABLE' })).data.myCoupons.find((c: any) => c.promotionId === promotionId);
      assert.ok(coupon, 'the coupon is issued once the order completes');
    }, 60_000);
    assert.deepEqual([coupon.issuingShop.id, coupon.shop.id, coupon.discount.amountFen], [FRUIT.merchantId, BAKERY.merchantId, 300]);
    await setStackClockOffset(env.natsUrl, 0, { secret: env.gatewaySecret, services: SUBGRAPHS });

    // At the bakery, over the threshold, the coupon applies; bob has none.
    const bakeryCart = [{ productId: BAKERY.productId, quantity: 2 }];
    const q = (await call('alice', QUOTE, { lines: bakeryCart })).data.quote;
    assert.equal(q.applied.find((a: any) => a.promotionId === promotionId)?.amount.amountFen, 300, JSON.stringify(q));
    assert.equal((await call('bob', QUOTE, { lines: bakeryCart })).data.quote.applied.some((a: any) => a.promotionId === promotionId), false);
    const used = await call('alice', PLACE, { input: { lines: bakeryCart, paymentMethod: 'ON_HANDOVER', pickupPointId: 'pp-cuiyuan', idempotencyKey: key() } });
    assert.equal(used.data.placeOrder.checkout.discountTotal.amountFen, 300);
    assert.equal((await call('alice', COUPONS, {})).data.myCoupons.find((c: any) => c.id === coupon.id).status, 'USED');
    // Used once: the next cart gets no coupon discount.
    assert.equal((await call('alice', QUOTE, { lines: bakeryCart })).data.quote.applied.some((a: any) => a.promotionId === promotionId), false);
    // The bakery cancels that order: the coupon comes back.
    assert.deepEqual((await call('bakery-owner', CANCEL, { id: used.data.placeOrder.checkout.orders[0].id })).data.cancelOrder.userErrors, []);
    await eventually(async () => {
      assert.equal((await call('alice', COUPONS, {})).data.myCoupons.find((c: any) => c.id === coupon.id).status, 'AVAILABLE');
    });
    await call('fruit-owner', END, { id: promotionId });
  });
});

describe('group-buy', () => {
  const SUBGRAPHS = ['merchants', 'members', 'promotions'];
  const GROUP = 'query($id: ID!) { groupBuy(id: $id) { id promotionId size joined needed status summary } }';
  const PLACE_GROUP = `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { checkout { id discountTotal { amountFen } orders { id status groupBuy { id } } } userErrors { code field } } }`;
  const STOCK = `query { product(id: "${FRUIT.productId}") { stock } }`;
  const ORDER_STATUS = 'query($id: ID!) { order(id: $id) { status } }';
  const line = [{ productId: FRUIT.productId, quantity: 2 }];
  let promotionId: string;
  after(async () => {
    await setStackClockOffset(env.natsUrl, 0, { secret: env.gatewaySecret, services: SUBGRAPHS });
    if (promotionId) await call('fruit-owner', END, { id: promotionId });
  });

  test('two buyers fill a 2-person group at the group price; a third is refused with GROUP_FULL, not charged the full price', async () => {
    const p = await launch(spendInput({ kind: 'GROUP_BUY', title: `脐橙2人团 ${randomUUID().slice(0, 4)}`, minShops: null, minSpendFen: null, discountFen: 100, groupSize: 2, productIds: [FRUIT.productId], funding: [{ merchantId: FRUIT.merchantId, percent: 100 }] }));
    promotionId = p.id;
    const q = (await call('alice', QUOTE.replace('quote(lines: $lines)', 'quote(lines: $lines, groupBuy: $g)').replace('query($lines: [OrderLineInput!]!)', 'query($lines: [OrderLineInput!]!, $g: GroupBuyInput)'), { lines: line, g: { promotionId } })).data.quote;
    assert.equal(q.discountTotal.amountFen, 200, JSON.stringify(q));
    // Without asking for the group-buy, no group price.
    assert.equal((await call('alice', QUOTE, { lines: line })).data.quote.applied.some((a: any) => a.promotionId === promotionId), false);

    const opened = await call('alice', PLACE_GROUP, { input: { lines: line, paymentMethod: 'ON_HANDOVER', pickupPointId: 'pp-cuiyuan', idempotencyKey: key(), groupBuy: { promotionId } } });
    assert.deepEqual(opened.data.placeOrder.userErrors, []);
    assert.equal(opened.data.placeOrder.checkout.discountTotal.amountFen, 200);
    const groupId = opened.data.placeOrder.checkout.orders[0].groupBuy.id;
    const progress = (await call(null, GROUP, { id: groupId })).data.groupBuy;
    assert.deepEqual([progress.size, progress.joined, progress.needed, progress.status], [2, 1, 1, 'OPEN']);

    const joined = await call('bob', PLACE_GROUP, { input: { lines: line, paymentMethod: 'ON_HANDOVER', pickupPointId: 'pp-cuiyuan', idempotencyKey: key(), groupBuy: { promotionId, groupId } } });
    assert.deepEqual(joined.data.placeOrder.userErrors, []);
    assert.equal(joined.data.placeOrder.checkout.orders[0].groupBuy.id, groupId);
    assert.equal((await call(null, GROUP, { id: groupId })).data.groupBuy.status, 'FILLED');

    const late = await call('leader', PLACE_GROUP, { input: { lines: line, paymentMethod: 'ON_HANDOVER', pickupPointId: 'pp-cuiyuan', idempotencyKey: key(), groupBuy: { promotionId, groupId } } });
    assert.deepEqual(late.data.placeOrder.userErrors.map((e: any) => [e.code, e.field.join('.')]), [['GROUP_FULL', 'groupBuy']]);
    assert.equal(late.data.placeOrder.checkout, null);
  });

  test('a group that does not fill in 24 hours cancels its orders and releases their stock', async () => {
    const stockBefore = (await call(null, STOCK)).data.product.stock;
    const opened = await call('alice', PLACE_GROUP, { input: { lines: line, paymentMethod: 'ON_HANDOVER', pickupPointId: 'pp-cuiyuan', idempotencyKey: key(), groupBuy: { promotionId } } });
    assert.deepEqual(opened.data.placeOrder.userErrors, []);
    const order = opened.data.placeOrder.checkout.orders[0];
    assert.equal((await call(null, STOCK)).data.product.stock, stockBefore - 2);
    await setStackClockOffset(env.natsUrl, 25 * 3_600_000, { secret: env.gatewaySecret, services: SUBGRAPHS });
    await eventually(async () => {
      assert.equal((await call(null, GROUP, { id: order.groupBuy.id })).data.groupBuy.status, 'FAILED');
      assert.equal((await call('alice', ORDER_STATUS, { id: order.id })).data.order.status, 'CANCELLED');
      assert.equal((await call(null, STOCK)).data.product.stock, stockBefore);
    }, 60_000);
  });
});

describe('bundle, new member and presale', () => {
  const ids: string[] = [];
  after(async () => {
    for (const id of ids) await call('fruit-owner', END, { id });
  });

  test('a bundle across two shops sells the set at its price', async () => {
    const p = await launch(spendInput({ kind: 'BUNDLE', title: `橙子蛋挞组合 ${randomUUID().slice(0, 4)}`, minSpendFen: null, minShops: null, discountFen: null, bundlePriceFen: 1200 }));
    ids.push(p.id);
    const q = (await call('alice', QUOTE, { lines: [{ productId: FRUIT.productId, quantity: 2 }, { productId: BAKERY.productId, quantity: 1 }] })).data.quote;
    // One set (an orange and a tart, ¥13.79) at ¥12: ¥1.79 off, however the second orange is priced.
    assert.equal(q.applied.find((a: any) => a.promotionId === p.id)?.amount.amountFen, FRUIT.priceFen + BAKERY.priceFen - 1200, JSON.stringify(q));
    await call('fruit-owner', END, { id: p.id });
  });

  test('a new-member price applies to a member with no order in the alliance, not to one with orders', async () => {
    const p = await launch(spendInput({ kind: 'NEW_MEMBER', title: `新人立减 ${randomUUID().slice(0, 4)}`, minSpendFen: null, minShops: null, discountFen: 300 }));
    ids.push(p.id);
    const lines = [{ productId: FRUIT.productId, quantity: 1 }];
    const newcomer = (await call('leader2', QUOTE, { lines })).data.quote;
    assert.equal(newcomer.applied.find((a: any) => a.promotionId === p.id)?.amount.amountFen, 300, JSON.stringify(newcomer));
    assert.equal((await call('alice', QUOTE, { lines })).data.quote.applied.some((a: any) => a.promotionId === p.id), false);
    assert.equal((await call(null, QUOTE, { lines })).data.quote.applied.some((a: any) => a.promotionId === p.id), false);
    await call('fruit-owner', END, { id: p.id });
  });

  test('a presale sells its quantity in units and no more; its pickup date is in the explanation', async () => {
    const p = await launch(
      spendInput({ kind: 'PRESALE', title: `脐橙预售 ${randomUUID().slice(0, 4)}`, minSpendFen: null, minShops: null, discountFen: 100, totalLimit: 3, productIds: [FRUIT.productId], pickupDate: new Date(Date.now() + 10 * day).toISOString(), funding: [{ merchantId: FRUIT.merchantId, percent: 100 }] }),
    );
    ids.push(p.id);
    const two = [{ productId: FRUIT.productId, quantity: 2 }];
    const q = (await call('alice', QUOTE, { lines: two })).data.quote;
    const applied = q.applied.find((a: any) => a.promotionId === p.id);
    assert.equal(applied?.amount.amountFen, 200, JSON.stringify(q));
    assert.match(applied.explanation, /起提货/);
    const first = await call('alice', PLACE, { input: { lines: two, paymentMethod: 'ON_HANDOVER', pickupPointId: 'pp-cuiyuan', idempotencyKey: key() } });
    assert.deepEqual(first.data.placeOrder.userErrors, []);
    // One unit left: a cart of two is told so, and its checkout fails rather than charge the full price.
    assert.deepEqual((await call('bob', QUOTE, { lines: two })).data.quote.userErrors.map((e: any) => e.code), ['PRESALE_SOLD_OUT']);
    const second = await call('bob', PLACE, { input: { lines: two, paymentMethod: 'ON_HANDOVER', pickupPointId: 'pp-cuiyuan', idempotencyKey: key() } });
    assert.deepEqual(second.data.placeOrder.userErrors.map((e: any) => e.code), ['PRESALE_SOLD_OUT']);
    const last = await call('bob', PLACE, { input: { lines: [{ productId: FRUIT.productId, quantity: 1 }], paymentMethod: 'ON_HANDOVER', pickupPointId: 'pp-cuiyuan', idempotencyKey: key() } });
    assert.equal(last.data.placeOrder.checkout.discountTotal.amountFen, 100);
    await call('fruit-owner', END, { id: p.id });
  });
});

describe('schedule', () => {
  const SUBGRAPHS = ['merchants', 'members', 'promotions'];
  after(() => setStackClockOffset(env.natsUrl, 0, { secret: env.gatewaySecret, services: SUBGRAPHS }));

  test('a promotion past its end is ended by the system: out of carts, in the audit', async () => {
    const p = await launch(spendInput({ endsAt: new Date(Date.now() + day).toISOString() }));
    assert.equal(p.live, true);
    await setStackClockOffset(env.natsUrl, 2 * day, { secret: env.gatewaySecret, services: SUBGRAPHS });
    await eventually(async () => {
      const now = (await call('fruit-owner', ONE, { id: p.id })).data.promotion;
      assert.deepEqual([now.status, now.live, now.audit.at(-1).action, now.audit.at(-1).by], ['ENDED', false, 'ENDED', 'SYSTEM']);
    }, 30_000);
    assert.equal((await call('alice', QUOTE, { lines: cart })).data.quote.applied.some((a: any) => a.promotionId === p.id), false);
  });
});
