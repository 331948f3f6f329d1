import type { Principal } from '@alliance/auth';
import { isDuplicateKey } from '@alliance/store';
import { DomainError, type UserError } from '@alliance/runtime/domain-error';
import type { RequestContext } from '@alliance/runtime/request-context';
import type { MemberDoc } from './member.model.js';
import type { MemberRepository } from './member.repository.js';
import { isMerchantId, memberIdFor, normalizeNeighborhood, profileChanged, profileFromPrincipal } from './member.rules.js';
import type { FavoriteRepository } from '../favorite/favorite.repository.js';

/** What a change to the member answers (both FavoritePayload and MemberPayload in the SDL). */
export interface MemberPayload {
  member: MemberDoc | null;
  userErrors: UserError[];
}

/** The member pool as seen by one request's caller. */
export class MemberService {
  private current?: Promise<MemberDoc>;
  private followed?: Promise<string[]>;

  private readonly allianceId: string;
  private readonly principal: Principal | null;

  constructor(
    request: RequestContext,
    private readonly members: MemberRepository,
    private readonly favorites: FavoriteRepository,
    private readonly counted: (allianceId: string) => Promise<void> = async () => {},
  ) {
    this.allianceId = request.allianceId;
    this.principal = request.principal;
  }

  /** The caller's member record, created on their first authenticated call. */
  me(): Promise<MemberDoc> {
    if (!this.principal) return Promise.reject(DomainError.unauthenticated('Sign in to see your member profile'));
    this.current ??= this.ensureMember(this.principal);
    return this.current;
  }

  private async ensureMember(p: Principal): Promise<MemberDoc> {
    const profile = profileFromPrincipal(p);
    const id = memberIdFor(this.allianceId, p.subject);
    const existing = await this.members.get(id);
    if (!existing) {
      const doc = { id, subject: p.subject, ...profile };
      let r;
      try {
        r = await this.members.insertOrGet(doc);
      } catch (err) {
        // Only development data from before derived ids can collide on the old (alliance, subject) index.
        if (!isDuplicateKey(err)) throw err;
        await this.members.dropLegacyRows(p.subject, id);
        r = await this.members.insertOrGet(doc);
      }
      // The pool's size counts the one insert that created her.
      if (r.inserted) await this.counted(this.allianceId);
      return r.member;
    }
    // An erased record keeps its pseudonym: a token issued before the erasure must not restore her name.
    if (!existing.erasedAt && profileChanged(existing, profile)) {
      await this.members.rename(id, profile.username, profile.displayName);
      return { ...existing, ...profile };
    }
    return existing;
  }

  /**
   * A member is visible to herself only: an alliance admin sees aggregates, never a member's fields
   * (PIPL), and a shop sees what she consented to through `shopMembers`.
   */
  async visibleMember(id: string): Promise<MemberDoc | null> {
    if (!this.principal || this.principal.service) return null;
    const me = await this.me();
    return me.id === id ? me : null;
  }

  /** The caller's record after a change this request made to it. */
  remember(doc: MemberDoc): MemberDoc {
    this.current = Promise.resolve(doc);
    return doc;
  }

  async favoriteMerchantIds(member: MemberDoc): Promise<string[]> {
    const me = this.principal ? await this.me() : null;
    if (me && me.id === member.id) return this.myFavorites();
    return this.favorites.merchantIds(this.allianceId, member.id);
  }

  /** Whether the caller follows a shop: every shop on a page answers from one read of the caller's list. */
  async isFavorite(merchantId: string): Promise<boolean | null> {
    if (!this.principal) return null;
    return (await this.myFavorites()).includes(merchantId);
  }

  private myFavorites(): Promise<string[]> {
    this.followed ??= this.me().then((me) => this.favorites.merchantIds(this.allianceId, me.id));
    return this.followed;
  }

  /** A plain `$set` by `_id`: the last choice wins, nothing is counted or decided by it. */
  async setHomeNeighborhood(input: string | null | undefined): Promise<MemberPayload> {
    const me = await this.me();
    const hood = normalizeNeighborhood(input);
    if (!hood.ok) return { member: me, userErrors: [{ code: 'INVALID_NEIGHBORHOOD', message: hood.message, field: ['neighborhood'] }] };
    await this.members.update(me.id, { homeNeighborhood: hood.value });
    const updated = { ...me, homeNeighborhood: hood.value };
    this.current = Promise.resolve(updated);
    return { member: updated, userErrors: [] };
  }

  follow(merchantId: string): Promise<MemberPayload> {
    return this.changeFollow(merchantId, true);
  }

  unfollow(merchantId: string): Promise<MemberPayload> {
    return this.changeFollow(merchantId, false);
  }

  private async changeFollow(merchantId: string, follow: boolean): Promise<MemberPayload> {
    const me = await this.me();
    if (!isMerchantId(merchantId)) {
      return { member: me, userErrors: [{ code: 'INVALID_MERCHANT_ID', message: 'merchantId is not a shop id', field: ['merchantId'] }] };
    }
    this.followed = this.favorites.setFollowing(this.allianceId, me.id, merchantId, follow);
    await this.followed;
    return { member: me, userErrors: [] };
  }
}
