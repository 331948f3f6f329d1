/** A shop's audit log (server-only): its owner and alliance admins; the merchants subgraph decides. */
import { memberGql } from './member-gateway';
import type { PortalShopAuditQuery } from './generated/operations';

const SHOP_AUDIT = /* GraphQL */ `
  query PortalShopAudit($id: ID!, $first: Int!, $after: String) {
    merchant(id: $id) {
      id name kind badge
      auditLog(first: $first, after: $after) {
        edges { cursor node { id at actor action subjectId before after } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`;

export type ShopAuditView = NonNullable<PortalShopAuditQuery['merchant']>;
export type AuditEntryView = ShopAuditView['auditLog']['edges'][number]['node'];

export async function getShopAudit(merchantId: string, first: number, after: string | null): Promise<ShopAuditView | null> {
  return (await memberGql<PortalShopAuditQuery>(SHOP_AUDIT, { id: merchantId, first, after })).merchant;
}
