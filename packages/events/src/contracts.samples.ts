import type { EventEnvelope, EventType, EventVersion } from './envelope.js';

/**
 * One valid example per contract: the contract test validates each against its JSON Schema, and the
 * TS types check it against the contract, so the two cannot drift apart silently.
 */
type Samples = { [T in EventType]: { [V in EventVersion<T>]: EventEnvelope<T, V> } };

const product = {
  productId: 'p-peach',
  merchantId: 'm-fruit',
  name: '锦绣黄桃',
  description: '当季黄桃，约 250 g 一个',
  unit: '斤',
  priceFen: 1280,
  stock: 40,
  category: 'fruit',
  listKey: '0001:p-peach',
};
const fact = { allianceId: 'demo', productId: 'p-peach', merchantId: 'm-fruit' };
const at = '2025-06-01T08:00:00.000Z';
const order = { allianceId: 'demo', orderId: 'co-1-1', checkoutId: 'co-1', merchantId: 'm-fruit', memberSubject: 'sub-alice', totalFen: 2560, paymentMethod: 'ONLINE' as const, pickupPointId: 'pp-cuiyuan', at };
const promotion = { allianceId: 'demo', promotionId: 'pr-7' };
const sharing = { allianceId: 'demo', orderId: 'co-1-1', merchantId: 'm-fruit', outOrderNo: 'PS_co-1-1_3f2a9c0d1b7e4a55' };

