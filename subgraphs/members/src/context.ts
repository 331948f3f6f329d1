import type { RequestContext, SubgraphResources } from '@alliance/runtime';
import { MemberRepository } from './member/member.repository.js';
import { memberModel } from './member/member.model.js';
import { MemberService } from './member/member.service.js';
import { FavoriteRepository } from './favorite/favorite.repository.js';

export interface MembersContext extends RequestContext {
  members: MemberService;
}

export function contextFactory({ connection: conn }: SubgraphResources) {
  const members = memberModel(conn);
  const favoriteRepo = new FavoriteRepository(conn);
  return (request: RequestContext): MembersContext => ({
    ...request,
    members: new MemberService(request, new MemberRepository(members, request.allianceId), favoriteRepo),
  });
}
