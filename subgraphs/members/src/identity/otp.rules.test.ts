import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codeHash, decideSend, decideTry, isProblem, MAX_FAILURES, newCode, otpProjection, type OtpFact, type OtpState } from './otp.rules.js';

const T0 = Date.parse('2026-11-29T02:00:00Z');
const PHONE = '13800000001';
const h = (code: string) => codeHash('demo:mem_x:phone', PHONE, code);
const fold = (facts: OtpFact[]): OtpState => facts.reduce(otpProjection.evolve, otpProjection.initial);

test('codes are six digits', () => {
  for (let i = 0; i < 50; i++) assert.match(newCode(), /^\d{6}$/);
});

test('one code a minute', () => {
  const sent = decideSend(otpProjection.initial, PHONE, h('123456'), T0) as OtpFact;
  assert.equal(sent.kind, 'SENT');
  const s = fold([sent]);
  const again = decideSend(s, PHONE, h('654321'), T0 + 30_000);
  assert.ok(isProblem(again) && again.code === 'TOO_SOON');
  assert.ok(!isProblem(decideSend(s, PHONE, h('654321'), T0 + 60_000)));
});

test('the right code within 5 minutes passes once; a wrong one counts; the fifth wrong one voids the code', () => {
  const s = fold([decideSend(otpProjection.initial, PHONE, h('123456'), T0) as OtpFact]);
  const ok = decideTry(s, PHONE, h('123456'), T0 + 1000);
  assert.ok(!isProblem(ok) && ok.ok);
  const used = fold([decideSend(otpProjection.initial, PHONE, h('123456'), T0) as OtpFact, (ok as { fact: OtpFact }).fact]);
  const replay = decideTry(used, PHONE, h('123456'), T0 + 2000);
  assert.ok(isProblem(replay) && replay.code === 'NO_CODE', 'a code passes once');

  let w = s;
  for (let i = 0; i < MAX_FAILURES; i++) {
    const d = decideTry(w, PHONE, h('000000'), T0 + 1000);
    assert.ok(!isProblem(d) && !d.ok);
    w = otpProjection.evolve(w, d.fact);
  }
  const locked = decideTry(w, PHONE, h('123456'), T0 + 1000);
  assert.ok(isProblem(locked) && locked.code === 'TOO_MANY_ATTEMPTS', 'even the right code after 5 wrong ones');

  const late = decideTry(s, PHONE, h('123456'), T0 + 5 * 60_000 + 1);
  assert.ok(isProblem(late) && late.code === 'CODE_EXPIRED');
  const otherPhone = decideTry(s, '13900000002', h('123456'), T0 + 1000);
  assert.ok(isProblem(otherPhone) && otherPhone.code === 'NO_CODE');
});

test('a guardian confirmation clears the pending code and stays', () => {
  const s = fold([decideSend(otpProjection.initial, PHONE, h('123456'), T0) as OtpFact, { kind: 'CONFIRMED', phone: PHONE, guardianName: '王芳', at: new Date(T0).toISOString() }]);
  assert.equal(s.pending, null);
  assert.deepEqual(s.confirmed, { phone: PHONE, guardianName: '王芳', at: new Date(T0).toISOString() });
});
