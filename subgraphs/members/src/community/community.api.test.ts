/**
 * Community groups (社群) through the gateway on the stack `npm test` started: a group leader starts a
 * group, members join by its link, the leader posts and sees the mix against 70/20/10, posts are for
 * the group only; and a group-only offer from the promotions subgraph applies to the group's members
 * and to nobody else.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { errorCodes, gatewayCaller, testEnv } from '@alliance/testing';

const env = testEnv();
const call = gatewayCaller(env) as (user: string | null, query: string, variables?: Record<string, unknown>) => Promise<any>;
const GROUP = 'id name neighborhood interest leaderName memberCount joined shareUrl posts { kind text promotionId by } mix { total value interaction promotion guideline advice }';
const CREATE = `mutation($i: CreateGroupInput!) { createGroup(input: $i) { group { ${GROUP} } userErrors { code field } } }`;
const JOIN = `mutation($g: ID!) { joinGroup(groupId: $g) { group { ${GROUP} } userErrors { code } } }`;
const POST = 'mutation($g: ID!, $k: PostKind!, $t: String!, $p: ID) { postToGroup(groupId: $g, kind: $k, text: $t, promotionId: $p) { post { kind text promotionId } userErrors { code field } } }';
const ONE = `query($g: ID!) { communityGroup(id: $g) { ${GROUP} } }`;
let promotionId: string | null = null;
after(async () => {
  if (promotionId) await call('fruit-owner', 'mutation($id: ID!) { endPromotion(id: $id) { userErrors { code } } }', { id: promotionId });
});

test('a leader’s group: joined by link, posts for its members, the 70/20/10 mix, and a group-only offer', async () => {
  const name = `翠苑宝妈团 ${randomUUID().slice(0, 4)}`;
  assert.deepEqual(errorCodes(await call('alice', CREATE, { i: { name, neighborhood: '翠苑一区', interest: '宝妈' } })), ['FORBIDDEN'], 'a shopper does not start groups');
  const created = (await call('leader', CREATE, { i: { name, neighborhood: '翠苑一区', interest: '宝妈' } })).data.createGroup;
  assert.deepEqual(created.userErrors, []);
  const g = created.group;
  assert.equal(g.leaderName.length > 0, true);
  assert.match(g.shareUrl, new RegExp(`/community/${g.id}$`));
  assert.deepEqual((await call('leader', CREATE, { i: { name: 'x', neighborhood: '翠苑一区', interest: '宝妈' } })).data.createGroup.userErrors.map((e: any) => e.field), [['input', 'name']]);
  const listed = (await call(null, '{ groups(neighborhood: "翠苑一区") { id name memberCount joined } }')).data.groups;
  assert.ok(listed.some((x: any) => x.id === g.id && x.joined === null), 'listed for anyone, joined unknown when anonymous');

  // alice joins by the link; bob does not.
  const joined = (await call('alice', JOIN, { g: g.id })).data.joinGroup.group;
  assert.deepEqual([joined.memberCount, joined.joined], [1, true]);
  assert.equal((await call('alice', JOIN, { g: g.id })).data.joinGroup.group.memberCount, 1, 'joining twice counts once');
  assert.ok((await call('alice', '{ me { groups { id } } }')).data.me.groups.some((x: any) => x.id === g.id));
  assert.deepEqual((await call('alice', JOIN, { g: 'grp-nope' })).data.joinGroup.userErrors.map((e: any) => e.code), ['UNKNOWN_GROUP']);

  // The leader posts: value, interaction; a promotion post names its promotion; only the leader posts.
  for (const [k, t] of [['VALUE', '夏天给宝宝吃水果，先从软的开始'], ['VALUE', '芒果过敏怎么办'], ['INTERACTION', '投票：周末去哪个公园？']] as const) {
    assert.deepEqual((await call('leader', POST, { g: g.id, k, t })).data.postToGroup.userErrors, []);
  }
  assert.deepEqual((await call('leader', POST, { g: g.id, k: 'PROMOTION', t: '本周水果节' })).data.postToGroup.userErrors.map((e: any) => e.code), ['PROMOTION_REQUIRED']);
  assert.deepEqual(errorCodes(await call('bob', POST, { g: g.id, k: 'VALUE', t: '我也想发' })), ['FORBIDDEN']);
  const asLeader = (await call('leader', ONE, { g: g.id })).data.communityGroup;
  assert.deepEqual(asLeader.mix, { total: 3, value: 67, interaction: 33, promotion: 0, guideline: '70/20/10', advice: 'BALANCED' });
  const asAlice = (await call('alice', ONE, { g: g.id })).data.communityGroup;
  assert.equal(asAlice.posts.length, 3, 'a member reads the posts');
  assert.equal(asAlice.posts[0].kind, 'INTERACTION', 'newest first');
  assert.equal(asAlice.mix, null, 'the mix is the leader’s view');
  assert.deepEqual((await call('bob', ONE, { g: g.id })).data.communityGroup.posts, [], 'not for outsiders');

  // A group-only offer: the fruit shop and the bakery co-launch ¥5 off for this group's members only.
  const p = await call('fruit-owner', 'mutation($input: ProposePromotionInput!) { proposePromotion(input: $input) { promotion { id communityGroups } userErrors { code field } } }', {
    input: {
      kind: 'SPEND_ACROSS_SHOPS',
      title: `宝妈团专享 ${randomUUID().slice(0, 4)}`,
      partnerIds: ['m-bakery'],
      funding: [{ merchantId: 'm-fruit', percent: 50 }, { merchantId: 'm-bakery', percent: 50 }],
      minSpendFen: 2000,
      minShops: 2,
      discountFen: 500,
      productIds: ['p-fruit-04', 'p-bakery-08'],
      communityGroups: [g.id],
      startsAt: new Date(Date.now() - 60_000).toISOString(),
      endsAt: new Date(Date.now() + 86_400_000).toISOString(),
      idempotencyKey: `grp-${randomUUID()}`,
    },
  });
  assert.deepEqual(p.data.proposePromotion.userErrors, []);
  promotionId = p.data.proposePromotion.promotion.id;
  assert.deepEqual(p.data.proposePromotion.promotion.communityGroups, [g.id]);
  assert.deepEqual((await call('bakery-owner', 'mutation($id: ID!) { respondToPromotion(id: $id, accept: true) { userErrors { code } } }', { id: promotionId })).data.respondToPromotion.userErrors, []);
  const QUOTE = 'query($l: [OrderLineInput!]!) { quote(lines: $l) { applied { promotionId amount { amountFen } } } }';
  const lines = [{ productId: 'p-fruit-04', quantity: 2 }, { productId: 'p-bakery-08', quantity: 2 }];
  const forAlice = (await call('alice', QUOTE, { l: lines })).data.quote.applied;
  assert.ok(forAlice.some((a: any) => a.promotionId === promotionId && a.amount.amountFen === 500), `a member of the group gets it: ${JSON.stringify(forAlice)}`);
  const forBob = (await call('bob', QUOTE, { l: lines })).data.quote.applied;
  assert.ok(!forBob.some((a: any) => a.promotionId === promotionId), 'someone outside the group does not');
  // Leaving the group ends it for her.
  await call('alice', 'mutation($g: ID!) { leaveGroup(groupId: $g) { userErrors { code } } }', { g: g.id });
  assert.ok(!(await call('alice', QUOTE, { l: lines })).data.quote.applied.some((a: any) => a.promotionId === promotionId), 'left: no longer');
  assert.equal((await call(null, ONE, { g: g.id })).data.communityGroup.memberCount, 0);
});
