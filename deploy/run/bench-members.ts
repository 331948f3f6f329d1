/**
 * The member-pool part of `npm run bench`: a shop's consented members (`shopMembers`, 20 a page)
 * through the gateway as the pool grows from BENCH_POOL members consenting to the fruit shop to ten
 * times that, the first page and a page near the end, with database round trips per page read
 * straight from the members subgraph. Bounded: a fixed pool and a fixed number of requests.
 */
import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { gql, signedGql, type GqlResponse } from '@alliance/testing';
import { memberModel } from '../../subgraphs/members/src/member/member.model.js';
import { MemberRepository } from '../../subgraphs/members/src/member/member.repository.js';
import { memberIdFor } from '../../subgraphs/members/src/member/member.rules.js';
import { ConsentRepository } from '../../subgraphs/members/src/consent/consent.repository.js';
import { decideConsent } from '../../subgraphs/members/src/consent/consent.rules.js';
import { step } from './log.js';
import { figuresRow, load, tokenCache, type Figures } from './bench-load.js';

export interface MembersBenchStack {
  gatewayUrl: string;
  membersUrl: string;
  keycloakUrl: string;
}

const POOL = Number(process.env.BENCH_POOL ?? 1000);
const REQUESTS = Number(process.env.BENCH_POOL_REQUESTS ?? 200);
const PAGE = 'query Members($after: String) { shopMembers(merchantId: "m-fruit", first: 20, after: $after) { edges { node { id name phone purposes spendTier } } pageInfo { hasNextPage endCursor } } }';
const cursorAt = (version: number) => Buffer.from(`roster:${version}`).toString('base64url');

/** `count` members, each consenting to the fruit shop (PROFILE), eight at a time, as the product writes them. */
async function grow(conn: Connection, from: number, count: number): Promise<void> {
  const members = new MemberRepository(memberModel(conn), 'demo');
  const consents = new ConsentRepository(conn);
  const tag = randomBytes(3).toString('hex');
  let next = from;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let i = next++; i < from + count; i = next++) {
        const subject = `bench-${tag}-${i}`;
        const id = memberIdFor('demo', subject);
        await members.insertOrGet({ id, subject, username: subject, displayName: `会员${i}`, homeNeighborhood: '翠苑一区' });
        const at = new Date().toISOString();
        await consents.enrol('demo', 'm-fruit', id, at);
        await consents.change('demo', id, (s) => decideConsent(s, { merchantId: 'm-fruit', purposes: ['PROFILE'], grant: true, at, shopName: '鲜果时光水果店' }));
      }
    }),
  );
}

export async function benchMembers(stack: MembersBenchStack, secret: string, conn: Connection): Promise<string> {
  const tokenOf = tokenCache(stack.keycloakUrl);
  const failed = (r: GqlResponse) => !!r.errors || !(r.data as { shopMembers?: unknown })?.shopMembers;
  const trips = async (after: string | null) => {
    const r = (await signedGql(stack.membersUrl, secret, PAGE, { after }, { target: 'members', allianceId: 'demo', token: await tokenOf('fruit-owner') })) as GqlResponse;
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return (r.extensions?.metrics as { dbRoundTrips: number }).dbRoundTrips;
  };
  const sample = async (size: number) => {
    const late = cursorAt(size - 40);
    const first = await load(`first page (${size} in the pool)`, REQUESTS, 4, async () => gql(stack.gatewayUrl, PAGE, { after: null }, { token: await tokenOf('fruit-owner') }), failed);
    const last = await load(`page near the end (${size})`, REQUESTS, 4, async () => gql(stack.gatewayUrl, PAGE, { after: late }, { token: await tokenOf('fruit-owner') }), failed);
    return { first, last, firstTrips: await trips(null), lastTrips: await trips(late) };
  };
  step(`Member pool: ${POOL} members consenting to the fruit shop…`);
  let started = Date.now();
  await grow(conn, 0, POOL);
  const seedRate = POOL / ((Date.now() - started) / 1000);
  const small = await sample(POOL);
  step(`Member pool: growing to ${POOL * 10}…`);
  started = Date.now();
  await grow(conn, POOL, POOL * 9);
  const big = await sample(POOL * 10);
  const ratio = (a: Figures, b: Figures) => `p50 ${(b.p50 / a.p50).toFixed(2)}×, p95 ${(b.p95 / a.p95).toFixed(2)}×`;
  if ([small.first, small.last, big.first, big.last].some((f) => f.errors)) process.exitCode = 1;
  return `
A shop's consented members through the gateway (shopMembers, 20 a page, concurrency 4), as the pool grows ×10
  (members enrolled and consenting, 8 writers: ${seedRate.toFixed(0)}/s at first, ${((POOL * 9) / ((Date.now() - started) / 1000)).toFixed(0)}/s growing)
${figuresRow(small.first)}
${figuresRow(small.last)}
${figuresRow(big.first)}
${figuresRow(big.last)}
  first page ×10/×1: ${ratio(small.first, big.first)}; database round trips per page ${small.firstTrips} → ${big.firstTrips}
  page near the end ×10/×1: ${ratio(small.last, big.last)}; database round trips per page ${small.lastTrips} → ${big.lastTrips}
`;
}
