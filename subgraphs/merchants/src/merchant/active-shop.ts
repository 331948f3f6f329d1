import type { UserError } from '@alliance/runtime/domain-error';
import type { MerchantRepository } from './merchant.repository.js';

/**
 * A suspended shop publishes nothing (no new or edited products, photos or imports): its staff get
 * SHOP_SUSPENDED. Read from the document by `_id`, not the projection, so a suspension holds from the
 * next request on every replica. The one check every catalogue write makes.
 */
export async function shopSuspendedError(merchants: Pick<MerchantRepository, 'get'>, allianceId: string, merchantId: string): Promise<UserError | null> {
  const shop = await merchants.get(allianceId, merchantId);
  if (!shop) return { code: 'UNKNOWN_MERCHANT', message: 'No such shop in this alliance', field: ['merchantId'] };
  if (shop.status === 'SUSPENDED') return { code: 'SHOP_SUSPENDED', message: `This shop is suspended${shop.suspendedReason ? `: ${shop.suspendedReason}` : ''}; it cannot publish until an alliance admin reinstates it`, field: ['merchantId'] };
  return null;
}
