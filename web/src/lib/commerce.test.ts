/** Pure helpers of the cart, checkout, order and desk pages (issue 6). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { guestCartView, memberCartView, type CatalogProduct } from './cart-view';
import { defaultPickupPoint, deliveryFeeFen, homeNeighborhoodToRemember, placeOrderInput, readCheckoutLines, checkoutValues } from './checkout-form';
import { readFlash, sealFlash, withFlashParam } from './flash';
import { MAX_GUEST_LINES, addGuestLine, guestCartCount, readGuestCart, sealGuestCart, setGuestLine, toCartLineInputs } from './guest-cart';
import { yuanToFen } from './money';
import { ORDER_STATUSES, canCancel, canMarkReady, collectPage, deskTabs, myOrdersQuery, pageOf, parseDeskStatus, parseMyOrdersTab, refundsByOrder, type Connection, type TabOrder } from './order-tabs';
import { payTargetOf } from './pay-params';
import { isAllianceAdmin, isGroupLeader, isShopStaff, principalFromAccessToken } from './principal';
import { errorsAt, fieldKey, unclaimedErrors } from './user-errors';

const secret = 'a-test-secret-that-is-long-enough-123456';

test('guest cart: adds, merges same line, sets, removes, caps, survives sealing', () => {
  let lines = addGuestLine([], { productId: 'p-1', quantity: 2 }).lines;
  lines = addGuestLine(lines, { productId: 'p-2', specId: 'p-2-s2', quantity: 1 }).lines;
  lines = addGuestLine(lines, { productId: 'p-1', quantity: 3 }).lines;
  assert.deepEqual(lines, [{ productId: 'p-2', specId: 'p-2-s2', quantity: 1 }, { productId: 'p-1', quantity: 5 }]);
  // Another spec of the same product is another line.
  lines = addGuestLine(lines, { productId: 'p-2', specId: 'p-2-s1', quantity: 1 }).lines;
  assert.equal(lines.length, 3);
  assert.equal(guestCartCount(lines), 7);
  assert.equal(addGuestLine(lines, { productId: 'p-1', quantity: 0 }).error, 'INVALID_QUANTITY');
  assert.equal(addGuestLine(lines, { productId: 'p-1', quantity: 95 }).error, 'INVALID_QUANTITY');
  lines = setGuestLine(lines, { productId: 'p-1', quantity: 9 }).lines;
  assert.equal(lines.find((l) => l.productId === 'p-1')?.quantity, 9);
  lines = setGuestLine(lines, { productId: 'p-2', specId: 'p-2-s2', quantity: 0 }).lines;
  assert.deepEqual(lines.map((l) => l.specId ?? l.productId), ['p-2-s1', 'p-1']);

  const sealed = sealGuestCart(lines, secret);
  assert.ok(sealed.length < 1000, `small cookie (${sealed.length})`);
  assert.deepEqual(readGuestCart(sealed, secret), lines);
  assert.deepEqual(readGuestCart(sealed, `${secret}x`), [], 'another secret opens nothing');
  assert.deepEqual(readGuestCart('garbage', secret), []);
  assert.deepEqual(toCartLineInputs(lines), [
    { productId: 'p-2', specId: 'p-2-s1', quantity: 1 },
    { productId: 'p-1', specId: null, quantity: 9 },
  ]);

  let full: typeof lines = [];
  for (let i = 0; i < MAX_GUEST_LINES; i++) full = addGuestLine(full, { productId: `p-${i}`, quantity: 1 }).lines;
  assert.equal(addGuestLine(full, { productId: 'p-new', quantity: 1 }).error, 'CART_FULL');
  assert.ok(sealGuestCart(full, secret).length < 3800, 'a full guest cart still fits one cookie');
});

test('guest cart: junk in a (validly sealed) payload is dropped', () => {
  const sealed = sealGuestCart([{ productId: 'ok', quantity: 2 }, { productId: 'bad id!', quantity: 1 }, { productId: 'x', quantity: -1 }] as never, secret);
  assert.deepEqual(readGuestCart(sealed, secret), [{ productId: 'ok', quantity: 2 }]);
});

const shop = (id: string) => ({ id, name: id, kind: 'FRUIT', badge: 'x', neighborhood: 'n' });
const product = (id: string, merchant: string, specs: [string, number, number][]): CatalogProduct => ({
  id,
  name: `name-${id}`,
  category: 'fruit',
  merchant: shop(merchant),
  specs: specs.map(([sid, price, stock]) => ({ id: sid, name: sid, stock, price: { amountFen: price } })),
});

test('guest cart view: grouped by shop with subtotals, short stock and missing products flagged', () => {
  const products = new Map<string, CatalogProduct | null>([
    ['a', product('a', 'm1', [['a-1', 1280, 10]])],
    ['b', product('b', 'm2', [['b-1', 16800, 8], ['b-2', 22800, 1]])],
    ['c', product('c', 'm1', [['c-1', 500, 5]])],
    ['gone', null],
  ]);
  const view = guestCartView(
    [
      { productId: 'a', quantity: 2 },
      { productId: 'b', specId: 'b-2', quantity: 2 },
      { productId: 'c', specId: 'c-1', quantity: 1 },
      { productId: 'gone', quantity: 1 },
      { productId: 'b', quantity: 1 },
    ],
    products,
  );
  assert.deepEqual(view.groups.map((g) => [g.merchant.id, g.subtotalFen, g.lines.length]), [['m1', 3060, 2], ['m2', 45600, 1]]);
  assert.equal(view.totalFen, 3060 + 45600);
  assert.equal(view.totalQuantity, 5);
  const cake = view.groups[1]!.lines[0]!;
  assert.equal(cake.specName, 'b-2', 'a product with several specs shows which');
  assert.equal(cake.soldOut, true);
  assert.equal(view.groups[0]!.lines[0]!.specName, undefined, 'a single spec is not named');
  // Gone product, and a spec-less line of a two-spec product: unavailable, never silently priced.
  assert.deepEqual(view.unavailable.map((l) => l.productId), ['gone', 'b']);
  assert.equal(view.hasProblems, true);
});

test('member cart view: keeps the price before a change', () => {
  const line = {
    quantity: 2,
    priceChanged: true,
    soldOut: false,
    unavailable: false,
    unitPrice: { amountFen: 1380 },
    addedPrice: { amountFen: 1280 },
    lineTotal: { amountFen: 2760 },
    product: { id: 'a', name: 'A', category: 'fruit', specs: [{ id: 'a-1' }] },
    spec: { id: 'a-1', name: '斤', stock: 3 },
  };
  const view = memberCartView({
    totalQuantity: 2,
    hasProblems: true,
    total: { amountFen: 2760 },
    groups: [{ merchant: shop('m1'), subtotal: { amountFen: 2760 }, lines: [line] }],
    unavailableLines: [{ ...line, product: null }],
  });
  assert.equal(view.groups[0]!.lines[0]!.oldUnitFen, 1280);
  assert.equal(view.groups[0]!.lines[0]!.specId, 'a-1');
  assert.equal(view.unavailable.length, 0, 'a line without a product cannot be shown or removed by id');
});

function form(entries: [string, string][]): FormData {
  const f = new FormData();
  for (const [k, v] of entries) f.append(k, v);
  return f;
}

test('checkout form: lines with the price seen, pickup or delivery, values kept without lines or key', () => {
  const f = form([
    ['idempotencyKey', 'co-abcdefgh'],
    ['lineCount', '2'],
    ['line.0.productId', 'p-fruit-01'],
    ['line.0.quantity', '2'],
    ['line.0.unitFen', '1280'],
    ['line.1.productId', 'p-bakery-07'],
    ['line.1.specId', 'p-bakery-07-2'],
    ['line.1.quantity', '1'],
    ['line.1.unitFen', '22800'],
    ['fulfilment', 'PICKUP'],
    ['pickupPointId', 'pp-cuiyuan'],
    ['paymentMethod', 'ONLINE'],
    ['address', 'ignored for pickup'],
    ['note', ''],
  ]);
  assert.equal(readCheckoutLines(f).length, 2);
  assert.deepEqual(placeOrderInput(f), {
    lines: [
      { productId: 'p-fruit-01', specId: null, quantity: 2, expectedUnitPriceFen: 1280 },
      { productId: 'p-bakery-07', specId: 'p-bakery-07-2', quantity: 1, expectedUnitPriceFen: 22800 },
    ],
    paymentMethod: 'ONLINE',
    idempotencyKey: 'co-abcdefgh',
    note: null,
    pickupPointId: 'pp-cuiyuan',
  });
  const values = checkoutValues(f);
  assert.equal(values.pickupPointId, 'pp-cuiyuan');
  assert.ok(!('idempotencyKey' in values) && !('line.0.productId' in values) && !('lineCount' in values));

  const d = form([
    ['idempotencyKey', 'co-k2345678'],
    ['lineCount', '1'],
    ['line.0.productId', 'p-1'],
    ['line.0.quantity', 'x'],
    ['line.0.unitFen', ''],
    ['fulfilment', 'DELIVERY'],
    ['address', '文三路 1 号'],
    ['contactName', 'Alice'],
    ['phone', '13800138000'],
    ['slot.m-fruit', 'slot-1'],
    ['paymentMethod', 'ON_HANDOVER'],
  ]);
  const input = placeOrderInput(d);
  assert.deepEqual(input.lines, [{ productId: 'p-1', specId: null, quantity: 0, expectedUnitPriceFen: null }], 'no price seen: none expected');
  assert.deepEqual(input.delivery, { address: '文三路 1 号', contactName: 'Alice', phone: '13800138000', slots: [{ merchantId: 'm-fruit', slotId: 'slot-1' }] });
  assert.equal(input.pickupPointId, undefined);
  assert.equal(input.paymentMethod, 'ON_HANDOVER');
});

test('checkout: the home neighbourhood picks the pickup point; delivery is free from the threshold', () => {
  const points = [
    { id: 'pp-wenxin', neighborhood: '文新小区', open: true },
    { id: 'pp-closed', neighborhood: '翠苑一区', open: false },
    { id: 'pp-cuiyuan', neighborhood: '翠苑一区', open: true },
  ];
  assert.equal(defaultPickupPoint(points, '翠苑一区'), 'pp-cuiyuan');
  assert.equal(defaultPickupPoint(points, null), 'pp-wenxin');
  assert.equal(defaultPickupPoint(points, '翠苑一区', 'pp-wenxin'), 'pp-wenxin', 'her earlier choice wins');
  assert.equal(defaultPickupPoint(points, '翠苑一区', 'pp-closed'), 'pp-cuiyuan', 'never a closed point');
  assert.equal(defaultPickupPoint([], '翠苑一区'), undefined);
  const terms = { fee: { amountFen: 500 }, freeFrom: { amountFen: 5000 } };
  assert.equal(deliveryFeeFen(terms, 4999), 500);
  assert.equal(deliveryFeeFen(terms, 5000), 0);
  assert.equal(deliveryFeeFen({ ...terms, freeFrom: null }, 99999), 500);
  assert.equal(deliveryFeeFen(null, 100), null);
});

test('userErrors land next to the field or line they name', () => {
  const errors = [
    { code: 'OUT_OF_STOCK', message: 'm', field: ['lines', '1', 'quantity'] },
    { code: 'PRICE_CHANGED', message: 'm', field: ['lines', '10'] },
    { code: 'PICKUP_POINT_CLOSED', message: 'm', field: ['pickupPointId'] },
    { code: 'IDEMPOTENCY_KEY_REUSED', message: 'm', field: null },
  ];
  assert.deepEqual(errorsAt(errors, 'lines', 1).map((e) => e.code), ['OUT_OF_STOCK']);
  assert.deepEqual(errorsAt(errors, 'lines', 10).map((e) => e.code), ['PRICE_CHANGED'], 'lines.1 does not claim lines.10');
  assert.deepEqual(errorsAt(errors, 'pickupPointId').map((e) => e.code), ['PICKUP_POINT_CLOSED']);
  assert.deepEqual(errorsAt(errors), []);
  assert.deepEqual(unclaimedErrors(errors, [['lines', 1], ['pickupPointId']]).map((e) => e.code), ['PRICE_CHANGED', 'IDEMPOTENCY_KEY_REUSED']);
  assert.equal(fieldKey(['lines', '0', 'quantity']), 'lines.0.quantity');
  assert.equal(fieldKey(null), '');
});

test('flash: shown only on the page whose URL names it', () => {
  const sealed = sealFlash({ id: 'abc', errors: [{ code: 'OUT_OF_STOCK', message: 'x'.repeat(1000), field: ['lines', '0'] }], values: { phone: '138' } }, secret);
  const flash = readFlash(sealed, 'abc', secret);
  assert.equal(flash?.errors?.[0]?.message.length, 300, 'messages are bounded');
  assert.equal(flash?.values?.phone, '138');
  assert.equal(readFlash(sealed, 'other', secret), undefined);
  assert.equal(readFlash(sealed, undefined, secret), undefined);
  assert.equal(withFlashParam('/merchant?shop=m-fruit&flash=old', 'new'), '/merchant?shop=m-fruit&flash=new');
  assert.equal(withFlashParam('/cart', 'f1'), '/cart?flash=f1');
});

const withRefunds = (n: number): TabOrder => ({ refunds: Array.from({ length: n }) });

test('order tabs: each state tab is one exact query; only "refunds" filters here', () => {
  assert.equal(parseMyOrdersTab('toPickUp'), 'toPickUp');
  assert.equal(parseMyOrdersTab('nope'), 'all');
  assert.equal(parseMyOrdersTab(undefined), 'all');
  assert.deepEqual(myOrdersQuery('all'), { statuses: [], keep: null });
  assert.deepEqual(myOrdersQuery('toPay'), { statuses: ['PLACED'], keep: null }, 'unpaid online, and pay-at-handover not yet packed');
  assert.deepEqual(myOrdersQuery('toPickUp'), { statuses: ['PAID', 'READY', 'AT_PICKUP_POINT'], keep: null });
  assert.deepEqual(myOrdersQuery('done'), { statuses: ['PICKED_UP', 'DELIVERED', 'COMPLETED'], keep: null });
  // Every state but CANCELLED is in exactly one of the state tabs: an order never shows in two of them.
  const tabbed = (['toPay', 'toPickUp', 'done'] as const).flatMap((k) => myOrdersQuery(k).statuses);
  assert.equal(new Set(tabbed).size, tabbed.length, 'no state in two tabs');
  assert.deepEqual([...tabbed].sort(), ORDER_STATUSES.filter((s) => s !== 'CANCELLED').sort());
  const refunds = myOrdersQuery('refunds');
  assert.deepEqual(refunds.statuses, []);
  assert.ok(refunds.keep);
  assert.equal(refunds.keep(withRefunds(1)), true);
  assert.equal(refunds.keep(withRefunds(0)), false);

  assert.equal(parseDeskStatus('READY'), 'READY');
  assert.equal(parseDeskStatus('ready'), null);
  assert.deepEqual(deskTabs([{ status: 'PAID', count: 3 }]).filter((c) => c.count > 0), [{ status: 'PAID', count: 3 }]);
  assert.equal(deskTabs([]).length, 8);
  assert.equal(canMarkReady({ status: 'PAID', paymentMethod: 'ONLINE' }), true);
  assert.equal(canMarkReady({ status: 'PLACED', paymentMethod: 'ON_HANDOVER' }), true);
  assert.equal(canMarkReady({ status: 'PLACED', paymentMethod: 'ONLINE' }), false, 'not before it is paid');
  assert.equal(canCancel({ status: 'PAID' }), true);
  assert.equal(canCancel({ status: 'PLACED' }), true);
  assert.equal(canCancel({ status: 'READY' }), false, 'not once packed');

  const page = pageOf({ edges: [{ cursor: 'c1', node: 1 }, { cursor: 'c2', node: 2 }], pageInfo: { hasNextPage: true, endCursor: 'c2' } });
  assert.deepEqual(page, { nodes: [1, 2], endCursor: 'c2', hasNextPage: true });
});

test('desk refund requests: grouped by order, newest first, each order once', () => {
  const r = (id: string, orderId: string) => ({ id, orderId });
  assert.deepEqual(refundsByOrder([r('a-r2', 'a'), r('b-r1', 'b'), r('a-r1', 'a')]), [
    { orderId: 'a', refunds: [r('a-r2', 'a'), r('a-r1', 'a')] },
    { orderId: 'b', refunds: [r('b-r1', 'b')] },
  ]);
  assert.deepEqual(refundsByOrder([]), []);
});

test('payParams: the sandbox page is followed, WeChat JSAPI recognised, anything else ignored', () => {
  assert.deepEqual(payTargetOf(JSON.stringify({ payUrl: '/pay/sandbox/demo:co-1' })), { kind: 'redirect', url: '/pay/sandbox/demo:co-1' });
  const wechat = { appId: 'wx1', timeStamp: '1700000000', nonceStr: 'n', package: 'prepay_id=wx2', signType: 'RSA', paySign: 'sig' };
  assert.deepEqual(payTargetOf(JSON.stringify(wechat)), { kind: 'wechat', params: wechat });
  assert.deepEqual(payTargetOf(JSON.stringify({ ...wechat, paySign: '' })), { kind: 'none' }, 'an incomplete sheet is no sheet');
  for (const bad of ['//evil.example/x', 'https://evil.example/', '/\\evil', 'javascript:alert(1)', '/pay /x']) {
    assert.deepEqual(payTargetOf(JSON.stringify({ payUrl: bad })), { kind: 'none' }, `never off site: ${bad}`);
  }
  assert.deepEqual(payTargetOf(null), { kind: 'none' }, 'paid or expired');
  assert.deepEqual(payTargetOf('not json'), { kind: 'none' });
  assert.deepEqual(payTargetOf('[1]'), { kind: 'none' });
});

test('checkout: "make it my neighbourhood" sends the chosen point\'s neighbourhood, only for pickup and when ticked', () => {
  const form = (entries: Record<string, string>) => {
    const f = new FormData();
    for (const [k, v] of Object.entries(entries)) f.set(k, v);
    return f;
  };
  const base = { fulfilment: 'PICKUP', pickupPointId: 'pp-b', 'ppn.pp-a': '翠苑一区', 'ppn.pp-b': '文一社区' };
  assert.equal(homeNeighborhoodToRemember(form({ ...base, rememberHome: 'true' })), '文一社区');
  assert.equal(homeNeighborhoodToRemember(form(base)), null, 'not ticked');
  assert.equal(homeNeighborhoodToRemember(form({ ...base, rememberHome: 'true', fulfilment: 'DELIVERY' })), null, 'delivery has no point');
  assert.equal(homeNeighborhoodToRemember(form({ ...base, rememberHome: 'true', pickupPointId: 'pp-x' })), null, 'an unknown point');
  assert.equal(checkoutValues(form({ ...base, rememberHome: 'true' }))['ppn.pp-a'], undefined, 'the neighbourhood map is rebuilt, not echoed');
  assert.equal(checkoutValues(form({ ...base, rememberHome: 'true' })).rememberHome, 'true');
});

/** A fake connection of numbers 1..n, `size` per page, cursors "c<n>". */
function numbers(n: number, size: number) {
  const calls: (string | null)[] = [];
  const fetchPage = async (after: string | null): Promise<Connection<number>> => {
    calls.push(after);
    const start = after ? Number(after.slice(1)) : 0;
    const nodes = Array.from({ length: Math.max(0, Math.min(size, n - start)) }, (_, i) => start + i + 1);
    const edges = nodes.map((v) => ({ cursor: `c${v}`, node: v }));
    const end = edges.at(-1)?.cursor ?? null;
    return { edges, pageInfo: { hasNextPage: start + size < n, endCursor: end } };
  };
  return { fetchPage, calls };
}

