import type { EventBus } from '@alliance/events';
import type { UserError } from '@alliance/runtime/domain-error';
import type { RequestContext } from '@alliance/runtime/request-context';
import type { MemberDoc } from '../member/member.model.js';
import type { MemberRepository } from '../member/member.repository.js';
import type { MemberService } from '../member/member.service.js';
import type { FavoriteRepository } from '../favorite/favorite.repository.js';
import type { ConsentRepository } from '../consent/consent.repository.js';
import type { ConsentService } from '../consent/consent.service.js';
import { grantedPurposes } from '../consent/consent.rules.js';
import type { OrderHistoryRepository } from '../history/order-history.repository.js';
import type { IdentityRepository } from '../identity/identity.repository.js';
import type { IdentityService } from '../identity/identity.service.js';
import type { KeycloakAdmin } from '@alliance/auth/keycloak-admin';
import { confirmsErasure, ERASED_NAME, erasedUsername } from './privacy.rules.js';
import type { StoredValueService } from '../stored-value/stored-value.service.js';

/** The consent log read for an export: her whole history, newest first (a member changes consent rarely). */
const LOG_LIMIT = 1000;

/**
 * PIPL's rights of access and erasure for the member herself. The export is her record with every
 * subgraph's `heldBy…` field beside it; the erasure revokes her consents, pays back her stored value,
 * drops her phone, birth date,
 * guardian and codes, pseudonymises her record, tells the other subgraphs (`member.erased`) and
 * deletes her login. Every step is idempotent: an erasure cut off half-way is finished by asking again.
 */
export class PrivacyService {
  constructor(
    private readonly request: RequestContext,
    private readonly members: MemberService,
    private readonly memberRepo: MemberRepository,
    private readonly consentRepo: ConsentRepository,
    private readonly consents: ConsentService,
    private readonly history: OrderHistoryRepository,
    private readonly favorites: FavoriteRepository,
    private readonly identityRepo: IdentityRepository,
    private readonly identity: IdentityService,
    private readonly accounts: Pick<KeycloakAdmin, 'deleteAccount'>,
    private readonly storedValue: StoredValueService,
    private readonly events: EventBus,
    private readonly now: () => Date,
  ) {}

  private get allianceId() {
    return this.request.allianceId;
  }

  async exportMyData(): Promise<{ exportedAt: string; member: MemberDoc; userErrors: UserError[] }> {
    const member = await this.members.me();
    return { exportedAt: this.now().toISOString(), member, userErrors: [] };
  }

  /** `Member.heldByMembers`: herself only (the resolver is reached for her own record only). */
  async heldByMembers(member: MemberDoc): Promise<string | null> {
    const p = this.request.principal;
    if (!p || p.service) return null;
    const me = await this.members.me();
    if (me.id !== member.id) return null;
    const [consent, log, history, follows, guardian, phoneCodes] = await Promise.all([
      this.consentRepo.state(this.allianceId, me.id),
      this.consentRepo.log(this.allianceId, me.id, LOG_LIMIT),
      this.history.summary(this.allianceId, me.id),
      this.favorites.merchantIds(this.allianceId, me.id),
      this.identityRepo.otp(this.allianceId, me.id, 'guardian'),
      this.identityRepo.otp(this.allianceId, me.id, 'phone'),
    ]);
    const { _id: _, ...record } = me as MemberDoc & { _id: string };
    return JSON.stringify({
      heldBy: 'members',
      member: record,
      consents: consent.state.shops,
      consentLog: log.map((f) => ({ version: f.version, ...f.data })),
      orderHistory: history.shops,
      follows,
      guardian: guardian.confirmed ? { phone: guardian.confirmed.phone, name: guardian.confirmed.guardianName, confirmedAt: guardian.confirmed.at } : guardian.pending ? { phone: guardian.pending.phone, pendingSince: guardian.pending.sentAt } : null,
      phoneVerification: phoneCodes.pending ? { phone: phoneCodes.pending.phone, codeSentAt: phoneCodes.pending.sentAt } : null,
    });
  }

  async eraseMe(confirm: string): Promise<{ erased: boolean; accountDeleted: boolean; userErrors: UserError[] }> {
    const me = await this.members.me();
    if (!confirmsErasure(confirm)) return { erased: false, accountDeleted: false, userErrors: [{ code: 'NOT_CONFIRMED', message: 'type 确认注销 to erase your membership; it cannot be undone', field: ['confirm'] }] };
    const subject = this.request.principal!.subject;
    const at = this.now().toISOString();
    // Consents first: from this moment no shop sees her, whatever happens to the rest.
    const { state } = await this.consentRepo.state(this.allianceId, me.id);
    for (const merchantId of Object.keys(state.shops)) {
      const granted = grantedPurposes(state, merchantId);
      if (granted.length) await this.consents.revoke(merchantId, granted);
    }
    // Her stored value is hers: every balance is paid back before she is gone.
    await this.storedValue.payBackAll(me);
    if (me.phone) await this.identityRepo.releasePhone(this.allianceId, me.phone, me.id);
    await this.identityRepo.forget(this.allianceId, me.id);
    await this.memberRepo.update(me.id, { displayName: ERASED_NAME, username: erasedUsername(me.id), phone: null, birthDate: null, homeNeighborhood: null, erasedAt: me.erasedAt ?? new Date(at) });
    await this.events.publish({ id: `${this.allianceId}:member-erased:${me.id}`, type: 'member.erased', allianceId: this.allianceId, data: { allianceId: this.allianceId, memberId: me.id, memberSubject: subject, at } });
    const accountDeleted = await this.accounts.deleteAccount(subject);
    return { erased: true, accountDeleted, userErrors: [] };
  }
}
