/**
 * Co-launched promotions: the shop's inbox, proposals and live promotions, and the alliance admin's
 * approvals and policy (server-only). The promotions subgraph decides who may see and do what.
 */
import { memberGql } from './member-gateway';
import { SHOP_REF } from './fragments';
import type {
  PortalAnswerPromotionMutation,
  PortalApprovePromotionMutation,
  PortalEndPromotionMutation,
  PortalPausePromotionMutation,
  PortalPromotionAdminQuery,
  PortalPromotionFormQuery,
  PortalPromotionQuery,
  PortalPromotionsQuery,
  PortalProposePromotionMutation,
  PortalResumePromotionMutation,
  PortalSetPromotionPolicyMutation,
  PromotionStatus,
  ProposePromotionInput,
} from './generated/operations';

const PROMOTION_VIEW = /* GraphQL */ `
  fragment PromotionView on Promotion {
    id kind title status live summary needsApproval counterTo
    proposerId proposer { ...ShopRef }
    partners { merchantId answer note answeredAt merchant { ...ShopRef } }
    funding { merchantId percent fixedFen cap { amountFen } }
    minSpend { amountFen } minShops discount { amountFen } percentOff maxDiscount { amountFen } bundlePrice { amountFen }
    groupSize pickupDate productIds categories neighborhoods communityGroups stackGroup startsAt endsAt
    totalLimit perMemberLimit budget { amountFen }
    audit { at by action merchantId note }
    usage { redemptions discountGiven { amountFen } budgetLeft { amountFen } funders { merchantId cost { amountFen } capLeft { amountFen } } }
  }
`;

const PROMOTIONS = /* GraphQL */ `
  query PortalPromotions($status: PromotionStatus) { promotions(status: $status) { ...PromotionView } }
  ${PROMOTION_VIEW}
  ${SHOP_REF}
`;

export type PromotionView = PortalPromotionsQuery['promotions'][number];

/** Shop staff: the promotions their shops take part in; an alliance admin: all of the alliance's. Newest first. */
export async function getPromotions(status: PromotionStatus | null = null): Promise<PromotionView[]> {
  return (await memberGql<PortalPromotionsQuery>(PROMOTIONS, { status })).promotions;
}

const PROMOTION = /* GraphQL */ `
  query PortalPromotion($id: ID!) { promotion(id: $id) { ...PromotionView } }
  ${PROMOTION_VIEW}
  ${SHOP_REF}
`;

export async function getPromotion(id: string): Promise<PromotionView | null> {
  return (await memberGql<PortalPromotionQuery>(PROMOTION, { id })).promotion;
}

const PROMOTION_FORM = /* GraphQL */ `
  query PortalPromotionForm { merchants { ...ShopRef } categories { code name nameEn } neighborhoods }
  ${SHOP_REF}
`;

export type PromotionFormData = PortalPromotionFormQuery;

/** What the proposal form offers: the alliance's shops (partners), categories and neighbourhoods. */
export async function getPromotionFormData(): Promise<PromotionFormData> {
  return memberGql<PortalPromotionFormQuery>(PROMOTION_FORM);
}

const PROMOTION_ADMIN = /* GraphQL */ `
  query PortalPromotionAdmin { promotionPolicy { requireApproval } promotions { ...PromotionView } }
  ${PROMOTION_VIEW}
  ${SHOP_REF}
`;

export type PromotionAdminData = PortalPromotionAdminQuery;

export async function getPromotionAdmin(): Promise<PromotionAdminData> {
  return memberGql<PortalPromotionAdminQuery>(PROMOTION_ADMIN);
}

const PAYLOAD = /* GraphQL */ `
  fragment PromotionPayloadView on PromotionPayload { promotion { id status } userErrors { code message field } }
`;

const PROPOSE = /* GraphQL */ `
  mutation PortalProposePromotion($input: ProposePromotionInput!) { proposePromotion(input: $input) { ...PromotionPayloadView } }
  ${PAYLOAD}
`;

const ANSWER = /* GraphQL */ `
  mutation PortalAnswerPromotion($id: ID!, $accept: Boolean!, $note: String, $merchantId: ID) {
    respondToPromotion(id: $id, accept: $accept, note: $note, merchantId: $merchantId) { ...PromotionPayloadView }
  }
  ${PAYLOAD}
`;

const APPROVE = /* GraphQL */ `
  mutation PortalApprovePromotion($id: ID!, $approve: Boolean!, $note: String) {
    approvePromotion(id: $id, approve: $approve, note: $note) { ...PromotionPayloadView }
  }
  ${PAYLOAD}
`;

const PAUSE = /* GraphQL */ `
  mutation PortalPausePromotion($id: ID!) { pausePromotion(id: $id) { ...PromotionPayloadView } }
  ${PAYLOAD}
`;

const RESUME = /* GraphQL */ `
  mutation PortalResumePromotion($id: ID!) { resumePromotion(id: $id) { ...PromotionPayloadView } }
  ${PAYLOAD}
`;

const END = /* GraphQL */ `
  mutation PortalEndPromotion($id: ID!) { endPromotion(id: $id) { ...PromotionPayloadView } }
  ${PAYLOAD}
`;

const SET_POLICY = /* GraphQL */ `
  mutation PortalSetPromotionPolicy($requireApproval: Boolean!) {
    setPromotionPolicy(requireApproval: $requireApproval) { policy { requireApproval } userErrors { code message field } }
  }
`;

export type PromotionPayload = PortalProposePromotionMutation['proposePromotion'];

export async function proposePromotion(input: ProposePromotionInput): Promise<PromotionPayload> {
  return (await memberGql<PortalProposePromotionMutation>(PROPOSE, { input })).proposePromotion;
}

export async function answerPromotion(v: { id: string; accept: boolean; note: string | null; merchantId: string | null }): Promise<PromotionPayload> {
  return (await memberGql<PortalAnswerPromotionMutation>(ANSWER, v)).respondToPromotion;
}

export async function approvePromotion(v: { id: string; approve: boolean; note: string | null }): Promise<PromotionPayload> {
  return (await memberGql<PortalApprovePromotionMutation>(APPROVE, v)).approvePromotion;
}

export async function pausePromotion(id: string): Promise<PromotionPayload> {
  return (await memberGql<PortalPausePromotionMutation>(PAUSE, { id })).pausePromotion;
}

export async function resumePromotion(id: string): Promise<PromotionPayload> {
  return (await memberGql<PortalResumePromotionMutation>(RESUME, { id })).resumePromotion;
}

export async function endPromotion(id: string): Promise<PromotionPayload> {
  return (await memberGql<PortalEndPromotionMutation>(END, { id })).endPromotion;
}

export async function setPromotionPolicy(requireApproval: boolean): Promise<PortalSetPromotionPolicyMutation['setPromotionPolicy']> {
  return (await memberGql<PortalSetPromotionPolicyMutation>(SET_POLICY, { requireApproval })).setPromotionPolicy;
}
