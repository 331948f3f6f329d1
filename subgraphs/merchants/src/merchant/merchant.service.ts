import DataLoader from 'dataloader';
import type { MerchantDoc } from './merchant.model.js';
import type { MerchantRepository } from './merchant.repository.js';

/** The alliance's shops as seen by one request. Merchant data is public within its alliance. */
export class MerchantService {
  /** Batches every merchant lookup of a request (product cards, federation references) into one query. */
  readonly byId: DataLoader<string, MerchantDoc | null>;

  constructor(
    private readonly allianceId: string,
    private readonly repo: MerchantRepository,
  ) {
    this.byId = new DataLoader(async (ids) => {
      const rows = await repo.findByIds(allianceId, ids);
      const m = new Map(rows.map((r) => [r._id, r]));
      return ids.map((id) => m.get(id) ?? null);
    });
  }

  list(neighborhood?: string | null): Promise<MerchantDoc[]> {
    return this.repo.list(this.allianceId, neighborhood?.trim() || undefined);
  }

  get(id: string): Promise<MerchantDoc | null> {
    return this.byId.load(id);
  }

  async neighborhoods(): Promise<string[]> {
    return (await this.repo.neighborhoods(this.allianceId)).sort((a, b) => a.localeCompare(b, 'zh-Hans-CN'));
  }
}
