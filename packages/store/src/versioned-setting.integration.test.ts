/**
 * Versioned settings on a real FerretDB (or MongoDB): an alliance's single pre-versions document is
 * read as version 0, in force since ever, until a version of its own takes over; concurrent saves each
 * get a version; every read is by `_id`. Reads only TEST_MONGODB_URI (see store.integration.test.ts).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import mongoose, { type Connection } from 'mongoose';
import { withDatabase } from './mongo.js';
import { VersionedSettings } from './versioned-setting.js';

const base = process.env.TEST_MONGODB_URI;
if (!base) throw new Error('TEST_MONGODB_URI must name a FerretDB or MongoDB server (npm test sets it)');
const uri = withDatabase(base, `settings_it_${Date.now().toString(36)}`);

interface Policy {
  days: number;
  strict: boolean;
}
const complete = (s: Partial<Policy> | null | undefined): Policy => ({ days: s?.days ?? 15, strict: s?.strict ?? false });

let conn: Connection;
const filters: unknown[] = [];
before(async () => {
  conn = await mongoose.createConnection(uri, { monitorCommands: true, serverSelectionTimeoutMS: 10_000, autoIndex: false, autoCreate: false }).asPromise();
  conn.getClient().on('commandStarted', (e) => {
    if (e.commandName === 'find') filters.push((e.command as Record<string, unknown>).filter);
  });
});
after(async () => {
  await conn.dropDatabase();
  await conn.close();
});

test("an alliance's old single document is version 0, in force since ever, until its first version's time", async () => {
  const coll = conn.db!.collection('policies');
  await coll.insertOne({ _id: 'al-old', allianceId: 'al-old', days: 30 } as never);
  const settings = new VersionedSettings<Policy>(coll, { name: 'policy', complete });
  assert.deepEqual(await settings.at('al-old', Date.now()), { days: 30, strict: false });
  const from = Date.now() + 60_000;
  const v1 = await settings.add('al-old', { values: { days: 7, strict: true }, effectiveFrom: from, setAt: new Date().toISOString(), setBy: 'admin' });
  assert.equal(v1.version, 1);
  assert.deepEqual(await settings.at('al-old', from - 1), { days: 30, strict: false }, 'the old document still rules before it');
  assert.deepEqual(await settings.at('al-old', from), { days: 7, strict: true });
  assert.deepEqual((await settings.versions('al-old')).map((v) => [v.version, v.effectiveFrom, v.setBy]), [
    [0, 0, null],
    [1, from, 'admin'],
  ]);
  assert.deepEqual(await coll.findOne({ _id: 'al-old' } as never), { _id: 'al-old', allianceId: 'al-old', days: 30 }, 'left as it was');
  // Another alliance: no document, no versions — the defaults.
  assert.deepEqual(await settings.at('al-new', Date.now()), { days: 15, strict: false });
  assert.deepEqual(await settings.versions('al-new'), []);
});

test('admins saving at once each get a version; reads stay on `_id`', async () => {
  const settings = new VersionedSettings<Policy>(conn.db!.collection('policies'), { name: 'policy', complete });
  const at = Date.now();
  const saved = await Promise.all(Array.from({ length: 8 }, (_, i) => settings.add('al-race', { values: { days: i + 1, strict: false }, effectiveFrom: at, setAt: new Date(at).toISOString(), setBy: `admin-${i}` })));
  assert.deepEqual(saved.map((v) => v.version).sort((a, b) => a - b), [1, 2, 3, 4, 5, 6, 7, 8]);
  const last = saved.find((v) => v.version === 8)!;
  assert.deepEqual(await settings.at('al-race', at), last.values, 'the same instant: the later version');
  filters.length = 0;
  await settings.versions('al-race');
  for (const f of filters) assert.deepEqual(Object.keys(f as object), ['_id']);
  assert.ok(filters.every((f) => typeof (f as { _id: unknown })._id === 'string'));
});

test('admins cancelling one scheduled version at once: one cancellation, the rest ALREADY_CANCELLED; it never comes in force', async () => {
  const settings = new VersionedSettings<Policy>(conn.db!.collection('policies'), { name: 'policy', complete });
  const nowMs = Date.now();
  await settings.add('al-cancel', { values: { days: 10, strict: false }, effectiveFrom: nowMs, setAt: new Date(nowMs).toISOString(), setBy: 'admin' });
  const later = await settings.add('al-cancel', { values: { days: 99, strict: true }, effectiveFrom: nowMs + 3_600_000, setAt: new Date(nowMs).toISOString(), setBy: 'admin' });
  const results = await Promise.all(Array.from({ length: 6 }, (_, i) => settings.cancel('al-cancel', later.version, { now: () => nowMs, setBy: `admin-${i}` })));
  assert.equal(results.filter((r) => 'version' in r).length, 1, JSON.stringify(results));
  assert.deepEqual(results.filter((r) => 'problem' in r).map((r) => ('problem' in r ? r.problem : null)), Array(5).fill('ALREADY_CANCELLED'));
  assert.deepEqual(await settings.at('al-cancel', nowMs + 7_200_000), { days: 10, strict: false }, 'past its instant, the version before it');
  assert.deepEqual(await settings.cancel('al-cancel', 1, { now: () => nowMs, setBy: 'admin' }), { problem: 'NOT_SCHEDULED' });
  assert.deepEqual(await settings.cancel('al-cancel', 7, { now: () => nowMs, setBy: 'admin' }), { problem: 'NOT_FOUND' });
  // The cancellation took position 3: the next save is version 4, and the list shows 1, 2 (cancelled), 4.
  const next = await settings.add('al-cancel', { values: { days: 20, strict: false }, effectiveFrom: nowMs + 3_600_000, setAt: new Date(nowMs).toISOString(), setBy: 'admin' });
  assert.equal(next.version, 4);
  assert.deepEqual((await settings.versions('al-cancel')).map((v) => [v.version, Boolean(v.cancelledAt)]), [
    [1, false],
    [2, true],
    [4, false],
  ]);
  assert.deepEqual(await settings.at('al-cancel', nowMs + 7_200_000), { days: 20, strict: false });
});
