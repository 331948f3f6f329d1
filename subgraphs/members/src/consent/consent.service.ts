import { hasRole, isShopStaff } from '@alliance/auth';
import type { EventBus } from '@alliance/events';
import { DomainError, type UserError } from '@alliance/runtime/domain-error';
import type { RequestContext } from '@alliance/runtime/request-context';
import type { ShopDirectory } from '@alliance/runtime/shop-directory';
import type { MemberDoc } from '../member/member.model.js';
import type { MemberRepository } from '../member/member.repository.js';
import type { MemberService } from '../member/member.service.js';
import type { OrderHistoryRepository } from '../history/order-history.repository.js';
import type { IdentityService } from '../identity/identity.service.js';
import type { PoolStatsRepository } from '../stats/pool-stats.repository.js';
import type { ConsentRepository } from './consent.repository.js';
import { consentText, decideConsent, grantedPurposes, normalizePurposes, PURPOSES, receivedValues, shopView, type ConsentState, type MemberFacts, type Purpose, type ShopMemberView, type SpendTier } from './consent.rules.js';

export interface ShopConsentView {
  merchant: { __typename: 'Merchant'; id: string };
  grants: Array<{ purpose: Purpose; granted: boolean; changedAt: string | null; text: string; receives: Array<{ key: string; value: string | null }> }>;
  effective: boolean;
}

export interface ConsentPayload {
  consent: ShopConsentView | null;
  userErrors: UserError[];
}

/** Roster facts read per request at most: a sparse roster (many revoked) pages on instead of scanning on. */
const SCAN_LIMIT = 500;

const cursorOf = (version: number) => Buffer.from(`roster:${version}`).toString('base64url');
function versionOf(cursor: string | null | undefined): number | null {
  if (!cursor) return 0;
  const m = /^roster:(\d{1,10})$/.exec(Buffer.from(cursor, 'base64url').toString());
  return m ? Number(m[1]) : null;
}

/**
 * The consent centre (a member grants and revokes per shop and purpose, and reads her log) and the
 * shop's side of it (`shopMembers`: consented members, consented fields only). Every read of what a
 * shop may see goes to the member's consent stream itself, so a revocation holds from the next request.
 */
export class ConsentService {
  private mine?: Promise<{ me: MemberDoc; state: ConsentState; facts: MemberFacts; orders: Awaited<ReturnType<OrderHistoryRepository['summary']>>['shops']; effective: boolean }>;

  constructor(
    private readonly request: RequestContext,
    private readonly members: MemberService,
    private readonly memberRepo: MemberRepository,
    private readonly consents: ConsentRepository,
    private readonly history: OrderHistoryRepository,
    private readonly identity: IdentityService,
    private readonly directory: ShopDirectory,
    private readonly events: EventBus,
    private readonly now: () => Date,
    private readonly stats: PoolStatsRepository,
    private readonly interestsOf: (memberId: string) => Promise<string[]>,
  ) {}

  private get allianceId() {
    return this.request.allianceId;
  }

  private async shops(): Promise<ReadonlyMap<string, { name: string }>> {
    const shops = await this.directory.shops(this.allianceId);
    if (!shops) throw new DomainError('SERVICE_UNAVAILABLE', 'the list of shops is unavailable right now; try again shortly');
    return shops;
  }

  /** Her consent state, her data and whether her consents reach shops, once per request. */
  private load() {
    this.mine ??= (async () => {
      const me = await this.members.me();
      const [{ state }, history, guardian] = await Promise.all([this.consents.state(this.allianceId, me.id), this.history.summary(this.allianceId, me.id), this.identity.guardianOf(me)]);
      return { me, state, facts: factsOf(me), orders: history.shops, effective: guardian.state === 'NOT_NEEDED' || guardian.state === 'CONFIRMED' };
    })();
    return this.mine;
  }

  private view(merchantId: string, shopName: string, mine: Awaited<ReturnType<ConsentService['load']>>): ShopConsentView {
    const shop = mine.state.shops[merchantId] ?? {};
    return {
      merchant: { __typename: 'Merchant', id: merchantId },
      grants: PURPOSES.map((purpose) => {
        const p = shop[purpose];
        return {
          purpose,
          granted: p?.granted ?? false,
          changedAt: p?.at ?? null,
          // Once granted, the text she agreed to; otherwise the text she would agree to now.
          text: p?.granted ? p.text : consentText(purpose, shopName),
          receives: receivedValues(purpose, mine.facts, mine.orders, merchantId),
        };
      }),
      effective: mine.effective,
    };
  }

