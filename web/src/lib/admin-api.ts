/** The alliance admin's pages (server-only). */
import { memberGql } from './member-gateway';
import { SHOP_REF } from './fragments';
import type { PortalEscalatedRefundsQuery } from './generated/operations';

const ESCALATED_REFUNDS = /* GraphQL */ `
  query PortalEscalatedRefunds {
    escalatedRefunds {
      id orderId status reason note escalationNote requestedAt decidedAt
      lines { lineId quantity }
      requested { amountFen }
      order {
        id status paid placedAt
        total { amountFen } refunded { amountFen }
        merchant { ...ShopRef }
        buyer { name maskedPhone }
        lines { id productName specName quantity refundedQuantity lineTotal { amountFen } }
      }
    }
  }
  ${SHOP_REF}
`;

export type EscalatedRefundView = PortalEscalatedRefundsQuery['escalatedRefunds'][number];

/** Refund requests shoppers took to the alliance after the shop rejected them, waiting for a final decision. */
export async function getEscalatedRefunds(): Promise<EscalatedRefundView[]> {
  return (await memberGql<PortalEscalatedRefundsQuery>(ESCALATED_REFUNDS)).escalatedRefunds;
}
