/**
 * 我的 → 隐私 as the portal shows it (server-only): her consent to every allied shop, her consent log, her
 * verified phone, birth date and guardian; the guardian's confirmation (no sign-in). The members subgraph
 * decides what each shop receives and checks every change; these are thin calls.
 */
import { gql } from './gateway';
import { memberGql } from './member-gateway';
import type {
  ConsentPurpose,
  PortalConfirmGuardianMutation,
  PortalEraseMeMutation,
  PortalExportMyDataMutation,
  PortalGrantConsentMutation,
  PortalMyPrivacyQuery,
  PortalRequestGuardianConsentMutation,
  PortalRequestPhoneCodeMutation,
  PortalRevokeConsentMutation,
  PortalSetBirthDateMutation,
  PortalVerifyPhoneMutation,
} from './generated/operations';

const SHOP_CONSENT_VIEW = /* GraphQL */ `
  fragment ShopConsentView on ShopConsent {
    merchant { id name kind badge }
    effective
    grants { purpose granted changedAt text receives { key value } }
  }
`;

/** How many log entries the page shows (newest first). */
export const CONSENT_LOG_SIZE = 20;

const MY_PRIVACY = /* GraphQL */ `
  query PortalMyPrivacy($logSize: Int) {
    me { id phone birthDate guardian { state maskedPhone confirmedAt } }
    myConsents { ...ShopConsentView }
    myConsentLog(first: $logSize) { at merchant { id name } action purposes by texts }
  }
  ${SHOP_CONSENT_VIEW}
`;

export type MyPrivacyData = PortalMyPrivacyQuery;
export type ShopConsentView = PortalMyPrivacyQuery['myConsents'][number];
export type ConsentGrantView = ShopConsentView['grants'][number];
export type ConsentRecordView = PortalMyPrivacyQuery['myConsentLog'][number];
export type { ConsentPurpose };

export async function getMyPrivacy(): Promise<MyPrivacyData> {
  return memberGql<PortalMyPrivacyQuery>(MY_PRIVACY, { logSize: CONSENT_LOG_SIZE });
}

const GRANT = /* GraphQL */ `
  mutation PortalGrantConsent($merchantId: ID!, $purposes: [ConsentPurpose!]!) {
    grantConsent(merchantId: $merchantId, purposes: $purposes) { consent { effective } userErrors { code message field } }
  }
`;

const REVOKE = /* GraphQL */ `
  mutation PortalRevokeConsent($merchantId: ID!, $purposes: [ConsentPurpose!]!) {
    revokeConsent(merchantId: $merchantId, purposes: $purposes) { consent { effective } userErrors { code message field } }
  }
`;

export type ConsentPayloadView = PortalGrantConsentMutation['grantConsent'];

export async function changeConsent(grant: boolean, merchantId: string, purposes: ConsentPurpose[]): Promise<ConsentPayloadView> {
  const variables = { merchantId, purposes };
  return grant
    ? (await memberGql<PortalGrantConsentMutation>(GRANT, variables)).grantConsent
    : (await memberGql<PortalRevokeConsentMutation>(REVOKE, variables)).revokeConsent;
}

const REQUEST_CODE = /* GraphQL */ `
  mutation PortalRequestPhoneCode($phone: String!) {
    requestPhoneCode(phone: $phone) { sentTo expiresAt userErrors { code message field } }
  }
`;

export async function requestPhoneCode(phone: string): Promise<PortalRequestPhoneCodeMutation['requestPhoneCode']> {
  return (await memberGql<PortalRequestPhoneCodeMutation>(REQUEST_CODE, { phone })).requestPhoneCode;
}

const VERIFY_PHONE = /* GraphQL */ `
  mutation PortalVerifyPhone($phone: String!, $code: String!) {
    verifyPhone(phone: $phone, code: $code) { member { id phone } userErrors { code message field } }
  }
`;

export async function verifyPhone(phone: string, code: string): Promise<PortalVerifyPhoneMutation['verifyPhone']> {
  return (await memberGql<PortalVerifyPhoneMutation>(VERIFY_PHONE, { phone, code })).verifyPhone;
}

const SET_BIRTH_DATE = /* GraphQL */ `
  mutation PortalSetBirthDate($birthDate: String!) {
    setBirthDate(birthDate: $birthDate) { member { id birthDate } userErrors { code message field } }
  }
`;

export async function setBirthDate(birthDate: string): Promise<PortalSetBirthDateMutation['setBirthDate']> {
  return (await memberGql<PortalSetBirthDateMutation>(SET_BIRTH_DATE, { birthDate })).setBirthDate;
}

const REQUEST_GUARDIAN = /* GraphQL */ `
  mutation PortalRequestGuardianConsent($guardianPhone: String!) {
    requestGuardianConsent(guardianPhone: $guardianPhone) { guardian { state maskedPhone } userErrors { code message field } }
  }
`;

export async function requestGuardianConsent(guardianPhone: string): Promise<PortalRequestGuardianConsentMutation['requestGuardianConsent']> {
  return (await memberGql<PortalRequestGuardianConsentMutation>(REQUEST_GUARDIAN, { guardianPhone })).requestGuardianConsent;
}

const CONFIRM_GUARDIAN = /* GraphQL */ `
  mutation PortalConfirmGuardian($memberId: ID!, $code: String!, $guardianName: String!) {
    confirmGuardian(memberId: $memberId, code: $code, guardianName: $guardianName) { guardian { state confirmedAt } userErrors { code message field } }
  }
`;

/**
 * The guardian's side: sent without any token even when someone is signed in in this browser — the code
 * from the SMS is the proof, and the guardian is not the member.
 */
export async function confirmGuardian(memberId: string, code: string, guardianName: string): Promise<PortalConfirmGuardianMutation['confirmGuardian']> {
  return (await gql<PortalConfirmGuardianMutation>(CONFIRM_GUARDIAN, { memberId, code, guardianName })).confirmGuardian;
}

const EXPORT_MY_DATA = /* GraphQL */ `
  mutation PortalExportMyData {
    exportMyData {
      exportedAt
      member { id heldByMembers heldByMerchants heldByPromotions heldByCommissions }
      userErrors { code message field }
    }
  }
`;

export type ExportPayloadView = PortalExportMyDataMutation['exportMyData'];

/** Every subgraph's document about her (one JSON string each); `privacy-view` puts them together. */
export async function exportMyData(): Promise<ExportPayloadView> {
  return (await memberGql<PortalExportMyDataMutation>(EXPORT_MY_DATA)).exportMyData;
}

const ERASE_ME = /* GraphQL */ `
  mutation PortalEraseMe($confirm: String!) {
    eraseMe(confirm: $confirm) { erased accountDeleted userErrors { code message field } }
  }
`;

export type ErasePayloadView = PortalEraseMeMutation['eraseMe'];

/** Irreversible: pseudonymises her everywhere and deletes her login (the members subgraph checks `confirm`). */
export async function eraseMe(confirm: string): Promise<ErasePayloadView> {
  return (await memberGql<PortalEraseMeMutation>(ERASE_ME, { confirm })).eraseMe;
}
