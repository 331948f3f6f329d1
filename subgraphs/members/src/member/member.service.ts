import DataLoader from 'dataloader';
import { hasRole, type Principal } from '@alliance/auth';
import { unauthenticated, type UserError } from '@alliance/runtime';
import type { MemberDoc } from './member.model.js';
import type { MemberRepository } from './member.repository.js';
import { isMerchantId, profileChanged, profileFromPrincipal } from './member.rules.js';
import type { FavoriteRepository } from '../favorite/favorite.repository.js';

export interface FavoritePayload {
  member: MemberDoc | null;
  userErrors: UserError[];
}

/** The member pool as seen by one request's caller. */
export class MemberService {
  private current?: Promise<MemberDoc>;
  /** Whether the caller follows each shop referenced in this request, batched into one query. */
  readonly followsMerchant: DataLoader<string, boolean | null>;

  constructor(
    private readonly allianceId: string,
    private readonly principal: Principal | null,
    private readonly members: MemberRepository,
    private readonly favorites: FavoriteRepository,
  ) {
    this.followsMerchant = new DataLoader(async (merchantIds) => {
      if (!this.principal) return merchantIds.map(() => null);
      const me = await this.me();
      const followed = await favorites.followed(allianceId, me._id, merchantIds);
      return merchantIds.map((id) => followed.has(id));
    });
  }

  /** The caller's member record, created on their first authenticated call. */
  me(): Promise<MemberDoc> {
    if (!this.principal) return Promise.reject(unauthenticated('Sign in to see your member profile'));
    this.current ??= this.ensureMember(this.principal);
    return this.current;
  }

  private async ensureMember(p: Principal): Promise<MemberDoc> {
    const profile = profileFromPrincipal(p);
    const existing = await this.members.findBySubject(this.allianceId, p.subject);
    if (!existing) return this.members.insertOrGet({ allianceId: this.allianceId, subject: p.subject, ...profile });
    if (profileChanged(existing, profile)) {
      await this.members.rename(this.allianceId, existing._id, profile.username, profile.displayName);
      return { ...existing, ...profile };
    }
    return existing;
  }

  /** A member is visible to themselves and to the alliance's admins only. */
  async visibleMember(id: string): Promise<MemberDoc | null> {
    if (!this.principal) return null;
    if (hasRole(this.principal, 'alliance-admin')) {
      return (await this.members.findByIds(this.allianceId, [id]))[0] ?? null;
    }
    const me = await this.me();
    return me._id === id ? me : null;
  }

  async favoriteMerchantIds(member: MemberDoc): Promise<string[]> {
    return this.favorites.listMerchantIds(this.allianceId, member._id);
  }

  follow(merchantId: string): Promise<FavoritePayload> {
    return this.changeFollow(merchantId, (memberId) => this.favorites.add(this.allianceId, memberId, merchantId));
  }

  unfollow(merchantId: string): Promise<FavoritePayload> {
    return this.changeFollow(merchantId, (memberId) => this.favorites.remove(this.allianceId, memberId, merchantId));
  }

  private async changeFollow(merchantId: string, write: (memberId: string) => Promise<void>): Promise<FavoritePayload> {
    const me = await this.me();
    if (!isMerchantId(merchantId)) {
      return { member: me, userErrors: [{ code: 'INVALID_MERCHANT_ID', message: 'merchantId is not a shop id', field: ['merchantId'] }] };
    }
    await write(me._id);
    return { member: me, userErrors: [] };
  }
}
