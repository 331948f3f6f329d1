/**
 * The member pool's consent through the gateway with real Keycloak tokens, on the stack `npm test`
 * started: the consent matrix (every field under every consent state, for the member, her shop, another
 * shop, a group leader, an admin and an anonymous caller; a revocation holds from the very next
 * request), the consent log, two accounts racing for one phone, and an under-14 member whose data
 * reaches no shop until her guardian confirms with the code sent to the guardian's phone.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { errorCodes, eventually, gatewayCaller, testEnv } from '@alliance/testing';
import { PURPOSES, pseudonymFor, type Purpose } from './consent.rules.js';

const env = testEnv();
const call = gatewayCaller(env) as (user: string | null, query: string, variables?: Record<string, unknown>) => Promise<any>;

const GRANT = 'mutation($m: ID!, $p: [ConsentPurpose!]!) { grantConsent(merchantId: $m, purposes: $p) { consent { effective grants { purpose granted text receives { key value } } } userErrors { code field } } }';
const REVOKE = 'mutation($m: ID!, $p: [ConsentPurpose!]!) { revokeConsent(merchantId: $m, purposes: $p) { consent { grants { purpose granted } } userErrors { code field } } }';
const SHOP_MEMBERS = 'query($m: ID!, $f: Int, $a: String, $filter: ShopMemberFilter) { shopMembers(merchantId: $m, first: $f, after: $a, filter: $filter) { edges { cursor node { id purposes name phone neighborhood ordersElsewhere spendElsewhere marketing spendTier } } pageInfo { hasNextPage endCursor } } }';
const REQUEST_CODE = 'mutation($p: String!) { requestPhoneCode(phone: $p) { sentTo expiresAt userErrors { code field } } }';
const VERIFY = 'mutation($p: String!, $c: String!) { verifyPhone(phone: $p, code: $c) { member { phone } userErrors { code field } } }';

/** A phone of this run (the alliance's claims outlive nothing: each run has its own database, but be safe). */
const phoneOf = (n: number) => `139${String(Date.now() % 100_000_000).padStart(8, '0').slice(0, 6)}${n}${n}`.slice(0, 11);

/** The newest code the development SMS provider sent to `phone`. */
function codeSentTo(phone: string, pattern = /验证码 (\d{6})/): string {
  const lines = readFileSync(env.smsFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { phone: string; text: string });
  const mine = lines.filter((l) => l.phone === phone).at(-1);
  const code = mine && pattern.exec(mine.text)?.[1];
  if (!code) throw new Error(`no code sent to ${phone}`);
  return code;
}

async function memberIdOf(user: string): Promise<string> {
  return (await call(user, '{ me { id } }')).data.me.id;
}

/** The shop's row for a member (found by the shop's own pseudonym for her), or undefined. */
async function rowFor(shopUser: string, merchantId: string, memberId: string): Promise<any> {
  const want = pseudonymFor(memberId, merchantId);
  let after: string | null = null;
  for (let page = 0; page < 20; page++) {
    const r = await call(shopUser, SHOP_MEMBERS, { m: merchantId, f: 100, a: after });
    assert.deepEqual(r.errors, undefined, `${shopUser} lists ${merchantId}'s members`);
    const found = r.data.shopMembers.edges.find((e: any) => e.node.id === want);
    if (found) return found.node;
    if (!r.data.shopMembers.pageInfo.hasNextPage) return undefined;
    after = r.data.shopMembers.pageInfo.endCursor;
  }
  return undefined;
}

async function setConsent(user: string, merchantId: string, purposes: Purpose[]): Promise<void> {
  const revoke = PURPOSES.filter((p) => !purposes.includes(p));
  if (revoke.length) assert.deepEqual((await call(user, REVOKE, { m: merchantId, p: revoke })).data.revokeConsent.userErrors, []);
  if (purposes.length) assert.deepEqual((await call(user, GRANT, { m: merchantId, p: purposes })).data.grantConsent.userErrors, []);
}

