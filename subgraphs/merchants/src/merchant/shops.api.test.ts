/**
 * Shops and staff through the gateway with real Keycloak tokens: an admin onboards a new shop (its
 * owner's account made through Keycloak's admin API), the owner sets a password through the invitation
 * link and signs in with the shop in merchant_ids, invites staff who join the same way and publish; the
 * authorization matrix; a suspension takes the shop's products off the storefront and refuses new
 * orders until it is reinstated. Only the shop made here is suspended (other suites share the stack).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { errorCodes, gatewayCaller, getServiceToken, gql, testEnv, tokenCache, type GqlResponse } from '@alliance/testing';
import { createTestUser, type TestUser } from '@alliance/testing/fixtures';

const env = testEnv();
const tokens = tokenCache(env.keycloakUrl);
const suffix = randomUUID().slice(0, 8);
const SHOP = `m-t${suffix}`;
const OWNER = `own-${suffix}`;
const OWNER_PASSWORD = `Owner-${suffix}-pw`;
const STAFF_EMAIL = `staff-${suffix}@shop.example`;
const STAFF_PASSWORD = `Staff-${suffix}-pw`;
const SHOPPER = 'shops-shopper';
let shopper: TestUser;
/** Tokens of the people this test makes, from the password they chose. */
const own = new Map<string, string>();

