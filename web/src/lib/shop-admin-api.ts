/**
 * The alliance admin's shops (server-only): every shop with its status, onboarding, suspension and the
 * licence photo uploads onboarding names. The merchants subgraph checks the alliance-admin role.
 */
import { memberGql } from './member-gateway';
import type {
  OnboardMerchantInput,
  PortalAdminMerchantsQuery,
  PortalCreateLicenceUploadMutation,
  PortalOnboardMerchantMutation,
  PortalReinstateMerchantMutation,
  PortalReissueOwnerInvitationMutation,
  PortalSuspendMerchantMutation,
} from './generated/operations';

const ADMIN_MERCHANTS = /* GraphQL */ `
  query PortalAdminMerchants {
    merchants {
      id name kind badge neighborhood neighborhoodsServed address status suspendedReason productCount
      licences { businessLicenceNumber foodPermitNumber }
    }
    neighborhoods
  }
`;

export type AdminMerchantsData = PortalAdminMerchantsQuery;
export type AdminMerchantView = PortalAdminMerchantsQuery['merchants'][number];

/** Every shop of the alliance, suspended ones too (the subgraph shows those to admins only). */
export async function getAdminMerchants(): Promise<AdminMerchantsData> {
  return memberGql<PortalAdminMerchantsQuery>(ADMIN_MERCHANTS);
}

const ONBOARD = /* GraphQL */ `
  mutation PortalOnboardMerchant($input: OnboardMerchantInput!) {
    onboardMerchant(input: $input) {
      merchant { id name }
      ownerInvitation { id email role expiresAt link }
      userErrors { code message field }
    }
  }
`;

export type OnboardPayload = PortalOnboardMerchantMutation['onboardMerchant'];

export async function onboardMerchant(input: OnboardMerchantInput): Promise<OnboardPayload> {
  return (await memberGql<PortalOnboardMerchantMutation>(ONBOARD, { input })).onboardMerchant;
}

const SUSPEND = /* GraphQL */ `
  mutation PortalSuspendMerchant($id: ID!, $reason: String!) {
    suspendMerchant(id: $id, reason: $reason) { merchant { id status } userErrors { code message field } }
  }
`;

const REINSTATE = /* GraphQL */ `
  mutation PortalReinstateMerchant($id: ID!) {
    reinstateMerchant(id: $id) { merchant { id status } userErrors { code message field } }
  }
`;

export type MerchantStatusPayload = PortalSuspendMerchantMutation['suspendMerchant'];

export async function suspendMerchant(id: string, reason: string): Promise<MerchantStatusPayload> {
  return (await memberGql<PortalSuspendMerchantMutation>(SUSPEND, { id, reason })).suspendMerchant;
}

export async function reinstateMerchant(id: string): Promise<PortalReinstateMerchantMutation['reinstateMerchant']> {
  return (await memberGql<PortalReinstateMerchantMutation>(REINSTATE, { id })).reinstateMerchant;
}

const LICENCE_UPLOAD = /* GraphQL */ `
  mutation PortalCreateLicenceUpload($contentType: String!, $bytes: Int!) {
    createFileUpload(purpose: LICENCE_IMAGE, contentType: $contentType, bytes: $bytes) {
      upload { id method url headers { name value } expiresAt }
      userErrors { code message field }
    }
  }
`;

export type LicenceUploadPayload = PortalCreateLicenceUploadMutation['createFileUpload'];

/** A presigned PUT for one licence photo; the browser sends the bytes straight to storage. */
export async function createLicenceUpload(contentType: string, bytes: number): Promise<LicenceUploadPayload> {
  return (await memberGql<PortalCreateLicenceUploadMutation>(LICENCE_UPLOAD, { contentType, bytes })).createFileUpload;
}

const REISSUE = /* GraphQL */ `
  mutation PortalReissueOwnerInvitation($id: ID!) {
    reissueOwnerInvitation(merchantId: $id) { invitation { email expiresAt link } userErrors { code message field } }
  }
`;

/** A new one-time link for a shop's owner (the old ones stop working). */
export async function reissueOwnerInvitation(id: string): Promise<PortalReissueOwnerInvitationMutation['reissueOwnerInvitation']> {
  return (await memberGql<PortalReissueOwnerInvitationMutation>(REISSUE, { id })).reissueOwnerInvitation;
}