describe('consent (PIPL)', () => {
  test('the consent matrix: every field × every consent state × every role; a revocation holds from the next request', async () => {
    const bob = await memberIdOf('bob');
    // bob's profile: a verified phone and a neighbourhood, so PROFILE has all three fields to give.
    await call('bob', 'mutation { setHomeNeighborhood(neighborhood: "文新小区") { userErrors { code } } }');
    const phone = phoneOf(1);
    assert.deepEqual((await call('bob', REQUEST_CODE, { p: phone })).data.requestPhoneCode.userErrors, []);
    assert.deepEqual((await call('bob', VERIFY, { p: phone, c: codeSentTo(phone) })).data.verifyPhone, { member: { phone }, userErrors: [] });
    await setConsent('bob', 'm-bakery', []);

    const combos: Purpose[][] = [['PROFILE'], ['ORDER_HISTORY'], ['MARKETING'], ['PROFILE', 'ORDER_HISTORY'], ['PROFILE', 'MARKETING'], ['ORDER_HISTORY', 'MARKETING'], ['PROFILE', 'ORDER_HISTORY', 'MARKETING'], []];
    for (const purposes of combos) {
      const label = purposes.join('+') || 'nothing';
      await setConsent('bob', 'm-fruit', purposes);
      // The member herself: everything of hers, and what the shop now receives.
      const mine = (await call('bob', '{ me { phone homeNeighborhood displayName } myConsents { merchant { id name } grants { purpose granted } } }')).data;
      assert.deepEqual([mine.me.phone, mine.me.homeNeighborhood], [phone, '文新小区'], `${label}: bob sees his own fields`);
      const fruit = mine.myConsents.find((c: any) => c.merchant.id === 'm-fruit');
      assert.equal(fruit.merchant.name, '鲜果时光水果店');
      assert.deepEqual(fruit.grants.filter((g: any) => g.granted).map((g: any) => g.purpose), purposes, `${label}: bob's consent centre`);
      assert.ok(mine.myConsents.some((c: any) => c.merchant.id === 'm-bakery'), 'every shop of the alliance is listed');

      // His shop: the consented fields only; nothing at all without consent.
      const row = await rowFor('fruit-owner', 'm-fruit', bob);
      if (purposes.length === 0) assert.equal(row, undefined, 'revoked everything: the shop no longer lists him');
      else {
        assert.ok(row, `${label}: the fruit shop lists bob`);
        assert.deepEqual(row.purposes, purposes, label);
        const profile = purposes.includes('PROFILE');
        assert.deepEqual([row.name, row.phone, row.neighborhood], profile ? ['Bob Li', phone, '文新小区'] : [null, null, null], `${label}: PROFILE fields`);
        const history = purposes.includes('ORDER_HISTORY');
        assert.equal(typeof row.ordersElsewhere === 'number' && typeof row.spendElsewhere === 'number', history, `${label}: ORDER_HISTORY fields`);
        if (!history) assert.deepEqual([row.ordersElsewhere, row.spendElsewhere], [null, null]);
        assert.equal(row.marketing, purposes.includes('MARKETING'), `${label}: MARKETING`);
      }
      // Another shop: nothing, and not another shop's list either.
      assert.equal(await rowFor('bakery-owner', 'm-bakery', bob), undefined, `${label}: the bakery sees nothing`);
      assert.deepEqual(errorCodes(await call('bakery-owner', SHOP_MEMBERS, { m: 'm-fruit' })), ['FORBIDDEN'], 'another shop’s members');
      // A group leader, an admin (aggregates only), anonymous.
      assert.deepEqual(errorCodes(await call('leader', SHOP_MEMBERS, { m: 'm-fruit' })), ['FORBIDDEN'], 'a leader');
      assert.deepEqual(errorCodes(await call('admin', SHOP_MEMBERS, { m: 'm-fruit' })), ['FORBIDDEN'], 'an admin');
      assert.deepEqual(errorCodes(await call(null, SHOP_MEMBERS, { m: 'm-fruit' })), ['UNAUTHENTICATED'], 'anonymous');
      assert.deepEqual(errorCodes(await call(null, '{ myConsents { effective } }')), ['UNAUTHENTICATED']);
    }
  });

  test('grants are logged with the text she saw; bad input is a userError', async () => {
    await setConsent('bob', 'm-bakery', ['MARKETING']);
    await setConsent('bob', 'm-bakery', []);
    const log = (await call('bob', '{ myConsentLog(first: 2) { at merchant { id } action purposes by texts } }')).data.myConsentLog;
    assert.deepEqual(log.map((l: any) => [l.merchant.id, l.action, l.purposes, l.by]), [['m-bakery', 'REVOKED', ['MARKETING'], 'MEMBER'], ['m-bakery', 'GRANTED', ['MARKETING'], 'MEMBER']]);
    assert.match(log[1].texts[0], /麦香|烘焙/, 'the text names the shop');
    assert.ok(log[0].at >= log[1].at);
    const unknown = await call('bob', GRANT, { m: 'm-nowhere', p: ['PROFILE'] });
    assert.deepEqual(unknown.data.grantConsent.userErrors, [{ code: 'UNKNOWN_MERCHANT', field: ['merchantId'] }]);
    const none = await call('bob', GRANT, { m: 'm-fruit', p: [] });
    assert.deepEqual(none.data.grantConsent.userErrors, [{ code: 'INVALID_PURPOSES', field: ['purposes'] }]);
    assert.deepEqual(errorCodes(await call('bob', '{ myConsentLog(first: 101) { at } }')), ['BAD_USER_INPUT']);
  });

  test('shopMembers pages by cursor without repeating anyone', async () => {
    const users = ['bob', 'alice', 'leader'];
    await Promise.all(users.map((u) => setConsent(u, 'm-bakery', ['MARKETING'])));
    const ids = await Promise.all(users.map(async (u) => pseudonymFor(await memberIdOf(u), 'm-bakery')));
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 50; i++) {
      const r: any = await call('bakery-owner', SHOP_MEMBERS, { m: 'm-bakery', f: 1, a: after });
      const page = r.data.shopMembers;
      assert.ok(page.edges.length <= 1, 'one per page');
      seen.push(...page.edges.map((e: any) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    assert.equal(new Set(seen).size, seen.length, 'no member twice');
    for (const id of ids) assert.ok(seen.includes(id), `every consenting member is on some page: ${id}`);
    const filtered = (await call('bakery-owner', SHOP_MEMBERS, { m: 'm-bakery', f: 100, filter: { purpose: 'PROFILE' } })).data.shopMembers.edges.map((e: any) => e.node.id);
    for (const id of ids) assert.ok(!filtered.includes(id), 'a filter on PROFILE leaves out members who gave MARKETING only');
    await Promise.all(users.map((u) => setConsent(u, 'm-bakery', [])));
    assert.deepEqual(errorCodes(await call('fruit-owner', SHOP_MEMBERS, { m: 'm-fruit', a: 'bm9wZQ' })), ['BAD_USER_INPUT'], 'a cursor not of this list');
  });
});

describe('aggregates', () => {
  test('a shop sees how many consent, an admin the pool in figures; neither sees who', async () => {
    const STATS = 'query($m: ID!) { shopMemberStats(merchantId: $m) { merchant { id } profile orderHistory marketing } }';
    const before = (await call('bakery-owner', STATS, { m: 'm-bakery' })).data.shopMemberStats;
    await setConsent('leader', 'm-bakery', ['MARKETING']);
    const after = (await call('bakery-owner', STATS, { m: 'm-bakery' })).data.shopMemberStats;
    assert.deepEqual([after.marketing - before.marketing, after.profile - before.profile], [1, 0], 'a grant counts once, per purpose');
    await setConsent('leader', 'm-bakery', []);
    assert.equal((await call('bakery-owner', STATS, { m: 'm-bakery' })).data.shopMemberStats.marketing, before.marketing, 'and a revocation uncounts it');
    assert.deepEqual(errorCodes(await call('fruit-owner', STATS, { m: 'm-bakery' })), ['FORBIDDEN'], 'another shop’s counts');
    const pool = (await call('admin', '{ memberPoolStats { members groups consents { merchant { id } profile orderHistory marketing } } }')).data.memberPoolStats;
    assert.ok(pool.members >= 3, `the pool counts its members (bob, alice, leader so far): ${pool.members}`);
    assert.ok(pool.consents.some((c: any) => c.merchant.id === 'm-fruit'));
    assert.deepEqual(errorCodes(await call('alice', '{ memberPoolStats { members } }')), ['FORBIDDEN']);
  });
});

describe('identity', () => {
  test('two accounts racing for one phone: exactly one gets it', async () => {
    const phone = phoneOf(2);
    for (const u of ['leader', 'leader2']) assert.deepEqual((await call(u, REQUEST_CODE, { p: phone })).data.requestPhoneCode.userErrors, []);
    // Both codes are out (each account its own); both verify at once.
    const codes = readFileSync(env.smsFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { phone: string; text: string }).filter((l) => l.phone === phone).slice(-2).map((l) => /验证码 (\d{6})/.exec(l.text)![1]!);
    const [a, b] = await Promise.all(['leader', 'leader2'].map((u) => Promise.all(codes.map((c) => call(u, VERIFY, { p: phone, c })))));
    const outcome = (rs: any[]) => (rs.some((r) => r.data.verifyPhone.member.phone === phone && r.data.verifyPhone.userErrors.length === 0) ? 'won' : rs.some((r) => r.data.verifyPhone.userErrors.some((e: any) => e.code === 'PHONE_TAKEN')) ? 'taken' : 'other');
    assert.deepEqual([outcome(a!), outcome(b!)].sort(), ['taken', 'won'], 'exactly one account holds the phone');
  });

  test('codes: one a minute, wrong ones refused, malformed phones refused', async () => {
    const phone = phoneOf(3);
    assert.deepEqual((await call('alice', REQUEST_CODE, { p: phone })).data.requestPhoneCode.userErrors, []);
    assert.deepEqual((await call('alice', REQUEST_CODE, { p: phone })).data.requestPhoneCode.userErrors.map((e: any) => e.code), ['TOO_SOON']);
    const right = codeSentTo(phone);
    const wrong = right === '000000' ? '111111' : '000000';
    assert.deepEqual((await call('alice', VERIFY, { p: phone, c: wrong })).data.verifyPhone.userErrors.map((e: any) => e.code), ['WRONG_CODE']);
    assert.deepEqual((await call('alice', REQUEST_CODE, { p: '12345' })).data.requestPhoneCode.userErrors.map((e: any) => e.code), ['INVALID_PHONE']);
    // One code a minute per member, whatever the number: a second number is not a way round it.
    assert.deepEqual((await call('alice', REQUEST_CODE, { p: phoneOf(4) })).data.requestPhoneCode.userErrors.map((e: any) => e.code), ['TOO_SOON']);
    const sent = (await call('admin', REQUEST_CODE, { p: phoneOf(4) })).data.requestPhoneCode;
    assert.match(sent.sentTo, /^139\*{4}\d{4}$/, 'the number it went to, masked');
  });

  test('under 14: nothing reaches a shop until the guardian confirms with the code sent to them', async () => {
    const kid = await memberIdOf('leader2');
    const tenYearsAgo = `${new Date().getUTCFullYear() - 10}-06-01`;
    const set = (await call('leader2', 'mutation($d: String!) { setBirthDate(birthDate: $d) { member { birthDate guardian { state } } userErrors { code } } }', { d: tenYearsAgo })).data.setBirthDate;
    assert.deepEqual(set, { member: { birthDate: tenYearsAgo, guardian: { state: 'REQUIRED' } }, userErrors: [] });
    const again = (await call('leader2', 'mutation { setBirthDate(birthDate: "1990-01-01") { userErrors { code } } }')).data.setBirthDate;
    assert.deepEqual(again.userErrors.map((e: any) => e.code), ['BIRTH_DATE_SET'], 'set once');
    const granted = (await call('leader2', GRANT, { m: 'm-fruit', p: ['PROFILE'] })).data.grantConsent;
    assert.equal(granted.consent.effective, false, 'her grant is recorded and not effective');
    assert.equal(await rowFor('fruit-owner', 'm-fruit', kid), undefined, 'the shop sees nothing before the guardian confirms');

    const guardianPhone = phoneOf(5);
    const asked = (await call('leader2', 'mutation($p: String!) { requestGuardianConsent(guardianPhone: $p) { guardian { state maskedPhone } userErrors { code } } }', { p: guardianPhone })).data.requestGuardianConsent;
    assert.equal(asked.guardian.state, 'PENDING');
    const code = codeSentTo(guardianPhone, /确认码 (\d{6})/);
    const CONFIRM = 'mutation($m: ID!, $c: String!, $n: String!) { confirmGuardian(memberId: $m, code: $c, guardianName: $n) { guardian { state confirmedAt } userErrors { code field } } }';
    const wrong = (await call(null, CONFIRM, { m: kid, c: code === '000000' ? '111111' : '000000', n: '王芳' })).data.confirmGuardian;
    assert.deepEqual(wrong.userErrors.map((e: any) => e.code), ['WRONG_CODE']);
    assert.equal(await rowFor('fruit-owner', 'm-fruit', kid), undefined, 'still nothing');
    const ok = (await call(null, CONFIRM, { m: kid, c: code, n: '王芳' })).data.confirmGuardian;
    assert.equal(ok.guardian.state, 'CONFIRMED', 'the guardian confirms without signing in');
    await eventually(async () => assert.ok(await rowFor('fruit-owner', 'm-fruit', kid), 'the shop now sees her consented profile'));
    await setConsent('leader2', 'm-fruit', []);
  });
});
