/**
 * The portal's commission reports (server-only): a statement with what its documents name, a sharer's
 * bound shoppers and earnings by kind, a shop's referral fees. Thin calls: the commissions subgraph
 * decides who may see what.
 */
import { memberGql } from './member-gateway';
import { STATEMENT_VIEW } from './commissions-api';
import type { PartyKind, PortalMyNetworkQuery, PortalReferralFeesQuery, PortalStatementDownloadQuery } from './generated/operations';

const STATEMENT_DOWNLOAD = /* GraphQL */ `
  query PortalStatementDownload($periodId: ID!, $party: PartyInput) {
    statement(periodId: $periodId, party: $party) { ...StatementView }
    merchants { id name }
  }
  ${STATEMENT_VIEW}
`;

export type StatementDownloadData = PortalStatementDownloadQuery;

/** A statement (null: none for that party and period) with the shops' names its document prints. */
export async function getStatementDownload(periodId: string, party: { kind: PartyKind; id: string } | null): Promise<StatementDownloadData> {
  return memberGql<PortalStatementDownloadQuery>(STATEMENT_DOWNLOAD, { periodId, party });
}

const MY_NETWORK = /* GraphQL */ `
  query PortalMyNetwork {
    myBindings(limit: 20) { total active shoppers { label boundAt until active } }
    myEarnings { byKind { account pending { amountFen } confirmed { amountFen } } }
  }
`;

export type MyNetworkData = PortalMyNetworkQuery;

/** The shoppers bound to the signed-in sharer (pseudonyms only) and her earnings per kind. */
export async function getMyNetwork(): Promise<MyNetworkData> {
  return memberGql<PortalMyNetworkQuery>(MY_NETWORK);
}

const REFERRAL_FEES = /* GraphQL */ `
  query PortalReferralFees($merchantId: ID!) {
    referralFees(merchantId: $merchantId) { earnedPending { amountFen } earnedConfirmed { amountFen } paidPending { amountFen } paidConfirmed { amountFen } }
  }
`;

export type ReferralFeesView = PortalReferralFeesQuery['referralFees'];

export async function getReferralFees(merchantId: string): Promise<ReferralFeesView> {
  return (await memberGql<PortalReferralFeesQuery>(REFERRAL_FEES, { merchantId })).referralFees;
}
