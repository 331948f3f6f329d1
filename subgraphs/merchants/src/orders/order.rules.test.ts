import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decideArrival,
  decideCancel,
  decideComplete,
  decideEscalation,
  decideHandover,
  decideReady,
  decideRefundDecision,
  decideRefundRequest,
  maskPhone,
  orderProjection,
  refundedPerPart,
  type OrderFact,
  type OrderState,
  type PlacedOrder,
} from './order.rules.js';

const at = new Date('2026-11-29T02:00:00Z');
const policy = { afterSalesMs: 7 * 86_400_000 };
const placed: PlacedOrder = {
  orderId: 'co-1-1',
  checkoutId: 'co-1',
  allianceId: 'demo',
  merchantId: 'm-fruit',
  buyer: { subject: 'alice', name: 'Alice', phone: '13800138000' },
  lines: [
    { id: '1', productId: 'p1', specId: 'p1-1', productName: '黄桃', specName: '斤', category: 'fruit', unitPriceFen: 1280, quantity: 3 },
    { id: '2', productId: 'p2', specId: 'p2-1', productName: '芒果', specName: '斤', category: 'fruit', unitPriceFen: 990, quantity: 1 },
  ],
  subtotalFen: 4830,
  deliveryFeeFen: 500,
  totalFen: 5330,
  paymentMethod: 'ONLINE',
  fulfilment: { kind: 'PICKUP', pickupPointId: 'pp-1' },
  pickupCode: '123456',
  note: null,
  placedAt: at.toISOString(),
};

function play(...facts: OrderFact[]): OrderState {
  return facts.reduce(orderProjection.evolve, orderProjection.initial);
}
function apply(state: OrderState, d: ReturnType<typeof decideReady>): OrderState {
  assert.ok('fact' in d, JSON.stringify(d));
  return orderProjection.evolve(state, d.fact);
}
const paid = () => play({ type: 'placed', order: placed }, { type: 'paid', at: at.toISOString(), transactionId: 't1' });

test('paid online: PLACED → PAID → READY → AT_PICKUP_POINT → PICKED_UP → COMPLETED after the window', () => {
  let s = paid();
  assert.equal(s.status, 'PAID');
  s = apply(s, decideReady(s, at));
  s = apply(s, decideArrival(s, at));
  assert.deepEqual(decideHandover(s, '000000', false, 'LEADER', at, policy), { error: { code: 'WRONG_PICKUP_CODE', message: 'the pickup code does not match this order', field: ['pickupCode'] } });
  s = apply(s, decideHandover(s, ' 123456 ', false, 'LEADER', at, policy));
  assert.equal(s.status, 'PICKED_UP');
  assert.equal(s.afterSalesUntil, new Date(at.getTime() + policy.afterSalesMs).toISOString());
  assert.equal((decideComplete(s, new Date(at.getTime() + 1000)) as { error: { code: string } }).error.code, 'AFTER_SALES_OPEN');
  s = apply(s, decideComplete(s, new Date(at.getTime() + policy.afterSalesMs)));
  assert.deepEqual(s.timeline.map((t) => t.status), ['PLACED', 'PAID', 'READY', 'AT_PICKUP_POINT', 'PICKED_UP', 'COMPLETED']);
});

test('paid at handover: an unpaid order is packed, and handed over only once the money is collected', () => {
  let s = play({ type: 'placed', order: { ...placed, paymentMethod: 'ON_HANDOVER' } });
  s = apply(s, decideReady(s, at));
  s = apply(s, decideArrival(s, at));
  assert.equal((decideHandover(s, '123456', false, 'LEADER', at, policy) as { error: { code: string } }).error.code, 'PAYMENT_NOT_COLLECTED');
  s = apply(s, decideHandover(s, '123456', true, 'LEADER', at, policy));
  assert.equal(s.paid, true);
});

test('an unpaid online order cannot be packed; nothing is cancelled once packed', () => {
  const s = play({ type: 'placed', order: placed });
  assert.equal((decideReady(s, at) as { error: { code: string } }).error.code, 'INVALID_TRANSITION');
  const ready = apply(paid(), decideReady(paid(), at));
  assert.equal((decideCancel(ready, 'SHOPPER', 'x', at) as { error: { code: string } }).error.code, 'INVALID_TRANSITION');
  assert.equal(apply(s, decideCancel(s, 'SYSTEM', '超时', at)).status, 'CANCELLED');
});