  async myConsents(): Promise<ShopConsentView[]> {
    const [mine, shops] = await Promise.all([this.load(), this.shops()]);
    return [...shops].map(([id, s]) => this.view(id, s.name, mine));
  }

  /** `Merchant.myConsent`: null when anonymous or for a shop not in the alliance. */
  async shopConsent(merchantId: string): Promise<ShopConsentView | null> {
    const p = this.request.principal;
    if (!p || p.service) return null;
    const [mine, shops] = await Promise.all([this.load(), this.shops()]);
    const shop = shops.get(merchantId);
    return shop ? this.view(merchantId, shop.name, mine) : null;
  }

  grant(merchantId: string, purposes: string[]): Promise<ConsentPayload> {
    return this.change(merchantId, purposes, true);
  }

  revoke(merchantId: string, purposes: string[]): Promise<ConsentPayload> {
    return this.change(merchantId, purposes, false);
  }

  private async change(merchantId: string, asked: string[], grant: boolean): Promise<ConsentPayload> {
    const me = await this.members.me();
    const purposes = normalizePurposes(asked);
    if (!purposes) return { consent: null, userErrors: [{ code: 'INVALID_PURPOSES', message: 'name at least one purpose: PROFILE, ORDER_HISTORY or MARKETING', field: ['purposes'] }] };
    const shop = (await this.shops()).get(merchantId);
    if (!shop) return { consent: null, userErrors: [{ code: 'UNKNOWN_MERCHANT', message: `no shop ${merchantId} in this alliance`, field: ['merchantId'] }] };
    const at = this.now().toISOString();
    // Listed in the shop's roster before the grant lands: a crash between leaves her listed and not
    // consenting (shown nothing), never consenting and missing from the list.
    if (grant) await this.consents.enrol(this.allianceId, merchantId, me.id, at);
    const r = await this.consents.change(this.allianceId, me.id, (s) => decideConsent(s, { merchantId, purposes, grant, at, shopName: shop.name }));
    if (r.appended) {
      await this.stats.add(this.allianceId, r.fact.purposes.map((purpose) => ({ merchantId, purpose, delta: grant ? 1 : -1 })));
      await this.events.publish({
        id: `${this.allianceId}:consent:${me.id}:${String(r.version).padStart(10, '0')}`,
        type: grant ? 'consent.granted' : 'consent.revoked',
        allianceId: this.allianceId,
        data: { allianceId: this.allianceId, memberId: me.id, merchantId, purposes: r.fact.purposes, by: 'MEMBER', version: r.version, at },
      });
    }
    this.mine = undefined;
    const mine = await this.load();
    return { consent: this.view(merchantId, shop.name, mine), userErrors: [] };
  }

  async log(first: number | null | undefined) {
    const n = first ?? 20;
    if (!Number.isSafeInteger(n) || n < 1 || n > 100) throw DomainError.badInput('first is 1 to 100', 'first');
    const me = await this.members.me();
    const facts = await this.consents.log(this.allianceId, me.id, n);
    return facts.map((f) => ({ at: f.data.at, merchant: { __typename: 'Merchant' as const, id: f.data.merchantId }, action: f.data.action, purposes: f.data.purposes, by: f.data.by, texts: f.data.texts }));
  }

