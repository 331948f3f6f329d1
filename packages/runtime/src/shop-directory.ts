import type { ServiceClient } from '@alliance/auth';
import type { Logger } from 'pino';

/** The alliance's shops, as the merchants subgraph knows them; null when it cannot be asked right now. */
export interface ShopDirectory {
  shops(allianceId: string): Promise<ReadonlySet<string> | null>;
}

const TTL_MS = 30_000;

/**
 * Asks merchants (service command `allianceMerchantIds`, with the calling subgraph's own service account)
 * and keeps the answer half a minute per alliance: shops join an alliance rarely, and promotion proposals
 * and consent changes that check against the list are many.
 */
export function merchantsDirectory(client: ServiceClient, logger: Logger, nowMs: () => number = Date.now): ShopDirectory {
  const cache = new Map<string, { at: number; ids: ReadonlySet<string> }>();
  return {
    async shops(allianceId) {
      const hit = cache.get(allianceId);
      if (hit && nowMs() - hit.at < TTL_MS) return hit.ids;
      try {
        const r = await client.call<{ allianceMerchantIds: string[] }>('merchants', allianceId, 'query { allianceMerchantIds }');
        if (!r.data?.allianceMerchantIds) throw new Error(r.errors?.map((e) => e.message).join('; ') ?? 'no data');
        const ids = new Set(r.data.allianceMerchantIds);
        cache.set(allianceId, { at: nowMs(), ids });
        return ids;
      } catch (err) {
        logger.warn({ err }, 'merchants did not answer which shops are in the alliance');
        return null;
      }
    },
  };
}
