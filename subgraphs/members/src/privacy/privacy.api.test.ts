/**
 * Export and erasure (PIPL) through the gateway, with a Keycloak user made for the test (erasure
 * deletes the login, so never a demo user): she verifies a phone, consents to the fruit shop and places
 * an order; her export holds all of it from every subgraph; after `eraseMe` no query returns her name or
 * phone (her shop's order desk, the shop's members, her own record), her login is gone, and the
 * settlement preview still balances with her order's amounts where they were.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { eventually, gql, getToken, gatewayCaller, testEnv } from '@alliance/testing';
import { createTestUser, restock, type TestUser } from '@alliance/testing/fixtures';

const env = testEnv();
const call = gatewayCaller(env) as (user: string | null, query: string, variables?: Record<string, unknown>) => Promise<any>;

let erin: TestUser;
let token: string;
const asErin = (query: string, variables?: Record<string, unknown>) => gql<any>(env.gatewayUrl, query, variables, { allianceId: 'demo', token });

before(async () => {
  erin = await createTestUser(env, 'erin', { firstName: 'Erin', lastName: 'Zhao' });
  token = await erin.token();
});

// The erasure deletes her login; if the test failed first, tidy up here.
after(() => erin.remove());

const PHONE = `137${String(Date.now()).slice(-8)}`;

test('export holds what every subgraph keeps about her; erasure leaves no name or phone, deletes her login and keeps the amounts', async () => {
  await restock(call, 'fruit-owner', 'p-fruit-06');
  // Her life in the alliance: a verified phone, a consent, an order.
  assert.deepEqual((await asErin('mutation($p: String!) { requestPhoneCode(phone: $p) { userErrors { code } } }', { p: PHONE })).data.requestPhoneCode.userErrors, []);
  const sms = readFileSync(env.smsFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { phone: string; text: string }).filter((l) => l.phone === PHONE).at(-1)!;
  const code = /验证码 (\d{6})/.exec(sms.text)![1]!;
  assert.deepEqual((await asErin('mutation($p: String!, $c: String!) { verifyPhone(phone: $p, code: $c) { userErrors { code } } }', { p: PHONE, c: code })).data.verifyPhone.userErrors, []);
  assert.deepEqual((await asErin('mutation { grantConsent(merchantId: "m-fruit", purposes: [PROFILE]) { userErrors { code } } }')).data.grantConsent.userErrors, []);
  const placed = await asErin('mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { checkout { orders { id total { amountFen } } } userErrors { code } } }', {
    input: { lines: [{ productId: 'p-fruit-06', quantity: 1 }], paymentMethod: 'ON_HANDOVER', pickupPointId: 'pp-cuiyuan', contactPhone: PHONE, idempotencyKey: `erase-${randomUUID()}` },
  });
  assert.deepEqual(placed.data.placeOrder.userErrors, []);
  const order = placed.data.placeOrder.checkout.orders[0];
  const ORDER = 'query($id: ID!) { order(id: $id) { id total { amountFen } buyer { name maskedPhone } } }';
  assert.equal((await call('fruit-owner', ORDER, { id: order.id })).data.order.buyer.name, 'Erin Zhao', 'the shop sees its buyer for the handover');
  const me = (await asErin('{ me { id } }')).data.me;

  // The export: one request, every subgraph's part.
  const exported = (await asErin('mutation { exportMyData { exportedAt member { id heldByMembers heldByMerchants heldByPromotions heldByCommissions } userErrors { code } } }')).data.exportMyData;
  assert.equal(exported.member.id, me.id);
  const members = JSON.parse(exported.member.heldByMembers);
  assert.equal(members.member.phone, PHONE);
  assert.equal(members.consents['m-fruit'].PROFILE.granted, true);
  assert.equal(members.consentLog[0].action, 'GRANTED');
  const merchants = JSON.parse(exported.member.heldByMerchants);
  assert.ok(merchants.orders.some((o: any) => o.orderId === order.id && o.buyer.name === 'Erin Zhao'), 'her order, with what she gave for it');
  assert.ok(Array.isArray(JSON.parse(exported.member.heldByPromotions).coupons));
  assert.match(JSON.parse(exported.member.heldByCommissions).shareCode, /\w+/);

  const PREVIEW = 'mutation($e: DateTime!) { previewSettlement(periodEnd: $e) { trialBalance { balanced } statements { partyKind partyId movement { amountFen } pending { amountFen } } } }';
  const end = new Date(Date.now() + 8 * 86_400_000).toISOString();
  // Her order's postings land from events: take the books once they stop moving.
  const preview = async () => (await call('admin', PREVIEW, { e: end })).data.previewSettlement;
  let shopBefore = await preview();
  for (let i = 0; i < 20; i++) {
    await new Promise((r) => setTimeout(r, 1000));
    const again = await preview();
    if (JSON.stringify(again) === JSON.stringify(shopBefore)) break;
    shopBefore = again;
  }

  // Erasure: confirmed, then everything identifying is gone.
  assert.deepEqual((await asErin('mutation { eraseMe(confirm: "yes") { erased userErrors { code } } }')).data.eraseMe, { erased: false, userErrors: [{ code: 'NOT_CONFIRMED' }] });
  const erased = (await asErin('mutation { eraseMe(confirm: "确认注销") { erased accountDeleted userErrors { code } } }')).data.eraseMe;
  assert.deepEqual(erased, { erased: true, accountDeleted: true, userErrors: [] });
  await assert.rejects(getToken(env.keycloakUrl, erin.username), /refused/, 'her login is gone');

  const record = (await asErin('{ me { displayName username phone birthDate erasedAt } }')).data.me;
  assert.equal(record.displayName, '已注销会员');
  assert.equal(record.phone, null);
  assert.ok(record.erasedAt);
  assert.ok(!JSON.stringify(record).includes('Erin') && !JSON.stringify(record).includes(erin.username));
  await eventually(async () => {
    const seen = (await call('fruit-owner', ORDER, { id: order.id })).data.order;
    assert.equal(seen.buyer.name, '已注销会员', 'the shop’s order no longer names her');
    assert.equal(seen.buyer.maskedPhone, '', 'nor her phone');
    assert.equal(seen.total.amountFen, order.total.amountFen, 'the amount stays');
  });
  const desk = JSON.stringify((await call('fruit-owner', 'query { orderDesk(merchantId: "m-fruit", first: 50) { orders { edges { node { id buyer { name maskedPhone } } } } } }')).data);
  assert.ok(!desk.includes('Erin') && !desk.includes(`${PHONE.slice(0, 3)}****${PHONE.slice(-4)}`), 'the order desk shows neither');
  const shopMembers = JSON.stringify((await call('fruit-owner', 'query { shopMembers(merchantId: "m-fruit", first: 100) { edges { node { name phone } } } }')).data);
  assert.ok(!shopMembers.includes('Erin') && !shopMembers.includes(PHONE), 'the shop’s members do not list her');
  // Another member may now take the phone she held.
  assert.deepEqual((await call('alice', 'mutation($p: String!) { requestPhoneCode(phone: $p) { userErrors { code } } }', { p: PHONE })).data.requestPhoneCode.userErrors.filter((e: any) => e.code === 'PHONE_TAKEN'), []);

  // The books: the same statements and the same balance as before she was erased.
  const shopAfter = await preview();
  assert.equal(shopAfter.trialBalance.balanced, true);
  const fruit = (p: any) => p.statements.find((s: any) => s.partyKind === 'SHOP' && s.partyId === 'm-fruit');
  assert.deepEqual(fruit(shopAfter), fruit(shopBefore), 'the fruit shop’s statement is unchanged');
});
