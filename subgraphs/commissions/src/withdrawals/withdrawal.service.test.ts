/**
 * The withdrawal service's follow-ups (posting, lists, payout claims, the pending queue) on the real
 * repository over an in-memory collection that keeps the one guarantee they rely on: a duplicate `_id`
 * is refused. Crashes are a step that throws once; the retry must redo only what it cut off.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Connection } from 'mongoose';
import type { Principal } from '@alliance/auth';
import type { LedgerRepository } from '../accounts/ledger.repository.js';
import type { PostingGroup } from '../ledger/ledger.types.js';
import { DEFAULT_POLICY, type PolicyRepository } from '../share/policy.repository.js';
import { WithdrawalRepository } from './withdrawal.repository.js';
import { WithdrawalService } from './withdrawal.service.js';

type Doc = { _id: string } & Record<string, unknown>;

/** `_id` reads and writes only, as the repositories use them (FerretDB v1 pushes down nothing else). */
function memoryConnection(): Connection {
  const collections = new Map<string, Map<string, Doc>>();
  const collection = (name: string) => {
    const docs = collections.get(name) ?? new Map<string, Doc>();
    collections.set(name, docs);
    return {
      async insertOne(doc: Doc) {
        if (docs.has(doc._id)) throw Object.assign(new Error('E11000 duplicate key'), { code: 11000 });
        docs.set(doc._id, structuredClone(doc));
      },
      async findOne(filter: { _id: string }) {
        const d = docs.get(filter._id);
        return d ? structuredClone(d) : null;
      },
      async updateOne(filter: { _id: string }, update: { $max?: Record<string, number>; $set?: Record<string, unknown> }) {
        const d: Doc = docs.get(filter._id) ?? { _id: filter._id };
        for (const [k, v] of Object.entries(update.$max ?? {})) d[k] = Math.max(Number(d[k] ?? -Infinity), v);
        Object.assign(d, structuredClone(update.$set ?? {}));
        docs.set(filter._id, d);
      },
      async replaceOne(filter: { _id: string }, doc: Record<string, unknown>) {
        docs.set(filter._id, { ...structuredClone(doc), _id: filter._id });
      },
    };
  };
  return { collection } as unknown as Connection;
}

const principal = (subject: string, admin = false): Principal => ({ subject, username: subject, displayName: subject, roles: admin ? ['alliance-admin'] : [], allianceId: 'al', merchantIds: [] });

function world() {
  const repo = new WithdrawalRepository(memoryConnection());
  const posts: { group: PostingGroup; recovering: boolean }[] = [];
  const crashes = { post: 0 };
  const ledger = {
    async post(_allianceId: string, group: PostingGroup, _at: string, recovering: boolean) {
      if (crashes.post > 0 && crashes.post--) throw new Error('crash before posting');
      posts.push({ group, recovering });
    },
  } as unknown as LedgerRepository;
  const policies = { get: async () => DEFAULT_POLICY } as unknown as PolicyRepository;
  const confirmed = new Map<string, number>();
  const as = (p: Principal) =>
    new WithdrawalService({ allianceId: 'al', principal: p, requestId: 't' }, repo, ledger, policies, async (s) => confirmed.get(s) ?? 1_000_000_00, Buffer.alloc(32, 7), () => new Date('2026-11-29T08:00:00Z'));
  const admin = as(principal('admin', true));
  async function request(subject: string, amountFen = 2000, key = `key-${subject}-${amountFen}-${Math.random()}`) {
    const member = as(principal(subject));
    await member.setIdentity('张三', '11010519491231002X');
    const r = await member.withdraw(amountFen, key);
    assert.deepEqual(r.userErrors, []);
    return r.withdrawal!;
  }
  const listed = async (which: 'all' | 'approved') => {
    const version = which === 'all' ? 1e9 : await repo.approvedVersion('al');
    return which === 'all' ? (await repo.newest('al', 500)).map((x) => x.id).reverse() : repo.approvedRange('al', 1, version);
  };
  return { repo, posts, crashes, confirmed, as, admin, request, listed };
}

