/**
 * The member pool in aggregate for the alliance admin (server-only): members, groups and how many
 * consent to each shop per purpose — counts, never a member's field (the members subgraph only answers that).
 */
import { memberGql } from './member-gateway';
import type { PortalMemberPoolStatsQuery } from './generated/operations';

const POOL_STATS = /* GraphQL */ `
  query PortalMemberPoolStats {
    memberPoolStats { members groups consents { merchant { id name } profile orderHistory marketing } }
  }
`;

export type MemberPoolStatsView = PortalMemberPoolStatsQuery['memberPoolStats'];

export async function getMemberPoolStats(): Promise<MemberPoolStatsView> {
  return (await memberGql<PortalMemberPoolStatsQuery>(POOL_STATS)).memberPoolStats;
}
