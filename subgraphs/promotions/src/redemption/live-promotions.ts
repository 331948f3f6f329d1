import type { PromotionRepository } from '../promotion/promotion.repository.js';
import { isLive, type PromotionState } from '../promotion/promotion.rules.js';

/**
 * The promotions that may price carts, per alliance, held in memory and revalidated on every quote
 * by one `_id` read of the live set's head: a quote costs the same whether the alliance has ended 5
 * promotions or 5,000. A promotion's terms never change once proposed, so the cache is only
 * reloaded when the live set moves (an activation, a pause, an end).
 */
export class LivePromotions {
  private readonly cache = new Map<string, { version: number; promotions: PromotionState[] }>();
  /** Live-set reloads since start (the benchmark counts them). */
  reloads = 0;

  constructor(
    private readonly repo: PromotionRepository,
    private readonly now: () => Date,
  ) {}

  async live(allianceId: string): Promise<PromotionState[]> {
    const version = await this.repo.liveVersion(allianceId);
    let entry = this.cache.get(allianceId);
    if (!entry || entry.version !== version) {
      this.reloads++;
      const set = await this.repo.liveSet(allianceId);
      const states = await Promise.all(Object.keys(set.ids).sort().map((id) => this.repo.get(allianceId, id)));
      entry = { version: set.version, promotions: states.filter((s) => s !== null).map((s) => s.state) };
      this.cache.set(allianceId, entry);
    }
    const nowMs = this.now().getTime();
    return entry.promotions.filter((p) => isLive(p, nowMs));
  }

  /** Any promotion by id (a release of a promotion that has ended since). */
  async one(allianceId: string, id: string): Promise<PromotionState | null> {
    const cached = this.cache.get(allianceId)?.promotions.find((p) => p.id === id);
    return cached ?? (await this.repo.get(allianceId, id))?.state ?? null;
  }
}