  /** Shop staff: the members consenting to their shop now, with the consented fields only. */
  async shopMembers(merchantId: string, first: number | null | undefined, after: string | null | undefined, filter: { neighborhood?: string | null; interest?: string | null; spendTier?: SpendTier | null; purpose?: Purpose | null } | null | undefined) {
    const p = this.request.principal;
    if (!p || p.service) throw DomainError.unauthenticated();
    const staff = isShopStaff(p, merchantId);
    if (!staff) throw DomainError.forbidden(hasRole(p, 'alliance-admin') ? 'An alliance admin sees member-pool aggregates, never a member' : 'Members of a shop are for its staff');
    const n = first ?? 20;
    if (!Number.isSafeInteger(n) || n < 1 || n > 100) throw DomainError.badInput('first is 1 to 100', 'first');
    let version = versionOf(after);
    if (version === null) throw DomainError.badInput('after is not a cursor of this list', 'after');
    const edges: Array<{ cursor: string; node: ShopMemberView }> = [];
    let scanned = 0;
    let more = true;
    while (edges.length < n && scanned < SCAN_LIMIT) {
      const page = await this.consents.rosterPage(this.allianceId, merchantId, version, Math.min(100, Math.max(n - edges.length, 20)));
      if (page.length === 0) {
        more = false;
        break;
      }
      const rows = await Promise.all(page.map(async (r) => (r.listed ? this.seenBy(merchantId, r.entry.memberId, r.since) : null)));
      for (let i = 0; i < page.length; i++) {
        version = page[i]!.version;
        scanned += 1;
        const node = rows[i];
        if (node && matches(node, filter)) edges.push({ cursor: cursorOf(version), node });
        if (edges.length === n) break;
      }
    }
    // With the page full, whether more follow is one probe of the next roster fact.
    if (more && edges.length === n) more = (await this.consents.rosterPage(this.allianceId, merchantId, version, 1)).length > 0;
    return { edges, pageInfo: { hasNextPage: more, endCursor: more || edges.length ? cursorOf(version) : null } };
  }

  private async seenBy(merchantId: string, memberId: string, since: string): Promise<ShopMemberView | null> {
    // Her consent first: a member who revoked everything for this shop costs nothing more to skip.
    const [{ state }, member] = await Promise.all([this.consents.state(this.allianceId, memberId), this.memberRepo.get(memberId)]);
    if (!member || grantedPurposes(state, merchantId).length === 0) return null;
    const [history, guardian, interests] = await Promise.all([this.history.summary(this.allianceId, memberId), this.identity.guardianOf(member), grantedPurposes(state, merchantId).includes('PROFILE') ? this.interestsOf(memberId) : Promise.resolve([])]);
    return shopView({ ...factsOf(member), interests }, state, merchantId, history.shops, guardian.state === 'NOT_NEEDED' || guardian.state === 'CONFIRMED', since);
  }
}

function factsOf(m: MemberDoc): MemberFacts {
  return { id: m.id, displayName: m.displayName, phone: m.phone ?? null, homeNeighborhood: m.homeNeighborhood ?? null };
}

function matches(v: ShopMemberView, f: { neighborhood?: string | null; interest?: string | null; spendTier?: SpendTier | null; purpose?: Purpose | null } | null | undefined): boolean {
  if (!f) return true;
  if (f.neighborhood && v.neighborhood !== f.neighborhood) return false;
  if (f.interest && !(v.interests ?? []).includes(f.interest)) return false;
  if (f.spendTier && v.spendTier !== f.spendTier) return false;
  if (f.purpose && !v.purposes.includes(f.purpose)) return false;
  return true;
}

/** Counts for a shop's staff and the alliance's admins: how many consent, never who. */
export class PoolStatsService {
  constructor(
    private readonly request: RequestContext,
    private readonly stats: PoolStatsRepository,
    private readonly groupCount: () => Promise<number>,
  ) {}

  private countsOf(merchantId: string, c: Partial<Record<Purpose, number>> | undefined) {
    return { merchant: { __typename: 'Merchant' as const, id: merchantId }, profile: c?.PROFILE ?? 0, orderHistory: c?.ORDER_HISTORY ?? 0, marketing: c?.MARKETING ?? 0 };
  }

  async shop(merchantId: string) {
    const p = this.request.principal;
    if (!p || p.service) throw DomainError.unauthenticated();
    const staff = isShopStaff(p, merchantId);
    if (!staff && !hasRole(p, 'alliance-admin')) throw DomainError.forbidden('A shop’s member counts are for its staff');
    return this.countsOf(merchantId, (await this.stats.get(this.request.allianceId)).consents[merchantId]);
  }

  async pool() {
    const p = this.request.principal;
    if (!p || p.service) throw DomainError.unauthenticated();
    if (!hasRole(p, 'alliance-admin')) throw DomainError.forbidden('The pool’s figures are for alliance admins');
    const [s, groups] = await Promise.all([this.stats.get(this.request.allianceId), this.groupCount()]);
    return { members: s.members, groups, consents: Object.entries(s.consents).map(([id, c]) => this.countsOf(id, c)) };
  }
}
