/**
 * Alliance settings (server-only): the commission and promotion policies, each a versioned setting
 * with an effective date, and each shop's alliance fee as its commission rule in force. The subgraphs
 * decide who may see and set them (alliance admins).
 */
import { memberGql } from './member-gateway';
import { SHOP_REF } from './fragments';
import type {
  CommissionPolicyInput,
  CommissionRuleInput,
  PortalAllianceSettingsQuery,
  PortalCancelCommissionPolicyVersionMutation,
  PortalCancelCommissionRuleMutation,
  PortalCancelPromotionPolicyVersionMutation,
  PortalSetCommissionPolicyMutation,
  PortalSetPromotionPolicySettingMutation,
  PortalSetShopFeeMutation,
  PortalShopFeeQuery,
} from './generated/operations';

const SETTINGS = /* GraphQL */ `
  query PortalAllianceSettings {
    commissionPolicy { bindingDays allowSelfPurchase referralBp referralDays withdrawalMinFen taxBp pointsBreakageBp }
    commissionPolicyVersions { version effectiveFrom setAt setBy inForce scheduled cancelled cancelledAt cancelledBy policy { bindingDays allowSelfPurchase referralBp referralDays withdrawalMinFen taxBp pointsBreakageBp } }
    promotionPolicy { requireApproval }
    promotionPolicyVersions { version effectiveFrom setAt setBy inForce scheduled cancelled cancelledAt cancelledBy policy { requireApproval } }
    merchants { ...ShopRef }
  }
  ${SHOP_REF}
`;

const SHOP_FEE = /* GraphQL */ `
  query PortalShopFee($merchantId: ID!) {
    commissionRules(merchantId: $merchantId) {
      version effectiveFrom feeBp cancelled
      rates { category l1Bp l2Bp leaderBp l1Cap { amountFen } l2Cap { amountFen } leaderCap { amountFen } }
    }
  }
`;

const SET_SHOP_FEE = /* GraphQL */ `
  mutation PortalSetShopFee($input: CommissionRuleInput!) {
    setCommissionRule(input: $input) { rule { version effectiveFrom } userErrors { code message field } }
  }
`;

const SET_COMMISSION_POLICY = /* GraphQL */ `
  mutation PortalSetCommissionPolicy($input: CommissionPolicyInput!) {
    setCommissionPolicy(input: $input) { version { version scheduled } userErrors { code message field } }
  }
`;

const SET_PROMOTION_POLICY = /* GraphQL */ `
  mutation PortalSetPromotionPolicySetting($requireApproval: Boolean!, $effectiveFrom: DateTime) {
    setPromotionPolicy(requireApproval: $requireApproval, effectiveFrom: $effectiveFrom) { version { version scheduled } userErrors { code message field } }
  }
`;

const CANCEL_COMMISSION_POLICY = /* GraphQL */ `
  mutation PortalCancelCommissionPolicyVersion($version: Int!) {
    cancelCommissionPolicyVersion(version: $version) { version { version cancelled } userErrors { code message field } }
  }
`;

const CANCEL_PROMOTION_POLICY = /* GraphQL */ `
  mutation PortalCancelPromotionPolicyVersion($version: Int!) {
    cancelPromotionPolicyVersion(version: $version) { version { version cancelled } userErrors { code message field } }
  }
`;

const CANCEL_RULE = /* GraphQL */ `
  mutation PortalCancelCommissionRule($merchantId: ID!, $version: Int!) {
    cancelCommissionRule(merchantId: $merchantId, version: $version) { rule { version cancelled } userErrors { code message field } }
  }
`;

export type AllianceSettingsData = PortalAllianceSettingsQuery;
export type CommissionPolicyView = PortalAllianceSettingsQuery['commissionPolicy'];
export type ShopFeeVersion = PortalShopFeeQuery['commissionRules'][number];

export async function getAllianceSettings(): Promise<AllianceSettingsData> {
  return memberGql<PortalAllianceSettingsQuery>(SETTINGS);
}

/** A shop's commission rule versions, newest first (its alliance fee is the one in force). */
export async function getShopFeeVersions(merchantId: string): Promise<ShopFeeVersion[]> {
  return (await memberGql<PortalShopFeeQuery>(SHOP_FEE, { merchantId })).commissionRules;
}

export async function setCommissionPolicy(input: CommissionPolicyInput): Promise<PortalSetCommissionPolicyMutation['setCommissionPolicy']> {
  return (await memberGql<PortalSetCommissionPolicyMutation>(SET_COMMISSION_POLICY, { input })).setCommissionPolicy;
}

export async function setPromotionPolicyFrom(requireApproval: boolean, effectiveFrom: string | null): Promise<PortalSetPromotionPolicySettingMutation['setPromotionPolicy']> {
  return (await memberGql<PortalSetPromotionPolicySettingMutation>(SET_PROMOTION_POLICY, { requireApproval, effectiveFrom })).setPromotionPolicy;
}

/** A new version of a shop's commission rule (the settings page changes only its fee). */
export async function setShopFeeRule(input: CommissionRuleInput): Promise<PortalSetShopFeeMutation['setCommissionRule']> {
  return (await memberGql<PortalSetShopFeeMutation>(SET_SHOP_FEE, { input })).setCommissionRule;
}

/** A scheduled version of a policy that will not come in force (NOT_SCHEDULED, ALREADY_CANCELLED, NOT_FOUND otherwise). */
export async function cancelCommissionPolicyVersion(version: number): Promise<PortalCancelCommissionPolicyVersionMutation['cancelCommissionPolicyVersion']> {
  return (await memberGql<PortalCancelCommissionPolicyVersionMutation>(CANCEL_COMMISSION_POLICY, { version })).cancelCommissionPolicyVersion;
}

export async function cancelPromotionPolicyVersion(version: number): Promise<PortalCancelPromotionPolicyVersionMutation['cancelPromotionPolicyVersion']> {
  return (await memberGql<PortalCancelPromotionPolicyVersionMutation>(CANCEL_PROMOTION_POLICY, { version })).cancelPromotionPolicyVersion;
}

/** A scheduled version of a shop's commission rule (its owner or an admin). */
export async function cancelCommissionRule(merchantId: string, version: number): Promise<PortalCancelCommissionRuleMutation['cancelCommissionRule']> {
  return (await memberGql<PortalCancelCommissionRuleMutation>(CANCEL_RULE, { merchantId, version })).cancelCommissionRule;
}
