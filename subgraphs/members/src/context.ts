import type { Connection } from 'mongoose';
import type { RequestIdentity } from '@alliance/runtime';
import { MemberRepository } from './member/member.repository.js';
import { MemberService } from './member/member.service.js';
import { FavoriteRepository } from './favorite/favorite.repository.js';

export interface MembersContext extends RequestIdentity {
  members: MemberService;
}

export function contextFactory(conn: Connection) {
  const memberRepo = new MemberRepository(conn);
  const favoriteRepo = new FavoriteRepository(conn);
  return (identity: RequestIdentity): MembersContext => ({
    ...identity,
    members: new MemberService(identity.allianceId, identity.principal, memberRepo, favoriteRepo),
  });
}