async function passwordToken(username: string, password: string): Promise<string> {
  const res = await fetch(`${env.keycloakUrl}/realms/alliance/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', client_id: 'alliance-cli', username, password, scope: 'openid' }),
  });
  const body = (await res.json()) as { access_token?: string; error_description?: string };
  if (!body.access_token) throw new Error(`no token for ${username}: ${body.error_description ?? res.status}`);
  return body.access_token;
}
const claims = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));

const call = gatewayCaller(env, (u) => (u === SHOPPER ? shopper.token() : own.has(u) ? Promise.resolve(own.get(u)!) : tokens(u))) as (user: string | null, query: string, variables?: Record<string, unknown>) => Promise<GqlResponse<any>>;

const ONBOARD = `mutation($input: OnboardMerchantInput!) { onboardMerchant(input: $input) {
  merchant { id name status neighborhoodsServed delivery { fee { amountFen } freeFrom { amountFen } } licences { businessLicenceNumber foodPermitNumber businessLicenceImage { url } } }
  ownerInvitation { id role email merchantId expiresAt link } userErrors { code field } } }`;
const ACCEPT = 'mutation($t: String!, $p: String!) { acceptInvitation(token: $t, password: $p) { username merchantId userErrors { code field } } }';
const PREVIEW = 'query($t: String!) { invitation(token: $t) { merchantName email role } }';
const INVITE = 'mutation($m: ID!, $e: String!) { inviteStaff(merchantId: $m, email: $e) { invitation { id role email link } userErrors { code field } } }';
const SUSPEND = 'mutation($id: ID!, $r: String!) { suspendMerchant(id: $id, reason: $r) { merchant { id status suspendedReason } userErrors { code field } } }';
const REINSTATE = 'mutation($id: ID!) { reinstateMerchant(id: $id) { merchant { id status suspendedReason } userErrors { code field } } }';
const CREATE = 'mutation($input: ProductInput!) { createProduct(input: $input) { product { id specs { id } } userErrors { code field } } }';
const SET_PRICE = 'mutation($id: ID!, $p: Fen!) { setProductPrice(id: $id, priceFen: $p) { userErrors { code field } } }';
const QUOTE = 'query($lines: [OrderLineInput!]!) { quote(lines: $lines) { userErrors { code field } } }';
const STOREFRONT = 'query($m: ID!) { storefront(first: 50, filter: { merchantId: $m }) { totalCount edges { node { id } } } }';
const MERCHANTS = '{ merchants { id status } }';
const SHOP_VIEW = 'query($id: ID!) { merchant(id: $id) { status suspendedReason } }';
const AUDIT = 'query($id: ID!) { merchant(id: $id) { auditLog(first: 20) { edges { node { action actor subjectId before after } } } } }';
const PENDING = 'query($id: ID!) { merchant(id: $id) { pendingInvitations { email role } } }';
const PLACE = 'mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { checkout { orders { id } } userErrors { code field } } }';

const onboarding = (over: Record<string, unknown> = {}) => ({
  input: {
    id: SHOP,
    name: `测试果园 ${suffix}`,
    kind: 'FRUIT',
    neighborhood: '翠苑一区',
    neighborhoodsServed: ['翠苑一区', '文新小区'],
    address: '文三路 100 号',
    delivery: { delivers: true, feeFen: 300, freeFromFen: 3000 },
    businessLicenceNumber: '91330106MA2CFX1234',
    foodPermitNumber: 'JY13301060012345',
    ownerUsername: OWNER,
    ownerEmail: `${OWNER}@shop.example`,
    ...over,
  },
});
const tokenOf = (link: string) => link.split('/invite/')[1]!;
const product = (merchantId: string, name: string) => ({ input: { merchantId, name, category: 'fruit', unit: '斤', specs: [{ name: '500g', priceFen: 1200, stock: 50 }] } });
const order = (productId: string) => ({ input: { lines: [{ productId, quantity: 1 }], paymentMethod: 'ON_HANDOVER', pickupPointId: 'pp-cuiyuan', contactPhone: '13800000000', idempotencyKey: `shops-${randomUUID()}` } });

/** Deletes the accounts this test made (the members service account may manage users). */
async function deleteAccount(username: string): Promise<void> {
  const base = `${env.keycloakUrl}/admin/realms/alliance/users`;
  const auth = { authorization: `Bearer ${await getServiceToken(env.keycloakUrl, 'members')}` };
  const found = (await (await fetch(`${base}?username=${encodeURIComponent(username)}&exact=true`, { headers: auth })).json()) as { id: string }[];
  for (const u of found) await fetch(`${base}/${u.id}`, { method: 'DELETE', headers: auth });
}

before(async () => {
  shopper = await createTestUser(env, 'shops', { firstName: 'Shu', lastName: 'Pu' });
});
after(async () => {
  // Whatever happened, the shop is not left suspended and the accounts go.
  await call('admin', REINSTATE, { id: SHOP }).catch(() => undefined);
  await Promise.all([shopper.remove(), deleteAccount(OWNER), deleteAccount(STAFF_EMAIL)]);
});

test('onboarding, invitations, the authorization matrix and a suspension, through the gateway', async () => {
  // Only alliance admins onboard.
  assert.deepEqual(errorCodes(await call(SHOPPER, ONBOARD, onboarding())), ['FORBIDDEN']);
  assert.deepEqual(errorCodes(await call('fruit-owner', ONBOARD, onboarding())), ['FORBIDDEN']);
  // Field-level problems; nothing made.
  const invalid = (await call('admin', ONBOARD, onboarding({ businessLicenceNumber: 'ABC', foodPermitNumber: null, neighborhoodsServed: [] }))).data.onboardMerchant;
  assert.deepEqual(invalid.userErrors.map((e: any) => e.code).sort(), ['FOOD_PERMIT_REQUIRED', 'INVALID_LICENCE_NUMBER', 'REQUIRED']);
  // A taken owner username: refused before anything is made.
  const taken = (await call('admin', ONBOARD, onboarding({ ownerUsername: 'fruit-owner' }))).data.onboardMerchant;
  assert.deepEqual(taken.userErrors, [{ code: 'OWNER_USERNAME_TAKEN', field: ['input', 'ownerUsername'] }]);
  assert.equal((await call('admin', SHOP_VIEW, { id: SHOP })).data.merchant, null, 'no shop without an owner');

  // The admin onboards the shop.
  const onboarded = await call('admin', ONBOARD, onboarding());
  const payload = onboarded.data?.onboardMerchant;
  assert.deepEqual(payload?.userErrors, [], JSON.stringify(onboarded));
  assert.equal(payload.merchant.status, 'ACTIVE');
  assert.deepEqual(payload.merchant.neighborhoodsServed, ['翠苑一区', '文新小区']);
  assert.deepEqual(payload.merchant.delivery && { fee: payload.merchant.delivery.fee.amountFen, freeFrom: payload.merchant.delivery.freeFrom.amountFen }, { fee: 300, freeFrom: 3000 }, 'the onboarded delivery settings');
  assert.equal(payload.merchant.licences.businessLicenceNumber, '91330106MA2CFX1234');
  assert.equal(payload.ownerInvitation.role, 'MERCHANT_OWNER');
  assert.match(payload.ownerInvitation.link, /\/invite\/[A-Za-z0-9_-]{43}$/);
  // The same id again, or the same name: MERCHANT_EXISTS.
  assert.deepEqual((await call('admin', ONBOARD, onboarding({ ownerUsername: `x${OWNER}`, ownerEmail: `x${OWNER}@shop.example` }))).data.onboardMerchant.userErrors.map((e: any) => e.code), ['MERCHANT_EXISTS']);

  // The link was lost: only an admin issues it again, and the first stops working.
  const REISSUE = 'mutation($m: ID!) { reissueOwnerInvitation(merchantId: $m) { invitation { role email merchantId link } userErrors { code field } } }';
  assert.deepEqual(errorCodes(await call('fruit-owner', REISSUE, { m: SHOP })), ['FORBIDDEN']);
  assert.deepEqual((await call('admin', REISSUE, { m: 'm-fruit' })).data.reissueOwnerInvitation.userErrors, [{ code: 'NO_OWNER_INVITATION', field: ['merchantId'] }], 'a demo shop’s owner was not onboarded');
  assert.deepEqual((await call('admin', REISSUE, { m: 'no-such-shop' })).data.reissueOwnerInvitation.userErrors.map((e: any) => e.code), ['UNKNOWN_MERCHANT']);
  const reissued = (await call('admin', REISSUE, { m: SHOP })).data.reissueOwnerInvitation;
  assert.deepEqual(reissued.userErrors, []);
  assert.deepEqual([reissued.invitation.role, reissued.invitation.email, reissued.invitation.merchantId], ['MERCHANT_OWNER', `${OWNER}@shop.example`, SHOP]);
  assert.notEqual(reissued.invitation.link, payload.ownerInvitation.link);
  const lost = tokenOf(payload.ownerInvitation.link);
  assert.equal((await call(null, PREVIEW, { t: lost })).data.invitation, null, 'the replaced link shows nothing');
  assert.deepEqual((await call(null, ACCEPT, { t: lost, p: OWNER_PASSWORD })).data.acceptInvitation.userErrors.map((e: any) => e.code), ['INVITATION_REVOKED']);

  // The owner opens the link (no sign-in), sets a password, signs in with the shop in merchant_ids.
  const ownerToken = tokenOf(reissued.invitation.link);
  assert.deepEqual((await call(null, PREVIEW, { t: ownerToken })).data.invitation, { merchantName: `测试果园 ${suffix}`, email: `${OWNER}@shop.example`, role: 'MERCHANT_OWNER' });
  assert.deepEqual((await call(null, ACCEPT, { t: ownerToken, p: 'short' })).data.acceptInvitation.userErrors, [{ code: 'WEAK_PASSWORD', field: ['password'] }]);
  // Two accepts at once: one wins, the other finds the link used.
  const accepts = await Promise.all([call(null, ACCEPT, { t: ownerToken, p: OWNER_PASSWORD }), call(null, ACCEPT, { t: ownerToken, p: `${OWNER_PASSWORD}-2` })]);
  const outcomes = accepts.map((r) => r.data.acceptInvitation);
  assert.equal(outcomes.filter((o) => o.username === OWNER && o.merchantId === SHOP).length, 1, JSON.stringify(outcomes));
  assert.deepEqual(outcomes.flatMap((o) => o.userErrors.map((e: any) => e.code)), ['INVITATION_USED']);
  assert.equal((await call(null, PREVIEW, { t: ownerToken })).data.invitation, null, 'a used link shows nothing');
  const winner = accepts.findIndex((r) => r.data.acceptInvitation.username);
  own.set(OWNER, await passwordToken(OWNER, winner === 0 ? OWNER_PASSWORD : `${OWNER_PASSWORD}-2`));
  assert.deepEqual(claims(own.get(OWNER)!).merchant_ids, [SHOP]);
  assert.ok(claims(own.get(OWNER)!).realm_access.roles.includes('merchant-owner'));
  assert.deepEqual((await call('admin', REISSUE, { m: SHOP })).data.reissueOwnerInvitation.userErrors.map((e: any) => e.code), ['OWNER_JOINED'], 'not once the owner has joined');

  // The owner invites staff; the link shows among the pending ones until it is accepted.
  const invited = (await call(OWNER, INVITE, { m: SHOP, e: STAFF_EMAIL })).data.inviteStaff;
  assert.deepEqual(invited.userErrors, []);
  assert.equal(invited.invitation.role, 'MERCHANT_STAFF');
  const pending = await call(OWNER, PENDING, { id: SHOP });
  assert.ok(pending.data?.merchant, JSON.stringify(pending.errors));
  assert.deepEqual(pending.data.merchant.pendingInvitations, [{ email: STAFF_EMAIL, role: 'MERCHANT_STAFF' }]);
  const joined = (await call(null, ACCEPT, { t: tokenOf(invited.invitation.link), p: STAFF_PASSWORD })).data.acceptInvitation;
  assert.deepEqual(joined, { username: STAFF_EMAIL, merchantId: SHOP, userErrors: [] });
  assert.deepEqual((await call(OWNER, PENDING, { id: SHOP })).data.merchant.pendingInvitations, []);
  own.set('staff', await passwordToken(STAFF_EMAIL, STAFF_PASSWORD));
  assert.deepEqual(claims(own.get('staff')!).merchant_ids, [SHOP]);
  assert.ok(claims(own.get('staff')!).realm_access.roles.includes('merchant-staff'));

  // Staff publish in their own shop.
  const created = (await call('staff', CREATE, product(SHOP, `测试黄桃 ${suffix}`))).data.createProduct;
  assert.deepEqual(created.userErrors, []);
  const productId = created.product.id;
  assert.deepEqual((await call('staff', SET_PRICE, { id: productId, p: 1300 })).data.setProductPrice.userErrors, []);

  // The matrix: staff edit only their own shop; staff cannot invite; only admins suspend; the audit log is the owner's and the admins'.
  const bakeryProduct = (await call(null, STOREFRONT, { m: 'm-bakery' })).data.storefront.edges[0].node.id;
  assert.deepEqual(errorCodes(await call('staff', SET_PRICE, { id: bakeryProduct, p: 1 })), ['FORBIDDEN'], 'staff of another shop');
  assert.deepEqual(errorCodes(await call('fruit-owner', SET_PRICE, { id: bakeryProduct, p: 1 })), ['FORBIDDEN'], 'm-fruit cannot edit m-bakery');
  assert.deepEqual(errorCodes(await call('fruit-owner', CREATE, product('m-bakery', 'x'))), ['FORBIDDEN']);
  assert.deepEqual(errorCodes(await call('staff', INVITE, { m: SHOP, e: `other-${suffix}@shop.example` })), ['FORBIDDEN'], 'staff cannot invite');
  assert.deepEqual(errorCodes(await call('fruit-owner', INVITE, { m: SHOP, e: `other-${suffix}@shop.example` })), ['FORBIDDEN'], 'another shop’s owner cannot invite');
  for (const who of [SHOPPER, OWNER, 'staff', 'fruit-owner']) {
    assert.deepEqual(errorCodes(await call(who, SUSPEND, { id: SHOP, r: 'x' })), ['FORBIDDEN'], `${who} cannot suspend`);
  }
  assert.deepEqual(errorCodes(await call('staff', AUDIT, { id: SHOP })), ['FORBIDDEN'], 'staff do not read the audit log');
  const audit = (await call(OWNER, AUDIT, { id: SHOP })).data.merchant.auditLog.edges.map((e: any) => e.node);
  for (const action of ['merchant.onboarded', 'staff.invited', 'staff.joined']) assert.ok(audit.some((e: any) => e.action === action), `${action} in ${JSON.stringify(audit.map((e: any) => e.action))}`);
  assert.equal(audit.find((e: any) => e.action === 'merchant.onboarded').actor, 'admin');
  assert.equal(audit.find((e: any) => e.action === 'merchant.onboarded').before, null);
  assert.ok((await call('admin', AUDIT, { id: SHOP })).data.merchant.auditLog.edges.length >= 3);

  // Suspended: off the storefront and the shop list (but for admins), no new orders, no publishing.
  assert.equal((await call(SHOPPER, STOREFRONT, { m: SHOP })).data.storefront.totalCount, 1);
  const suspended = (await call('admin', SUSPEND, { id: SHOP, r: '食品经营许可证待核验' })).data.suspendMerchant;
  assert.deepEqual(suspended, { merchant: { id: SHOP, status: 'SUSPENDED', suspendedReason: '食品经营许可证待核验' }, userErrors: [] });
  assert.equal((await call('admin', SUSPEND, { id: SHOP, r: 'again' })).data.suspendMerchant.merchant.suspendedReason, '食品经营许可证待核验', 'suspending a suspended shop changes nothing');
  assert.equal((await call(SHOPPER, STOREFRONT, { m: SHOP })).data.storefront.totalCount, 0);
  assert.ok(!(await call(SHOPPER, MERCHANTS)).data.merchants.some((m: any) => m.id === SHOP), 'shoppers do not see a suspended shop listed');
  assert.deepEqual((await call('admin', MERCHANTS)).data.merchants.find((m: any) => m.id === SHOP), { id: SHOP, status: 'SUSPENDED' });
  assert.deepEqual((await call(SHOPPER, SHOP_VIEW, { id: SHOP })).data.merchant, { status: 'SUSPENDED', suspendedReason: null }, 'the reason is for its staff and admins');
  assert.equal((await call('staff', SHOP_VIEW, { id: SHOP })).data.merchant.suspendedReason, '食品经营许可证待核验');
  assert.deepEqual((await call(SHOPPER, PLACE, order(productId))).data.placeOrder.userErrors, [{ code: 'MERCHANT_SUSPENDED', field: ['lines', '0', 'productId'] }]);
  assert.deepEqual((await call(SHOPPER, QUOTE, { lines: [{ productId, quantity: 1 }] })).data.quote.userErrors, [{ code: 'MERCHANT_SUSPENDED', field: ['lines', '0', 'productId'] }], 'nor is it quoted');
  assert.deepEqual((await call('staff', CREATE, product(SHOP, `停业新品 ${suffix}`))).data.createProduct.userErrors.map((e: any) => e.code), ['SHOP_SUSPENDED']);
  assert.deepEqual((await call('staff', SET_PRICE, { id: productId, p: 1 })).data.setProductPrice.userErrors.map((e: any) => e.code), ['SHOP_SUSPENDED'], 'nor re-price what it has');

  // Reinstated: back on the storefront, taking orders.
  const reinstated = (await call('admin', REINSTATE, { id: SHOP })).data.reinstateMerchant;
  assert.deepEqual(reinstated, { merchant: { id: SHOP, status: 'ACTIVE', suspendedReason: null }, userErrors: [] });
  assert.equal((await call(SHOPPER, STOREFRONT, { m: SHOP })).data.storefront.totalCount, 1);
  const placed = (await call(SHOPPER, PLACE, order(productId))).data.placeOrder;
  assert.deepEqual(placed.userErrors, []);
  const actions = (await call('admin', AUDIT, { id: SHOP })).data.merchant.auditLog.edges.map((e: any) => e.node.action);
  assert.deepEqual(actions.filter((a: string) => a.startsWith('merchant.')).slice(0, 3), ['merchant.reinstated', 'merchant.suspended', 'merchant.onboarded']);
});

test('an unknown or malformed invitation token shows nothing and accepts nothing', async () => {
  assert.equal((await gql(env.gatewayUrl, PREVIEW, { t: 'x'.repeat(43) }, { allianceId: 'demo' })).data?.invitation, null);
  assert.deepEqual((await call(null, ACCEPT, { t: 'nope', p: 'long-enough-1' })).data.acceptInvitation.userErrors.map((e: any) => e.code), ['UNKNOWN_INVITATION']);
});