test('collectPage: filters across pages, resumes where it stopped, stays bounded', async () => {
  const even = (v: number) => v % 2 === 0;
  const a = numbers(30, 5);
  const p1 = await collectPage(a.fetchPage, even, 4, null);
  assert.deepEqual(p1.nodes, [2, 4, 6, 8]);
  assert.equal(p1.endCursor, 'c8');
  assert.equal(p1.hasNextPage, true);
  const p2 = await collectPage(a.fetchPage, even, 4, p1.endCursor);
  assert.deepEqual(p2.nodes, [10, 12, 14, 16], 'the next page starts after the last one shown');

  const b = numbers(7, 5);
  const all = await collectPage(b.fetchPage, () => true, 10, null);
  assert.deepEqual(all.nodes, [1, 2, 3, 4, 5, 6, 7]);
  assert.equal(all.hasNextPage, false);
  assert.equal(all.endCursor, null);

  const exact = await collectPage(numbers(5, 5).fetchPage, () => true, 5, null);
  assert.equal(exact.hasNextPage, false, 'no "more" when the list ends with the page');

  const sparse = numbers(1000, 10);
  const few = await collectPage(sparse.fetchPage, (v) => v === 999, 5, null, 4);
  assert.deepEqual(few.nodes, []);
  assert.equal(sparse.calls.length, 4, 'at most maxFetches reads');
  assert.equal(few.hasNextPage, true);
  assert.equal(few.endCursor, 'c40', 'a short page still offers to go on from where it stopped');
});

