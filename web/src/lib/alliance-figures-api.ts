/**
 * The alliance admin's figures (server-only): the flow of customers between shops in a week, and the
 * settled periods' GMV, commissions, promotion cost and fees. The commissions subgraph refuses anyone
 * but an alliance admin; these are thin calls.
 */
import { memberGql } from './member-gateway';
import type { PortalPeriodFiguresQuery, PortalShopFlowsQuery } from './generated/operations';

const SHOP_FLOWS = /* GraphQL */ `
  query PortalShopFlows($periodId: ID!) {
    shopFlows(periodId: $periodId) { fromId toId from { id name } to { id name } orders gmv { amountFen } }
  }
`;

export type ShopFlowView = PortalShopFlowsQuery['shopFlows'][number];

/** Who sent whom in a week: orders (and their GMV) referred members placed at other shops. */
export async function getShopFlows(periodId: string): Promise<ShopFlowView[]> {
  return (await memberGql<PortalShopFlowsQuery>(SHOP_FLOWS, { periodId })).shopFlows;
}

const PERIOD_FIGURES = /* GraphQL */ `
  query PortalPeriodFigures($last: Int) {
    periodFigures(last: $last) { periodId startsAt endsAt gmv { amountFen } commissions { amountFen } promotionCost { amountFen } fees { amountFen } }
  }
`;

export type PeriodFiguresView = PortalPeriodFiguresQuery['periodFigures'][number];

/** The last `last` settled periods' figures, oldest first. */
export async function getPeriodFigures(last: number): Promise<PeriodFiguresView[]> {
  return (await memberGql<PortalPeriodFiguresQuery>(PERIOD_FIGURES, { last })).periodFigures;
}
