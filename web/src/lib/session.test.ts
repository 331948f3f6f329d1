import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CHUNK_SIZE,
  joinSessionChunks,
  readSession,
  safeReturnTo,
  sessionCookieWrites,
  type Session,
} from './session';

const secret = 'a-test-secret-that-is-long-enough-123456';
const jwtLike = (n: number) => 'x'.repeat(n);

test('a large session is split into cookies under 4 KB and reads back', () => {
  const session: Session = {
    accessToken: jwtLike(2000),
    refreshToken: jwtLike(900),
    idToken: jwtLike(1800),
    expiresAt: Date.now() + 300_000,
    refreshExpiresAt: Date.now() + 1_800_000,
  };
  const writes = sessionCookieWrites(session, [], { secret, secure: false });
  assert.ok(writes.length >= 2);
  for (const w of writes) {
    assert.ok(w.value.length <= CHUNK_SIZE);
    assert.equal(w.options.httpOnly, true);
    assert.equal(w.options.sameSite, 'lax');
  }
  const read = readSession(writes, secret);
  assert.equal(read?.accessToken, session.accessToken);
  assert.equal(read?.idToken, session.idToken);
});

test('stale chunks of a previous session are expired', () => {
  const small: Session = { accessToken: 'a', expiresAt: Date.now() + 60_000 };
  const existing = [0, 1, 2].map((i) => ({ name: `alliance_session.${i}`, value: 'old' }));
  const writes = sessionCookieWrites(small, existing, { secret, secure: true });
  const expired = writes.filter((w) => w.options.maxAge === 0).map((w) => w.name);
  assert.deepEqual(expired.sort(), ['alliance_session.1', 'alliance_session.2']);
});

test('incomplete chunk sets are ignored', () => {
  assert.equal(joinSessionChunks([{ name: 'alliance_session.1', value: 'b' }]), undefined);
  assert.equal(
    joinSessionChunks([
      { name: 'alliance_session.1', value: 'b' },
      { name: 'alliance_session.0', value: 'a' },
    ]),
    'ab',
  );
});

test('returnTo only accepts same-site paths', () => {
  assert.equal(safeReturnTo('/products/1?x=1'), '/products/1?x=1');
  assert.equal(safeReturnTo('https://evil.example'), '/');
  assert.equal(safeReturnTo('//evil.example'), '/');
  assert.equal(safeReturnTo('/\\evil.example'), '/');
  assert.equal(safeReturnTo('/auth/login'), '/');
  assert.equal(safeReturnTo(undefined), '/');
  // Location headers are ASCII: non-Latin paths come back percent-encoded, existing escapes kept.
  assert.equal(safeReturnTo('/?neighborhood=文新小区'), '/?neighborhood=%E6%96%87%E6%96%B0%E5%B0%8F%E5%8C%BA');
  assert.equal(safeReturnTo('/?neighborhood=%E6%96%87'), '/?neighborhood=%E6%96%87');
  assert.equal(safeReturnTo('/%E0%A4%A'), '/');
});
