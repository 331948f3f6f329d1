import type { UserError } from '@alliance/runtime/domain-error';
import { maskPhone, normalizeMobile } from '@alliance/runtime/phone';
import type { RequestContext } from '@alliance/runtime/request-context';
import type { MemberDoc } from '../member/member.model.js';
import type { MemberRepository } from '../member/member.repository.js';
import type { MemberPayload, MemberService } from '../member/member.service.js';
import { isMemberId } from '@alliance/auth/member-id';
import { chinaDay } from '@alliance/runtime/china-time';
import { isUnder14, parseBirthDate } from '../consent/consent.rules.js';
import { CODE_TTL_MS, codeHash, decideSend, decideTry, isProblem, newCode, type OtpFact, type OtpProblem, type OtpState } from './otp.rules.js';
import { otpStream, type IdentityRepository } from './identity.repository.js';
import type { SmsProvider } from './sms-provider.js';

export type GuardianState = 'NOT_NEEDED' | 'REQUIRED' | 'PENDING' | 'CONFIRMED';
export interface GuardianStatus {
  state: GuardianState;
  maskedPhone: string | null;
  confirmedAt: string | null;
}


/** Whether an under-14 member's consents may reach shops: only once her guardian confirmed. */
export function guardianStatusOf(member: Pick<MemberDoc, 'birthDate'>, otp: OtpState, now: Date): GuardianStatus {
  if (!isUnder14(member.birthDate, chinaDay(now))) return { state: 'NOT_NEEDED', maskedPhone: null, confirmedAt: null };
  if (otp.confirmed) return { state: 'CONFIRMED', maskedPhone: maskPhone(otp.confirmed.phone), confirmedAt: otp.confirmed.at };
  if (otp.pending) return { state: 'PENDING', maskedPhone: maskPhone(otp.pending.phone), confirmedAt: null };
  return { state: 'REQUIRED', maskedPhone: null, confirmedAt: null };
}

/**
 * Identity beyond the Keycloak subject: her phone, verified by a one-time code and claimed in the
 * alliance; her birth date; and, under 14, her guardian's confirmation by a code sent to the guardian.
 */
export class IdentityService {
  constructor(
    private readonly request: RequestContext,
    private readonly members: MemberService,
    private readonly memberRepo: MemberRepository,
    private readonly identity: IdentityRepository,
    private readonly sms: SmsProvider,
    private readonly now: () => Date,
    private readonly portalUrl: string,
  ) {}

  private get allianceId() {
    return this.request.allianceId;
  }

  async guardianOf(member: MemberDoc): Promise<GuardianStatus> {
    if (!isUnder14(member.birthDate, chinaDay(this.now()))) return guardianStatusOf(member, { pending: null, lastSentAt: null, confirmed: null }, this.now());
    return guardianStatusOf(member, await this.identity.otp(this.allianceId, member.id, 'guardian'), this.now());
  }

  async requestPhoneCode(input: string): Promise<{ sentTo: string | null; expiresAt: string | null; userErrors: UserError[] }> {
    const me = await this.members.me();
    const phone = normalizeMobile(input);
    const fail = (code: string, message: string) => ({ sentTo: null, expiresAt: null, userErrors: [{ code, message, field: ['phone'] }] });
    if (!phone) return fail('INVALID_PHONE', 'a phone is a mainland mobile number of 11 digits (13x–19x)');
    if (phone === me.phone) return fail('ALREADY_VERIFIED', 'this is your verified phone already');
    return this.sendCode(me, 'phone', phone, (code) => `【商家联盟】验证码 ${code}，5 分钟内有效。请勿告诉他人。`, fail);
  }

  async verifyPhone(input: string, code: string): Promise<MemberPayload> {
    const me = await this.members.me();
    const phone = normalizeMobile(input);
    if (!phone) return { member: me, userErrors: [{ code: 'INVALID_PHONE', message: 'a phone is a mainland mobile number of 11 digits', field: ['phone'] }] };
    const stream = otpStream(this.allianceId, me.id, 'phone');
    const nowMs = this.now().getTime();
    const tried = await this.identity.decideOtp<OtpProblem | { ok: boolean }>(this.allianceId, me.id, 'phone', (s) => {
      const d = decideTry(s, phone, codeHash(stream, phone, code.trim()), nowMs);
      return isProblem(d) ? { fact: null, outcome: d } : { fact: d.fact, outcome: { ok: d.ok } };
    });
    if (isProblem(tried)) return { member: me, userErrors: [{ code: tried.code, message: tried.message, field: ['code'] }] };
    if (!tried.ok) return { member: me, userErrors: [{ code: 'WRONG_CODE', message: 'the code is not right', field: ['code'] }] };
    const holder = await this.identity.claimPhone(this.allianceId, phone, me.id, new Date(nowMs).toISOString());
    if (holder !== me.id) return { member: me, userErrors: [{ code: 'PHONE_TAKEN', message: 'this phone belongs to another member of the alliance', field: ['phone'] }] };
    if (me.phone && me.phone !== phone) await this.identity.releasePhone(this.allianceId, me.phone, me.id);
    await this.memberRepo.update(me.id, { phone });
    return { member: this.members.remember({ ...me, phone }), userErrors: [] };
  }

