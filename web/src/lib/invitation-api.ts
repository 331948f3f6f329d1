/**
 * Staff invitations (server-only): the owner's invite and pending list, and the invitee's side, which needs
 * no sign-in — the link's token is the credential, so it is sent anonymously and never logged.
 */
import { gql } from './gateway';
import { memberGql } from './member-gateway';
import type {
  PortalAcceptInvitationMutation,
  PortalInvitationQuery,
  PortalInviteStaffMutation,
  PortalShopStaffQuery,
} from './generated/operations';

const INVITATION = /* GraphQL */ `
  query PortalInvitation($token: String!) { invitation(token: $token) { merchantName email role expiresAt } }
`;

export type InvitationPreviewView = NonNullable<PortalInvitationQuery['invitation']>;

/** Null when the link is unknown, used or expired. */
export async function getInvitation(token: string): Promise<InvitationPreviewView | null> {
  return (await gql<PortalInvitationQuery>(INVITATION, { token })).invitation;
}

const ACCEPT = /* GraphQL */ `
  mutation PortalAcceptInvitation($token: String!, $password: String!) {
    acceptInvitation(token: $token, password: $password) { username merchantId userErrors { code message field } }
  }
`;

export type AcceptPayload = PortalAcceptInvitationMutation['acceptInvitation'];

export async function acceptInvitation(token: string, password: string): Promise<AcceptPayload> {
  return (await gql<PortalAcceptInvitationMutation>(ACCEPT, { token, password })).acceptInvitation;
}

const SHOP_STAFF = /* GraphQL */ `
  query PortalShopStaff($id: ID!) { merchant(id: $id) { id name kind badge pendingInvitations { id email role expiresAt } } }
`;

export type ShopStaffView = NonNullable<PortalShopStaffQuery['merchant']>;

export async function getShopStaff(merchantId: string): Promise<ShopStaffView | null> {
  return (await memberGql<PortalShopStaffQuery>(SHOP_STAFF, { id: merchantId })).merchant;
}

const INVITE = /* GraphQL */ `
  mutation PortalInviteStaff($merchantId: ID!, $email: String!) {
    inviteStaff(merchantId: $merchantId, email: $email) { invitation { id email role expiresAt link } userErrors { code message field } }
  }
`;

export type InvitePayload = PortalInviteStaffMutation['inviteStaff'];

export async function inviteStaff(merchantId: string, email: string): Promise<InvitePayload> {
  return (await memberGql<PortalInviteStaffMutation>(INVITE, { merchantId, email })).inviteStaff;
}