export const SAMPLES: Samples = {
  'order.placed': {
    1: { id: 'demo:order:co-1-1:0000000001', type: 'order.placed', version: 1, allianceId: 'demo', occurredAt: at, data: { ...order, lines: [{ lineId: '1', productId: 'p-peach', specId: 'p-peach-1', category: 'fruit', quantity: 2, unitPriceFen: 1280 }], subtotalFen: 2560, deliveryFeeFen: 0 } },
  },
  'order.paid': {
    1: { id: 'demo:order:co-1-1:0000000002', type: 'order.paid', version: 1, allianceId: 'demo', occurredAt: at, data: { ...order, by: 'SHOP' } },
  },
  'order.ready': {
    1: { id: 'demo:order:co-1-1:0000000002', type: 'order.ready', version: 1, allianceId: 'demo', occurredAt: at, data: { ...order, by: 'SHOP' } },
  },
  'order.at_pickup_point': {
    1: { id: 'demo:order:co-1-1:0000000002', type: 'order.at_pickup_point', version: 1, allianceId: 'demo', occurredAt: at, data: { ...order, by: 'SHOP' } },
  },
  'order.picked_up': {
    1: { id: 'demo:order:co-1-1:0000000002', type: 'order.picked_up', version: 1, allianceId: 'demo', occurredAt: at, data: { ...order, by: 'SHOP' } },
  },
  'order.delivered': {
    1: { id: 'demo:order:co-1-1:0000000002', type: 'order.delivered', version: 1, allianceId: 'demo', occurredAt: at, data: { ...order, by: 'SHOP' } },
  },
  'order.completed': {
    1: { id: 'demo:order:co-1-1:0000000002', type: 'order.completed', version: 1, allianceId: 'demo', occurredAt: at, data: { ...order, by: 'SHOP' } },
  },
  'order.cancelled': {
    1: { id: 'demo:order:co-1-1:0000000002', type: 'order.cancelled', version: 1, allianceId: 'demo', occurredAt: at, data: { ...order, by: 'SHOP' } },
  },
  'order.refunded': {
    1: { id: 'demo:order:co-1-1:0000000009', type: 'order.refunded', version: 1, allianceId: 'demo', occurredAt: at, data: { ...order, refundId: 'co-1-1-r1', amountFen: 1280, refundedFen: 1280, lines: [{ lineId: '1', quantity: 1 }], restock: false } },
  },
  'catalog.product-created': {
    1: { id: 'demo:catalog:0000000001', type: 'catalog.product-created', version: 1, allianceId: 'demo', occurredAt: at, data: { ...fact, catalogVersion: 1, product } },
  },
  'catalog.product-updated': {
    1: { id: 'demo:catalog:0000000002', type: 'catalog.product-updated', version: 1, allianceId: 'demo', occurredAt: at, data: { ...fact, catalogVersion: 2, product: { ...product, name: '锦绣黄桃（大果）' } } },
  },
  'catalog.price-changed': {
    1: { id: 'demo:catalog:0000000003', type: 'catalog.price-changed', version: 1, allianceId: 'demo', occurredAt: at, data: { ...fact, catalogVersion: 3, priceFen: 1180, previousPriceFen: 1280 } },
  },
  'catalog.stock-changed': {
    1: { id: 'demo:stock:p-peach:0000000017', type: 'catalog.stock-changed', version: 1, allianceId: 'demo', occurredAt: at, data: { ...fact, catalogVersion: 3, stock: 39, specId: 'p-peach-2', specStock: 9, specStockVersion: 4 } },
  },
  'promotion.cost_allocated': {
    1: { id: 'demo:promotion-cost:pr-7:co-1:m-fruit:m-bakery:checkout', type: 'promotion.cost_allocated', version: 1, allianceId: 'demo', occurredAt: at, data: { ...promotion, checkoutId: 'co-1', shopId: 'm-fruit', funderId: 'm-bakery', kind: 'ALLOCATED', amountFen: 1000, cause: 'checkout', at } },
  },
  'promotion.activated': {
    1: { id: 'demo:promotion:pr-7:0000000003', type: 'promotion.activated', version: 1, allianceId: 'demo', occurredAt: at, data: { ...promotion, kind: 'SPEND_ACROSS_SHOPS', title: '果香面包跨店满减', merchantIds: ['m-fruit', 'm-bakery'], startsAt: at, endsAt: '2025-06-30T16:00:00.000Z', at } },
  },
  'promotion.ended': {
    1: { id: 'demo:promotion:pr-7:0000000004', type: 'promotion.ended', version: 1, allianceId: 'demo', occurredAt: at, data: { ...promotion, reason: 'PAUSED', at } },
  },
  'coupon.issued': {
    1: { id: 'demo:coupon:cp-1:issued', type: 'coupon.issued', version: 1, allianceId: 'demo', occurredAt: at, data: { allianceId: 'demo', couponId: 'cp-1', promotionId: 'pr-7', memberSubject: 'sub-alice', issuingShopId: 'm-fruit', redeemShopId: 'm-bakery', orderId: 'co-1-1', validUntil: '2025-06-30T16:00:00.000Z', at } },
  },
  'coupon.redeemed': {
    1: { id: 'demo:coupon:cp-1:redeemed:co-2', type: 'coupon.redeemed', version: 1, allianceId: 'demo', occurredAt: at, data: { allianceId: 'demo', couponId: 'cp-1', promotionId: 'pr-7', memberSubject: 'sub-alice', checkoutId: 'co-2', at } },
  },
  'group_buy.filled': {
    1: { id: 'demo:group:gb-1:0000000003', type: 'group_buy.filled', version: 1, allianceId: 'demo', occurredAt: at, data: { allianceId: 'demo', groupId: 'gb-1', promotionId: 'pr-7', checkoutIds: ['co-1', 'co-2', 'co-3'], at } },
  },
  'group_buy.failed': {
    1: { id: 'demo:group:gb-2:0000000002', type: 'group_buy.failed', version: 1, allianceId: 'demo', occurredAt: at, data: { allianceId: 'demo', groupId: 'gb-2', promotionId: 'pr-7', checkoutIds: ['co-4'], at } },
  },
  'consent.granted': {
    1: { id: 'demo:consent:mem_0123456789abcdef01234567:0000000003', type: 'consent.granted', version: 1, allianceId: 'demo', occurredAt: at, data: { allianceId: 'demo', memberId: 'mem_0123456789abcdef01234567', merchantId: 'm-fruit', purposes: ['PROFILE', 'MARKETING'], by: 'MEMBER', version: 3, at } },
  },
  'consent.revoked': {
    1: { id: 'demo:consent:mem_0123456789abcdef01234567:0000000004', type: 'consent.revoked', version: 1, allianceId: 'demo', occurredAt: at, data: { allianceId: 'demo', memberId: 'mem_0123456789abcdef01234567', merchantId: 'm-fruit', purposes: ['PROFILE'], by: 'MEMBER', version: 4, at } },
  },
  'member.erased': {
    1: { id: 'demo:member-erased:mem_0123456789abcdef01234567', type: 'member.erased', version: 1, allianceId: 'demo', occurredAt: at, data: { allianceId: 'demo', memberId: 'mem_0123456789abcdef01234567', memberSubject: 'sub-alice', at } },
  },
  'points.issued': {
    1: { id: 'demo:points:mem_0123456789abcdef01234567:0000000001', type: 'points.issued', version: 1, allianceId: 'demo', occurredAt: at, data: { allianceId: 'demo', memberId: 'mem_0123456789abcdef01234567', orderId: 'o-1', merchantId: 'm-fruit', lotId: 'm-fruit:2026-11-29', points: 120, expiresAt: '2028-11-28T16:00:00.000Z', at } },
  },
  'points.redeemed': {
    1: { id: 'demo:points:mem_0123456789abcdef01234567:0000000002', type: 'points.redeemed', version: 1, allianceId: 'demo', occurredAt: at, data: { allianceId: 'demo', memberId: 'mem_0123456789abcdef01234567', checkoutId: 'co-2', points: 100, orders: [{ orderId: 'o-2', merchantId: 'm-bakery', points: 100, lots: [{ lotId: 'm-fruit:2026-11-29', issuerId: 'm-fruit', points: 100 }] }], at } },
  },
  'points.returned': {
    1: { id: 'demo:points:mem_0123456789abcdef01234567:0000000003', type: 'points.returned', version: 1, allianceId: 'demo', occurredAt: at, data: { allianceId: 'demo', memberId: 'mem_0123456789abcdef01234567', checkoutId: 'co-2', orderId: 'o-2', merchantId: 'm-bakery', points: 100, lots: [{ lotId: 'm-fruit:2026-11-29', issuerId: 'm-fruit', points: 100 }], at } },
  },
  'points.expired': {
    1: { id: 'demo:points:mem_0123456789abcdef01234567:0000000004', type: 'points.expired', version: 1, allianceId: 'demo', occurredAt: at, data: { allianceId: 'demo', memberId: 'mem_0123456789abcdef01234567', lotId: 'm-fruit:2026-11-29', issuerId: 'm-fruit', points: 20, at } },
  },
  'stored_value.moved': {
    1: { id: 'demo:sv:mem_0123456789abcdef01234567:m-fruit:topup:k-1', type: 'stored_value.moved', version: 1, allianceId: 'demo', occurredAt: at, data: { allianceId: 'demo', memberId: 'mem_0123456789abcdef01234567', memberSubject: 'sub-alice', merchantId: 'm-fruit', kind: 'TOP_UP', amountFen: 20000, balanceFen: 20000, at } },
  },
  'profit_sharing.requested': {
    1: {
      id: 'demo:profit-sharing:PS_co-1-1_3f2a9c0d1b7e4a55',
      type: 'profit_sharing.requested',
      version: 1,
      allianceId: 'demo',
      occurredAt: at,
      data: {
        ...sharing,
        checkoutId: 'co-1',
        totalFen: 384,
        receivers: [
          { kind: 'ALLIANCE', id: 'demo', amountFen: 333, description: '联盟服务费及推广佣金' },
          { kind: 'SHOP', id: 'm-bakery', amountFen: 51, description: '跨店引流费' },
        ],
        at,
      },
    },
  },
  'profit_sharing.return_requested': {
    1: {
      id: 'demo:profit-sharing-return:PR_co-1-1_3f2a9c0d1b7e4a55_90ab12cd34ef5678',
      type: 'profit_sharing.return_requested',
      version: 1,
      allianceId: 'demo',
      occurredAt: at,
      data: { ...sharing, outReturnNo: 'PR_co-1-1_3f2a9c0d1b7e4a55_90ab12cd34ef5678', receiver: { kind: 'ALLIANCE', id: 'demo' }, amountFen: 167, description: '订单退款,分账回退', at },
    },
  },
  'profit_sharing.concluded': {
    1: {
      id: 'demo:profit-sharing-concluded:PS_co-1-1_3f2a9c0d1b7e4a55',
      type: 'profit_sharing.concluded',
      version: 1,
      allianceId: 'demo',
      occurredAt: at,
      data: { ...sharing, status: 'FAILED', reason: { code: 'PROVIDER_REJECTED', providerCode: 'NOT_ENOUGH', message: '分账金额不足' }, at },
    },
  },
  'profit_sharing.return_concluded': {
    1: {
      id: 'demo:profit-sharing-return-concluded:PR_co-1-1_3f2a9c0d1b7e4a55_90ab12cd34ef5678',
      type: 'profit_sharing.return_concluded',
      version: 1,
      allianceId: 'demo',
      occurredAt: at,
      data: { ...sharing, outReturnNo: 'PR_co-1-1_3f2a9c0d1b7e4a55_90ab12cd34ef5678', status: 'SKIPPED', reason: { code: 'SHARING_NOT_MADE', message: 'sharing was never made: nothing to give back' }, at },
    },
  },
};