test('refunds: lines and quantities checked, one open request at a time, never past what was paid', () => {
  let s = paid();
  const req = (lines: { lineId: string; quantity: number }[] | null, id = 'r1') => decideRefundRequest(s, { refundId: id, lines, reason: '坏了', noReason: false, photoUrls: [] }, at);
  assert.equal((req([{ lineId: '1', quantity: 4 }]) as { error: { code: string } }).error.code, 'INVALID_QUANTITY');
  assert.equal((req([{ lineId: '9', quantity: 1 }]) as { error: { code: string } }).error.code, 'UNKNOWN_LINE');
  s = apply(s, req([{ lineId: '1', quantity: 2 }]));
  assert.equal(s.refunds[0]!.requestedFen, 2560);
  assert.equal((req(null, 'r2') as { error: { code: string } }).error.code, 'REFUND_IN_PROGRESS');
  assert.equal((decideRefundDecision(s, 'r1', 'SHOP', true, 2561, false, null, at) as { error: { code: string } }).error.code, 'INVALID_AMOUNT');
  s = apply(s, decideRefundDecision(s, 'r1', 'SHOP', true, 2000, true, null, at));
  assert.equal(s.refundedFen, 2000);
  assert.equal(s.refundedQuantities['1'], 2);
  // The rest of the order, before handover, includes the delivery fee: exactly what is left.
  s = apply(s, req(null, 'r2'));
  assert.equal(s.refunds[1]!.requestedFen, 1280 + 990 + 500);
  s = apply(s, decideRefundDecision(s, 'r2', 'SHOP', false, null, false, '保存不当', at));
  assert.equal((decideRefundDecision(s, 'r2', 'SHOP', true, null, false, null, at) as { error: { code: string } }).error.code, 'INVALID_TRANSITION');
  s = apply(s, decideEscalation(s, 'r2', '请平台处理', at));
  assert.deepEqual([s.refunds[1]!.note, s.refunds[1]!.escalationNote], ['保存不当', '请平台处理'], 'the shop’s note survives the escalation');
  assert.equal((decideEscalation(s, 'r2', null, at) as { error: { code: string } }).error.code, 'INVALID_TRANSITION');
  s = apply(s, decideRefundDecision(s, 'r2', 'ADMIN', true, null, false, null, at));
  assert.equal(s.refundedFen, 2000 + 2770);
  assert.ok(s.refundedFen <= s.totalFen);
  const parts = refundedPerPart(s);
  assert.equal(parts.reduce((a, b) => a + b, 0), s.refundedFen, 'the cumulative split sums to the refunded amount');
});

test('七天无理由 only for non-perishables, within 7 days of receipt; fresh food needs a reason', () => {
  const received = (category: string) => {
    let s = play({ type: 'placed', order: { ...placed, lines: placed.lines.map((l) => ({ ...l, category })) } }, { type: 'paid', at: at.toISOString(), transactionId: 't' });
    s = apply(s, decideReady(s, at));
    s = apply(s, decideArrival(s, at));
    return apply(s, decideHandover(s, '123456', false, 'LEADER', at, policy));
  };
  const ask = (s: OrderState, days: number) => decideRefundRequest(s, { refundId: 'r', lines: null, reason: '不想要', noReason: true, photoUrls: [] }, new Date(at.getTime() + days * 86_400_000));
  assert.equal((ask(received('fruit'), 1) as { error: { code: string } }).error.code, 'NO_REASON_RETURN_NOT_ALLOWED');
  assert.ok('fact' in ask(received('baby'), 6));
  assert.equal((ask(received('baby'), 8) as { error: { code: string } }).error.code, 'NO_REASON_RETURN_CLOSED');
  assert.equal((ask(received('baby'), 31) as { error: { code: string } }).error.code, 'AFTER_SALES_CLOSED');
  const afterHandover = ask(received('baby'), 1);
  assert.ok('fact' in afterHandover && afterHandover.fact.type === 'refund-requested' && afterHandover.fact.refund.requestedFen === 4830, 'the delivery fee stays with the shop once delivered');
});

test('phones are masked to the first three and last four digits', () => {
  assert.equal(maskPhone('13800138000'), '138****8000');
  assert.equal(maskPhone(''), '');
  assert.equal(maskPhone('12345'), '*****');
});

test('a cancellation refunds what is left and closes the order to later refunds; an open request blocks it', () => {
  let s = paid();
  s = apply(s, decideRefundRequest(s, { refundId: 'r1', lines: [{ lineId: '1', quantity: 1 }], reason: '坏了', noReason: false, photoUrls: [] }, at));
  assert.equal((decideCancel(s, 'SHOPPER', '不要了', at) as { error: { code: string } }).error.code, 'REFUND_IN_PROGRESS');
  s = apply(s, decideRefundDecision(s, 'r1', 'SHOP', true, null, true, null, at));
  assert.equal(s.refundedFen, 1280);
  s = apply(s, decideCancel(s, 'SHOPPER', '不要了', at));
  assert.equal(s.refundedFen, s.totalFen, 'cancelled when paid: refunded in full, never more');
  assert.equal((decideRefundRequest(s, { refundId: 'r2', lines: null, reason: 'x', noReason: false, photoUrls: [] }, at) as { error: { code: string } }).error.code, 'INVALID_TRANSITION');
});
