/**
 * Stored value (储值, server-only): her balances, her payback request, and a shop's counter top-up. The
 * members subgraph checks the staff's shop, the amounts and the cap; these are thin calls.
 */
import { SHOP_REF } from './fragments';
import { memberGql } from './member-gateway';
import type { PortalCounterShopQuery, PortalMyStoredValueQuery, PortalRequestStoredValuePaybackMutation, PortalTopUpStoredValueMutation } from './generated/operations';

const MY_STORED_VALUE = /* GraphQL */ `
  query PortalMyStoredValue { me { id storedValue { merchant { id name } balanceFen } } }
`;

export type MyBalanceView = PortalMyStoredValueQuery['me']['storedValue'][number];

export async function getMyStoredValue(): Promise<MyBalanceView[]> {
  return (await memberGql<PortalMyStoredValueQuery>(MY_STORED_VALUE)).me.storedValue;
}

const COUNTER_SHOP = /* GraphQL */ `
  query PortalCounterShop($id: ID!) { merchant(id: $id) { ...ShopRef } }
  ${SHOP_REF}
`;

export type CounterShopView = NonNullable<PortalCounterShopQuery['merchant']>;

/** The shop whose counter tops up (its name and badge for the page's title). */
export async function getCounterShop(id: string): Promise<CounterShopView | null> {
  return (await memberGql<PortalCounterShopQuery>(COUNTER_SHOP, { id })).merchant;
}

const TOP_UP = /* GraphQL */ `
  mutation PortalTopUpStoredValue($memberId: ID!, $merchantId: ID!, $amountFen: Fen!, $idempotencyKey: String!) {
    topUpStoredValue(memberId: $memberId, merchantId: $merchantId, amountFen: $amountFen, idempotencyKey: $idempotencyKey) {
      balance { merchant { id name } balanceFen }
      userErrors { code message field }
    }
  }
`;

export type StoredValuePayloadView = PortalTopUpStoredValueMutation['topUpStoredValue'];

export async function topUpStoredValue(v: { memberId: string; merchantId: string; amountFen: number; idempotencyKey: string }): Promise<StoredValuePayloadView> {
  return (await memberGql<PortalTopUpStoredValueMutation>(TOP_UP, v)).topUpStoredValue;
}

const PAYBACK = /* GraphQL */ `
  mutation PortalRequestStoredValuePayback($merchantId: ID!) {
    requestStoredValuePayback(merchantId: $merchantId) { balance { balanceFen } userErrors { code message field } }
  }
`;

/** Her whole balance at that shop paid back (the shop pays it out). */
export async function requestStoredValuePayback(merchantId: string): Promise<PortalRequestStoredValuePaybackMutation['requestStoredValuePayback']> {
  return (await memberGql<PortalRequestStoredValuePaybackMutation>(PAYBACK, { merchantId })).requestStoredValuePayback;
}
