/**
 * Split commissions as the portal shows them (server-only): a member's share link and earnings, a
 * shop's commission rule and statements, the alliance admin's settlement console. The commissions
 * subgraph decides who may see and do what; these are thin calls.
 */
import { memberGql } from './member-gateway';
import { SHOP_REF } from './fragments';
import type {
  CommissionRuleInput,
  PartyKind,
  PortalAdminSettlementQuery,
  PortalMerchantCommissionsQuery,
  PortalMyShareQuery,
  PortalRunSettlementMutation,
  PortalPreviewSettlementMutation,
  PortalCloseSettlementMutation,
  PortalSetCommissionRuleMutation,
  PortalStatementQuery,
  PortalStatementsQuery,
  ShareTargetKind,
} from './generated/operations';

const MY_SHARE = /* GraphQL */ `
  query PortalMyShare($target: ShareTargetInput) {
    myShareLink(target: $target) { code url qrSvg target targetId }
    myEarnings {
      pending { amountFen }
      confirmed { amountFen }
      entries { orderId account stage amount { amountFen } at periodId }
    }
  }
`;

export type MyShareData = PortalMyShareQuery;

/** Her link (the storefront's, or a shop's or product's) with its QR, and her earnings. */
export async function getMyShare(target: { kind: ShareTargetKind; id: string | null }): Promise<MyShareData> {
  return memberGql<PortalMyShareQuery>(MY_SHARE, { target: target.kind === 'STOREFRONT' ? null : target });
}

export const STATEMENT_VIEW = /* GraphQL */ `
  fragment StatementView on Statement {
    periodId partyKind partyId
    opening { amountFen } movement { amountFen } closing { amountFen } pending { amountFen }
    payable { amountFen } receivable { amountFen }
    lines { account confirmed { amountFen } pending { amountFen } }
  }
`;

const STATEMENT = /* GraphQL */ `
  query PortalStatement($periodId: ID!, $party: PartyInput) { statement(periodId: $periodId, party: $party) { ...StatementView } }
  ${STATEMENT_VIEW}
`;

export type StatementView = NonNullable<PortalStatementQuery['statement']>;

const STATEMENTS = /* GraphQL */ `
  query PortalStatements($party: PartyInput, $last: Int) { statements(party: $party, last: $last) { ...StatementView } }
  ${STATEMENT_VIEW}
`;

/** A party's (hers by default) `last` newest statements, newest first. */
export async function getStatements(party: { kind: PartyKind; id: string } | null, last: number): Promise<StatementView[]> {
  return (await memberGql<PortalStatementsQuery>(STATEMENTS, { party, last })).statements;
}

/** A party's statement of a settled period; null when the period has none for it (or is not settled). */
export async function getStatement(periodId: string, party: { kind: PartyKind; id: string } | null): Promise<StatementView | null> {
  return (await memberGql<PortalStatementQuery>(STATEMENT, { periodId, party })).statement;
}

const MERCHANT_COMMISSIONS = /* GraphQL */ `
  query PortalMerchantCommissions($merchantId: ID!) {
    commissionRules(merchantId: $merchantId) {
      version effectiveFrom feeBp cancelled cancelledAt
      rates { category l1Bp l2Bp leaderBp l1Cap { amountFen } l2Cap { amountFen } leaderCap { amountFen } }
    }
    commissionPolicy { referralBp referralDays bindingDays allowSelfPurchase }
    merchants { ...ShopRef }
    categories { code name nameEn }
  }
  ${SHOP_REF}
`;

export type MerchantCommissionsData = PortalMerchantCommissionsQuery;
export type RuleVersionView = PortalMerchantCommissionsQuery['commissionRules'][number];

export async function getMerchantCommissions(merchantId: string): Promise<MerchantCommissionsData> {
  return memberGql<PortalMerchantCommissionsQuery>(MERCHANT_COMMISSIONS, { merchantId });
}

const SET_RULE = /* GraphQL */ `
  mutation PortalSetCommissionRule($input: CommissionRuleInput!) {
    setCommissionRule(input: $input) { rule { version effectiveFrom } userErrors { code message field } }
  }
`;

export type SetRulePayload = PortalSetCommissionRuleMutation['setCommissionRule'];

export async function setCommissionRule(input: CommissionRuleInput): Promise<SetRulePayload> {
  return (await memberGql<PortalSetCommissionRuleMutation>(SET_RULE, { input })).setCommissionRule;
}

const ADMIN_SETTLEMENT = /* GraphQL */ `
  query PortalAdminSettlement {
    settlementPeriods {
      id startsAt endsAt status
      trialBalance { periodId parties confirmed { amountFen } pending { amountFen } balanced }
    }
    merchants { ...ShopRef }
  }
  ${SHOP_REF}
`;

export type AdminSettlementData = PortalAdminSettlementQuery;

export async function getAdminSettlement(): Promise<AdminSettlementData> {
  return memberGql<PortalAdminSettlementQuery>(ADMIN_SETTLEMENT);
}

const RUN_SETTLEMENT = /* GraphQL */ `
  mutation PortalRunSettlement($periodEnd: DateTime!, $idempotencyKey: String!) {
    runSettlement(periodEnd: $periodEnd, idempotencyKey: $idempotencyKey) { period { id status } userErrors { code message field } }
  }
`;

export type SettlementPayload = PortalRunSettlementMutation['runSettlement'];

export async function runSettlement(periodEnd: string, idempotencyKey: string): Promise<SettlementPayload> {
  return (await memberGql<PortalRunSettlementMutation>(RUN_SETTLEMENT, { periodEnd, idempotencyKey })).runSettlement;
}

const PREVIEW_SETTLEMENT = /* GraphQL */ `
  mutation PortalPreviewSettlement($periodEnd: DateTime!) {
    previewSettlement(periodEnd: $periodEnd) {
      periodId
      problem { code message }
      statements { partyKind partyId movement { amountFen } pending { amountFen } closing { amountFen } lines { account confirmed { amountFen } } }
      trialBalance { parties balanced confirmed { amountFen } pending { amountFen } }
    }
  }
`;

export type SettlementPreviewView = PortalPreviewSettlementMutation['previewSettlement'];

/** What settling the week ending at `periodEnd` would write; writes nothing. */
export async function previewSettlement(periodEnd: string): Promise<SettlementPreviewView> {
  return (await memberGql<PortalPreviewSettlementMutation>(PREVIEW_SETTLEMENT, { periodEnd })).previewSettlement;
}

const CLOSE_SETTLEMENT = /* GraphQL */ `
  mutation PortalCloseSettlement($periodId: ID!) {
    closeSettlement(periodId: $periodId) { period { id status } userErrors { code message field } }
  }
`;

export async function closeSettlement(periodId: string): Promise<PortalCloseSettlementMutation['closeSettlement']> {
  return (await memberGql<PortalCloseSettlementMutation>(CLOSE_SETTLEMENT, { periodId })).closeSettlement;
}