function jwt(claims: object): string {
  const b = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b({ alg: 'RS256' })}.${b(claims)}.sig`;
}

test('principal: roles and shop ids from the access token', () => {
  const owner = principalFromAccessToken(jwt({ sub: 's', preferred_username: 'fruit-owner', realm_access: { roles: ['merchant-owner', 'shopper', 'offline_access'] }, merchant_ids: ['m-fruit'] }));
  assert.deepEqual(owner, { username: 'fruit-owner', roles: ['merchant-owner', 'shopper'], merchantIds: ['m-fruit'] });
  assert.equal(isShopStaff(owner), true);
  assert.equal(isGroupLeader(owner), false);
  const single = principalFromAccessToken(jwt({ sub: 's', realm_access: { roles: ['merchant-staff'] }, merchant_ids: 'm-bakery' }));
  assert.deepEqual(single?.merchantIds, ['m-bakery']);
  const leader = principalFromAccessToken(jwt({ sub: 's', preferred_username: 'leader', realm_access: { roles: ['group-leader'] } }));
  assert.equal(isGroupLeader(leader), true);
  assert.equal(isShopStaff(leader), false);
  assert.equal(isAllianceAdmin(leader), false);
  assert.equal(isAllianceAdmin(principalFromAccessToken(jwt({ sub: 's', preferred_username: 'admin', realm_access: { roles: ['alliance-admin'] } }))), true);
  assert.equal(isShopStaff(principalFromAccessToken(jwt({ sub: 's', realm_access: { roles: ['merchant-owner'] } }))), false, 'an owner of no shop has no desk');
  assert.equal(principalFromAccessToken('not-a-jwt'), undefined);
});

test('yuan typed by a shop owner becomes whole fen', () => {
  assert.equal(yuanToFen('12'), 1200);
  assert.equal(yuanToFen('12.5'), 1250);
  assert.equal(yuanToFen(' 0.07 '), 7);
  assert.equal(yuanToFen('12.345'), undefined);
  assert.equal(yuanToFen('-1'), undefined);
  assert.equal(yuanToFen('1e3'), undefined);
  assert.equal(yuanToFen(''), undefined);
});
