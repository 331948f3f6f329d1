/**
 * A shop's public page (server-only): its profile, delivery terms and licences (电子商务法 Art. 15 asks
 * that they be shown). Its products come from the storefront query (lib/api.ts), filtered by shop.
 */
import { getAccessToken } from './auth';
import { IMAGE_VIEW } from './catalogue-api';
import { gql } from './gateway';
import type { PortalShopQuery } from './generated/operations';

const SHOP = /* GraphQL */ `
  query PortalShop($id: ID!) {
    merchant(id: $id) {
      id name kind badge neighborhood neighborhoodsServed address description status productCount
      delivery { fee { amountFen } freeFrom { amountFen } }
      licences {
        businessLicenceNumber businessLicenceImage { ...ImageView }
        foodPermitNumber foodPermitImage { ...ImageView }
      }
    }
  }
  ${IMAGE_VIEW}
`;

export type ShopView = NonNullable<PortalShopQuery['merchant']>;
export type LicenceImageView = NonNullable<NonNullable<ShopView['licences']>['businessLicenceImage']>;

export async function getShop(id: string): Promise<ShopView | null> {
  const token = await getAccessToken();
  return (await gql<PortalShopQuery>(SHOP, { id }, { token })).merchant;
}