/** Envelopes that must fail validation (a contract test that cannot fail proves nothing). */
export const INVALID_SAMPLES: Array<{ why: string; envelope: unknown }> = [
  { why: 'price in yuan (a float)', envelope: { ...SAMPLES['catalog.price-changed'][1], data: { ...SAMPLES['catalog.price-changed'][1].data, priceFen: 11.8 } } },
  { why: 'negative stock', envelope: { ...SAMPLES['catalog.stock-changed'][1], data: { ...SAMPLES['catalog.stock-changed'][1].data, stock: -1 } } },
  { why: 'missing productId', envelope: { ...SAMPLES['catalog.product-created'][1], data: { ...SAMPLES['catalog.product-created'][1].data, productId: undefined } } },
  { why: 'wrong version', envelope: { ...SAMPLES['catalog.product-updated'][1], version: 2 } },
  { why: 'an unknown field', envelope: { ...SAMPLES['catalog.stock-changed'][1], data: { ...SAMPLES['catalog.stock-changed'][1].data, reserved: 2 } } },
  { why: 'a zero cost share', envelope: { ...SAMPLES['promotion.cost_allocated'][1], data: { ...SAMPLES['promotion.cost_allocated'][1].data, amountFen: 0 } } },
  { why: 'a reversal signed negative instead of kind REVERSED', envelope: { ...SAMPLES['promotion.cost_allocated'][1], data: { ...SAMPLES['promotion.cost_allocated'][1].data, amountFen: -1000 } } },
  { why: 'an allocation caused by a refund', envelope: { ...SAMPLES['promotion.cost_allocated'][1], data: { ...SAMPLES['promotion.cost_allocated'][1].data, cause: 'demo:order:co-1-1:0000000009' } } },
  { why: 'a reversal caused by checkout', envelope: { ...SAMPLES['promotion.cost_allocated'][1], data: { ...SAMPLES['promotion.cost_allocated'][1].data, kind: 'REVERSED' } } },
  { why: 'an unknown promotion kind', envelope: { ...SAMPLES['promotion.activated'][1], data: { ...SAMPLES['promotion.activated'][1].data, kind: 'FLASH_SALE' } } },
  { why: 'no participating shops', envelope: { ...SAMPLES['promotion.activated'][1], data: { ...SAMPLES['promotion.activated'][1].data, merchantIds: [] } } },
  { why: 'an unknown end reason', envelope: { ...SAMPLES['promotion.ended'][1], data: { ...SAMPLES['promotion.ended'][1].data, reason: 'DECLINED' } } },
  { why: 'a receiver of 0 fen', envelope: { ...SAMPLES['profit_sharing.requested'][1], data: { ...SAMPLES['profit_sharing.requested'][1].data, receivers: [{ kind: 'ALLIANCE', id: 'demo', amountFen: 0, description: 'x' }] } } },
  { why: 'no receivers', envelope: { ...SAMPLES['profit_sharing.requested'][1], data: { ...SAMPLES['profit_sharing.requested'][1].data, receivers: [] } } },
  { why: 'a member as a receiver (members are paid by the alliance)', envelope: { ...SAMPLES['profit_sharing.requested'][1], data: { ...SAMPLES['profit_sharing.requested'][1].data, receivers: [{ kind: 'MEMBER', id: 'sub-bob', amountFen: 10, description: 'x' }] } } },
  { why: 'an out_order_no WeChat refuses', envelope: { ...SAMPLES['profit_sharing.requested'][1], data: { ...SAMPLES['profit_sharing.requested'][1].data, outOrderNo: 'demo:co-1-1' } } },
  { why: 'a description past 80 characters', envelope: { ...SAMPLES['profit_sharing.return_requested'][1], data: { ...SAMPLES['profit_sharing.return_requested'][1].data, description: '退'.repeat(81) } } },
  { why: 'an outcome WeChat has no word for', envelope: { ...SAMPLES['profit_sharing.concluded'][1], data: { ...SAMPLES['profit_sharing.concluded'][1].data, status: 'SUCCESS' } } },
  { why: 'a return outcome without its out_return_no', envelope: { ...SAMPLES['profit_sharing.return_concluded'][1], data: { ...SAMPLES['profit_sharing.return_concluded'][1].data, outReturnNo: undefined } } },
  { why: 'a reason without a code', envelope: { ...SAMPLES['profit_sharing.concluded'][1], data: { ...SAMPLES['profit_sharing.concluded'][1].data, reason: { message: 'x' } } } },
  { why: 'an out_return_no past 64 characters', envelope: { ...SAMPLES['profit_sharing.return_requested'][1], data: { ...SAMPLES['profit_sharing.return_requested'][1].data, outReturnNo: 'R'.repeat(65) } } },
];
