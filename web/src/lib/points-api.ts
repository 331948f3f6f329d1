/**
 * Alliance points as the portal shows them (server-only): her balance and lots (我的, checkout), a shop's
 * points rate and its owner setting it (/merchant). The members subgraph keeps the points and decides.
 */
import { memberGql } from './member-gateway';
import { SHOP_REF } from './fragments';
import type { PortalMyPointsQuery, PortalPointsBalanceQuery, PortalPointsRateQuery, PortalSetPointsRateMutation } from './generated/operations';

const MY_POINTS = /* GraphQL */ `
  query PortalMyPoints {
    me { id points { balance expiringSoon nextExpiryAt lots { merchant { ...ShopRef } issuedOn expiresAt remaining } } }
  }
  ${SHOP_REF}
`;

export type MyPointsView = PortalMyPointsQuery['me']['points'];
export type PointsLotView = MyPointsView['lots'][number];

export async function getMyPoints(): Promise<MyPointsView> {
  return (await memberGql<PortalMyPointsQuery>(MY_POINTS)).me.points;
}

const POINTS_BALANCE = /* GraphQL */ `
  query PortalPointsBalance { me { id points { balance expiringSoon nextExpiryAt } } }
`;

export type PointsBalanceView = PortalPointsBalanceQuery['me']['points'];

/** The member card's and checkout's line: the balance without the lots. */
export async function getPointsBalance(): Promise<PointsBalanceView> {
  return (await memberGql<PortalPointsBalanceQuery>(POINTS_BALANCE)).me.points;
}

const POINTS_RATE = /* GraphQL */ `
  query PortalPointsRate($merchantId: ID!) { pointsRate(merchantId: $merchantId) { merchantId rateBp } }
`;

export async function getPointsRate(merchantId: string): Promise<number> {
  return (await memberGql<PortalPointsRateQuery>(POINTS_RATE, { merchantId })).pointsRate.rateBp;
}

const SET_POINTS_RATE = /* GraphQL */ `
  mutation PortalSetPointsRate($merchantId: ID!, $rateBp: Int!) {
    setPointsRate(merchantId: $merchantId, rateBp: $rateBp) { rate { merchantId rateBp } userErrors { code message field } }
  }
`;

export async function setPointsRate(merchantId: string, rateBp: number): Promise<PortalSetPointsRateMutation['setPointsRate']> {
  return (await memberGql<PortalSetPointsRateMutation>(SET_POINTS_RATE, { merchantId, rateBp })).setPointsRate;
}
