/**
 * 我的's member card beyond points (server-only): her member code (`me.id`, what shop staff type or scan
 * at the counter), her level with what is left to the next, her stored value per shop and her community
 * groups. The members subgraph computes all of it; this is one thin call.
 */
import { memberGql } from './member-gateway';
import type { PortalMemberCardQuery } from './generated/operations';

const MEMBER_CARD = /* GraphQL */ `
  query PortalMemberCard {
    me {
      id
      level { level name spend12m next { level name fromFen toGoFen } }
      storedValue { merchant { id name } balanceFen }
      groups { id name neighborhood interest }
    }
  }
`;

export type MemberCardView = PortalMemberCardQuery['me'];
export type MemberLevelView = MemberCardView['level'];
export type StoredValueBalanceView = MemberCardView['storedValue'][number];

export async function getMemberCard(): Promise<MemberCardView> {
  return (await memberGql<PortalMemberCardQuery>(MEMBER_CARD)).me;
}
