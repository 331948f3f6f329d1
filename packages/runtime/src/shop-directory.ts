import type { ServiceClient } from '@alliance/auth';
import type { Logger } from 'pino';

/** The alliance's shops by id, with their names; null when merchants cannot be asked right now. */
export interface ShopDirectory {
  shops(allianceId: string): Promise<ReadonlyMap<string, { name: string }> | null>;
}

const TTL_MS = 30_000;

/**
 * Asks merchants (service command `allianceShops`, with the calling subgraph's own service account)
 * and keeps the answer half a minute per alliance: shops join an alliance rarely, and promotion proposals
 * and consent changes that check against the list are many.
 */
export function merchantsDirectory(client: ServiceClient, logger: Logger, nowMs: () => number = Date.now): ShopDirectory {
  const cache = new Map<string, { at: number; shops: ReadonlyMap<string, { name: string }> }>();
  return {
    async shops(allianceId) {
      const hit = cache.get(allianceId);
      if (hit && nowMs() - hit.at < TTL_MS) return hit.shops;
      try {
        const r = await client.call<{ allianceShops: Array<{ id: string; name: string }> }>('merchants', allianceId, 'query { allianceShops { id name } }');
        if (!r.data?.allianceShops) throw new Error(r.errors?.map((e) => e.message).join('; ') ?? 'no data');
        const shops = new Map(r.data.allianceShops.map((s) => [s.id, { name: s.name }] as const));
        cache.set(allianceId, { at: nowMs(), shops });
        return shops;
      } catch (err) {
        logger.warn({ err }, 'merchants did not answer which shops are in the alliance');
        return null;
      }
    },
  };
}