describe('a decision posts once', () => {
  test('the same approval again (a double click, a retry) posts nothing and lists nothing more', async () => {
    const w = world();
    const a = await w.request('bob');
    for (let i = 0; i < 3; i++) assert.equal((await w.admin.decide(a.id, true, null)).withdrawal?.status, 'APPROVED');
    assert.equal(w.posts.length, 1);
    assert.deepEqual(w.posts.map((p) => p.recovering), [false]);
    assert.deepEqual(await w.listed('approved'), [a.id]);
  });

  test('cut off before its posting, a retry posts it (recovering), then no retry posts again', async () => {
    const w = world();
    const a = await w.request('bob');
    w.crashes.post = 1;
    await assert.rejects(w.admin.decide(a.id, true, null), /crash/);
    assert.equal(w.posts.length, 0);
    assert.deepEqual(await w.listed('approved'), [], 'the listing comes after the posting');
    await w.admin.decide(a.id, true, null);
    await w.admin.decide(a.id, true, null);
    assert.deepEqual(w.posts.map((p) => p.recovering), [true]);
    assert.deepEqual(await w.listed('approved'), [a.id]);
  });

  test('cut off after its posting, before its listing: a retry lists it without posting again', async () => {
    const w = world();
    const a = await w.request('bob');
    const list = w.repo.list.bind(w.repo);
    let crash = true;
    w.repo.list = async (...args) => {
      if (args[2] === 'approved' && crash) {
        crash = false;
        throw new Error('crash before listing');
      }
      return list(...args);
    };
    await assert.rejects(w.admin.decide(a.id, true, null), /crash/);
    await w.admin.decide(a.id, true, null);
    assert.equal(w.posts.length, 1);
    assert.deepEqual(await w.listed('approved'), [a.id]);
  });

  test('a replayed request is listed once, however many came after it', async () => {
    const w = world();
    const a = await w.request('bob', 2000, 'key-bob-first');
    for (let i = 0; i < 70; i++) await w.request(`m${i}`);
    await w.as(principal('bob')).withdraw(2000, 'key-bob-first');
    assert.equal((await w.listed('all')).filter((id) => id === a.id).length, 1);
  });
});

describe('payout files and the admin list', () => {
  test('a withdrawal listed twice as approved is in one payout file, once; the same key renders it again', async () => {
    const w = world();
    const a = await w.request('bob');
    await w.admin.decide(a.id, true, null);
    await w.repo.list('al', a.id, 'approved', false); // what two racing recoveries can leave
    const first = (await w.admin.exportBatch('batch-key-1')).batch!;
    assert.equal(first.count, 1);
    await w.repo.list('al', a.id, 'approved', false);
    const b = await w.request('carol');
    await w.admin.decide(b.id, true, null);
    const second = (await w.admin.exportBatch('batch-key-2')).batch!;
    assert.equal(second.count, 1, second.csv);
    assert.ok(second.csv.includes(b.id) && !second.csv.includes(a.id));
    const again = (await w.admin.exportBatch('batch-key-1')).batch!;
    assert.deepEqual([again.id, again.count, again.csv], [first.id, 1, first.csv]);
  });

  test('the admin list shows each withdrawal once', async () => {
    const w = world();
    const a = await w.request('bob');
    await w.repo.list('al', a.id, 'all', false);
    assert.deepEqual((await w.admin.list(null, 100)).map((x) => x.id), [a.id]);
  });

  test('every pending request is reachable, oldest first, however many came after it', async () => {
    const w = world();
    const old = await w.request('bob');
    const rest = [];
    for (let i = 0; i < 230; i++) rest.push(await w.request(`m${i}`));
    for (const x of rest.slice(0, 20)) await w.admin.decide(x.id, false, null);
    // The oldest 100 of the 211 waiting (the gateway's list limit): deciding them brings the next.
    const pending = await w.admin.list('REQUESTED', 500);
    assert.equal(pending.length, 100);
    assert.equal(pending[0]!.id, old.id);
    assert.ok(pending.every((x) => x.status === 'REQUESTED'));
    assert.deepEqual((await w.admin.list('REQUESTED', 5)).map((x) => x.id), [old.id, ...rest.slice(20, 24).map((x) => x.id)]);
    assert.equal((await w.admin.list('REJECTED', 100)).length, 20);
    for (const x of pending.slice(1)) await w.admin.decide(x.id, false, null);
    assert.equal((await w.admin.list('REQUESTED', 100)).length, 100, 'the next hundred');
    assert.equal((await w.admin.list('REQUESTED', 100))[0]!.id, old.id, 'the oldest still first');
  });
});

describe('approval re-checks the balance', () => {
  test('refused when refunds since the request left too little; nothing is posted', async () => {
    const w = world();
    w.confirmed.set('bob', 10_000);
    const a = await w.request('bob', 6000);
    await w.request('bob', 3000);
    w.confirmed.set('bob', 8999); // 8999 − 0 − 3000 < 6000
    const r = await w.admin.decide(a.id, true, null);
    assert.deepEqual(r.userErrors.map((e) => e.code), ['INSUFFICIENT_BALANCE']);
    assert.equal(w.posts.length, 0);
    w.confirmed.set('bob', 9000);
    assert.equal((await w.admin.decide(a.id, true, null)).withdrawal?.status, 'APPROVED');
    assert.equal(w.posts.length, 1);
  });
});