  async setBirthDate(input: string): Promise<MemberPayload> {
    const me = await this.members.me();
    if (me.birthDate) return { member: me, userErrors: [{ code: 'BIRTH_DATE_SET', message: 'your birth date is set; ask the alliance to correct it', field: ['birthDate'] }] };
    const parsed = parseBirthDate(input, chinaDay(this.now()));
    if (!parsed.ok) return { member: me, userErrors: [{ code: 'INVALID_BIRTH_DATE', message: parsed.message, field: ['birthDate'] }] };
    await this.memberRepo.update(me.id, { birthDate: parsed.value });
    return { member: this.members.remember({ ...me, birthDate: parsed.value }), userErrors: [] };
  }

  async requestGuardianConsent(input: string): Promise<{ guardian: GuardianStatus | null; userErrors: UserError[] }> {
    const me = await this.members.me();
    const fail = (code: string, message: string) => ({ guardian: null, userErrors: [{ code, message, field: ['guardianPhone'] }] });
    const status = await this.guardianOf(me);
    if (status.state === 'NOT_NEEDED') return fail('GUARDIAN_NOT_NEEDED', 'a guardian confirms for members under 14 only');
    if (status.state === 'CONFIRMED') return fail('GUARDIAN_CONFIRMED', 'your guardian has confirmed already');
    const phone = normalizeMobile(input);
    if (!phone) return fail('INVALID_PHONE', 'a phone is a mainland mobile number of 11 digits');
    if (phone === me.phone) return fail('OWN_PHONE', 'your guardian confirms from their own phone');
    const sent = await this.sendCode(me, 'guardian', phone, (code) => `【商家联盟】${me.displayName} 申请使用联盟会员服务，需要监护人同意。确认码 ${code}（5 分钟内有效），请打开 ${this.portalUrl.replace(/\/$/, '')}/guardian/${me.id} 输入。`, fail);
    if (sent.userErrors.length) return { guardian: null, userErrors: sent.userErrors };
    return { guardian: await this.guardianOf(me), userErrors: [] };
  }

  /** The guardian's side: no sign-in, the code sent to their phone is the proof. */
  async confirmGuardian(memberId: string, code: string, guardianName: string): Promise<{ guardian: GuardianStatus | null; userErrors: UserError[] }> {
    const name = guardianName.trim();
    if (!isMemberId(memberId)) return { guardian: null, userErrors: [{ code: 'UNKNOWN_MEMBER', message: 'no such member', field: ['memberId'] }] };
    if (name.length < 1 || name.length > 32) return { guardian: null, userErrors: [{ code: 'INVALID_NAME', message: 'the guardian name is 1 to 32 characters', field: ['guardianName'] }] };
    const member = await this.memberRepo.get(memberId);
    if (!member) return { guardian: null, userErrors: [{ code: 'UNKNOWN_MEMBER', message: 'no such member', field: ['memberId'] }] };
    const stream = otpStream(this.allianceId, memberId, 'guardian');
    const nowMs = this.now().getTime();
    const at = new Date(nowMs).toISOString();
    const tried = await this.identity.decideOtp<OtpProblem | { ok: boolean }>(this.allianceId, memberId, 'guardian', (s) => {
      if (s.confirmed) return { fact: null, outcome: { ok: true } };
      const phone = s.pending?.phone ?? '';
      const d = decideTry(s, phone, codeHash(stream, phone, code.trim()), nowMs);
      if (isProblem(d)) return { fact: null, outcome: d };
      const fact: OtpFact = d.ok ? { kind: 'CONFIRMED', phone, guardianName: name, at } : d.fact;
      return { fact, outcome: { ok: d.ok } };
    });
    if (isProblem(tried)) return { guardian: null, userErrors: [{ code: tried.code, message: tried.message, field: ['code'] }] };
    if (!tried.ok) return { guardian: null, userErrors: [{ code: 'WRONG_CODE', message: 'the code is not right', field: ['code'] }] };
    return { guardian: await this.guardianOf(member), userErrors: [] };
  }

  private async sendCode<E>(me: MemberDoc, purpose: 'phone' | 'guardian', phone: string, text: (code: string) => string, fail: (code: string, message: string) => E): Promise<{ sentTo: string; expiresAt: string; userErrors: [] } | E> {
    const code = newCode();
    const nowMs = this.now().getTime();
    const hash = codeHash(otpStream(this.allianceId, me.id, purpose), phone, code);
    const sent = await this.identity.decideOtp(this.allianceId, me.id, purpose, (s) => {
      const d = decideSend(s, phone, hash, nowMs);
      return isProblem(d) ? { fact: null, outcome: d } : { fact: d, outcome: null };
    });
    if (sent) return fail(sent.code, sent.message);
    try {
      await this.sms.send(phone, text(code));
    } catch {
      return fail('SMS_FAILED', 'the text message could not be sent; try again in a minute');
    }
    return { sentTo: maskPhone(phone), expiresAt: new Date(nowMs + CODE_TTL_MS).toISOString(), userErrors: [] };
  }
}
