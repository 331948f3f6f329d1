/**
 * Community groups (社群, server-only): the alliance's groups, one group with its posts (members) and mix
 * (its leader), and joining, leaving, posting and starting one. The members subgraph decides who sees
 * posts and the mix and who may post or start a group; these are thin calls.
 */
import { gql } from './gateway';
import { getAccessToken } from './auth';
import { memberGql } from './member-gateway';
import type {
  PortalCommunityGroupQuery,
  PortalCommunityGroupsQuery,
  PortalCommunityHomeQuery,
  PortalCreateGroupMutation,
  PortalJoinGroupMutation,
  PortalLeaveGroupMutation,
  PortalPostToGroupMutation,
  PostKind,
} from './generated/operations';

const GROUP_SUMMARY = /* GraphQL */ `
  fragment GroupSummary on CommunityGroup { id name neighborhood interest leaderName memberCount joined shareUrl }
`;

const GROUPS = /* GraphQL */ `
  query PortalCommunityGroups($neighborhood: String) { groups(neighborhood: $neighborhood) { ...GroupSummary } neighborhoods }
  ${GROUP_SUMMARY}
`;

export type GroupSummaryView = PortalCommunityGroupsQuery['groups'][number];

/** Signed in or not: anonymous visitors see the groups too (`joined` is null for them). */
async function anyGql<T>(query: string, variables: Record<string, unknown>): Promise<T> {
  const token = await getAccessToken();
  return gql<T>(query, variables, token ? { token } : {});
}

/** The groups (of one neighbourhood when given) and the alliance's neighbourhoods to choose from. */
export async function getGroups(neighborhood: string | null): Promise<PortalCommunityGroupsQuery> {
  return anyGql<PortalCommunityGroupsQuery>(GROUPS, { neighborhood });
}

const HOME = /* GraphQL */ `
  query PortalCommunityHome { me { id homeNeighborhood } }
`;

/** Her home neighbourhood (小区), which /community opens on; null when unset or signed out. */
export async function getHomeNeighborhood(): Promise<string | null> {
  if (!(await getAccessToken())) return null;
  return (await memberGql<PortalCommunityHomeQuery>(HOME)).me.homeNeighborhood ?? null;
}

/** How many posts a group page shows. */
export const GROUP_POSTS = 30;

const GROUP = /* GraphQL */ `
  query PortalCommunityGroup($id: ID!, $first: Int) {
    communityGroup(id: $id) {
      ...GroupSummary
      posts(first: $first) { id kind text promotionId by at }
      mix { total value interaction promotion guideline advice }
    }
  }
  ${GROUP_SUMMARY}
`;

export type CommunityGroupView = NonNullable<PortalCommunityGroupQuery['communityGroup']>;
export type GroupPostView = CommunityGroupView['posts'][number];
export type GroupMixView = NonNullable<CommunityGroupView['mix']>;

export async function getCommunityGroup(id: string): Promise<CommunityGroupView | null> {
  return (await anyGql<PortalCommunityGroupQuery>(GROUP, { id, first: GROUP_POSTS })).communityGroup;
}

const JOIN = /* GraphQL */ `
  mutation PortalJoinGroup($groupId: ID!) { joinGroup(groupId: $groupId) { group { id joined memberCount } userErrors { code message field } } }
`;

const LEAVE = /* GraphQL */ `
  mutation PortalLeaveGroup($groupId: ID!) { leaveGroup(groupId: $groupId) { group { id joined memberCount } userErrors { code message field } } }
`;

export type GroupPayloadView = PortalJoinGroupMutation['joinGroup'];

export async function setJoined(groupId: string, join: boolean): Promise<GroupPayloadView> {
  return join ? (await memberGql<PortalJoinGroupMutation>(JOIN, { groupId })).joinGroup : (await memberGql<PortalLeaveGroupMutation>(LEAVE, { groupId })).leaveGroup;
}

const CREATE = /* GraphQL */ `
  mutation PortalCreateGroup($input: CreateGroupInput!) { createGroup(input: $input) { group { id shareUrl } userErrors { code message field } } }
`;

export async function createGroup(input: { name: string; neighborhood: string; interest: string }): Promise<PortalCreateGroupMutation['createGroup']> {
  return (await memberGql<PortalCreateGroupMutation>(CREATE, { input })).createGroup;
}

const POST = /* GraphQL */ `
  mutation PortalPostToGroup($groupId: ID!, $kind: PostKind!, $text: String!, $promotionId: ID) {
    postToGroup(groupId: $groupId, kind: $kind, text: $text, promotionId: $promotionId) { post { id kind } userErrors { code message field } }
  }
`;

export async function postToGroup(v: { groupId: string; kind: PostKind; text: string; promotionId: string | null }): Promise<PortalPostToGroupMutation['postToGroup']> {
  return (await memberGql<PortalPostToGroupMutation>(POST, v)).postToGroup;
}
