/**
 * Withdrawals as the portal shows them (server-only): a member's withdrawable balance, payout identity
 * (masked) and withdrawals; the alliance admin's approvals and payout file. The commissions subgraph
 * decides who may see and do what; these are thin calls.
 */
import { memberGql } from './member-gateway';
import type {
  PortalAdminWithdrawalsQuery,
  PortalDecideWithdrawalMutation,
  PortalExportPayoutBatchMutation,
  PortalMyWithdrawalsQuery,
  PortalRequestWithdrawalMutation,
  PortalSetPayoutIdentityMutation,
} from './generated/operations';

const WITHDRAWAL_VIEW = /* GraphQL */ `
  fragment WithdrawalView on Withdrawal {
    id memberId status taxBp requestedAt decidedAt note
    gross { amountFen } taxWithheld { amountFen } net { amountFen }
  }
`;

const MY_WITHDRAWALS = /* GraphQL */ `
  query PortalMyWithdrawals {
    myEarnings {
      withdrawable { amountFen } paid { amountFen } receivable { amountFen }
      payoutIdentity { realNameMasked idNumberMasked }
    }
    commissionPolicy { withdrawalMinFen taxBp }
    myWithdrawals { ...WithdrawalView }
  }
  ${WITHDRAWAL_VIEW}
`;

export type MyWithdrawalsData = PortalMyWithdrawalsQuery;
export type WithdrawalView = PortalMyWithdrawalsQuery['myWithdrawals'][number];

export async function getMyWithdrawals(): Promise<MyWithdrawalsData> {
  return memberGql<PortalMyWithdrawalsQuery>(MY_WITHDRAWALS);
}

const SET_IDENTITY = /* GraphQL */ `
  mutation PortalSetPayoutIdentity($realName: String!, $idNumber: String!) {
    setPayoutIdentity(realName: $realName, idNumber: $idNumber) { identity { realNameMasked } userErrors { code message field } }
  }
`;

export async function setPayoutIdentity(realName: string, idNumber: string) {
  return (await memberGql<PortalSetPayoutIdentityMutation>(SET_IDENTITY, { realName, idNumber })).setPayoutIdentity;
}

const REQUEST = /* GraphQL */ `
  mutation PortalRequestWithdrawal($amountFen: Fen!, $idempotencyKey: String!) {
    requestWithdrawal(amountFen: $amountFen, idempotencyKey: $idempotencyKey) { withdrawal { id } userErrors { code message field } }
  }
`;

export async function requestWithdrawal(amountFen: number, idempotencyKey: string) {
  return (await memberGql<PortalRequestWithdrawalMutation>(REQUEST, { amountFen, idempotencyKey })).requestWithdrawal;
}

// Pending ones come from the queue (oldest first, however old), apart from the newest decided ones.
const ADMIN = /* GraphQL */ `
  query PortalAdminWithdrawals {
    pending: withdrawals(status: REQUESTED, first: 100) { ...WithdrawalView }
    recent: withdrawals(first: 100) { ...WithdrawalView }
  }
  ${WITHDRAWAL_VIEW}
`;

export async function getAdminWithdrawals(): Promise<{ pending: WithdrawalView[]; decided: WithdrawalView[] }> {
  const data = await memberGql<PortalAdminWithdrawalsQuery>(ADMIN);
  return { pending: data.pending, decided: data.recent.filter((w) => w.status !== 'REQUESTED') };
}

const DECIDE = /* GraphQL */ `
  mutation PortalDecideWithdrawal($id: ID!, $approve: Boolean!, $note: String) {
    decideWithdrawal(id: $id, approve: $approve, note: $note) { withdrawal { id status } userErrors { code message field } }
  }
`;

export async function decideWithdrawal(id: string, approve: boolean, note: string | null) {
  return (await memberGql<PortalDecideWithdrawalMutation>(DECIDE, { id, approve, note })).decideWithdrawal;
}

const EXPORT = /* GraphQL */ `
  mutation PortalExportPayoutBatch($idempotencyKey: String!) {
    exportPayoutBatch(idempotencyKey: $idempotencyKey) { batch { id count csv } userErrors { code message field } }
  }
`;

export async function exportPayoutBatch(idempotencyKey: string) {
  return (await memberGql<PortalExportPayoutBatchMutation>(EXPORT, { idempotencyKey })).exportPayoutBatch;
}
