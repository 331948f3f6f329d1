import type { CatalogMerchant } from '../catalog/catalog.projection.js';
import type { CatalogView } from '../catalog/catalog.service.js';

/** The alliance's shops as seen by one request, from the catalogue projection. Public within the alliance. */
export class MerchantService {
  constructor(private readonly view: CatalogView) {}

  async list(neighborhood?: string | null): Promise<CatalogMerchant[]> {
    return (await this.view()).merchantList(neighborhood?.trim() || undefined);
  }

  async get(id: string): Promise<CatalogMerchant | null> {
    return (await this.view()).merchant(id);
  }

  /** The shop selling a product; a product whose shop is not in the catalogue is a fault, not an answer. */
  ofProduct(product: { merchantId: string }): Promise<CatalogMerchant> {
    return this.require(product.merchantId);
  }

  /** A shop the catalogue must know (a product's, a cart group's): its absence is a fault, not an answer. */
  async require(id: string): Promise<CatalogMerchant> {
    const merchant = await this.get(id);
    if (!merchant) throw new Error(`merchant ${id} is not in the catalogue`);
    return merchant;
  }

  async neighborhoods(): Promise<string[]> {
    return (await this.view()).neighborhoods();
  }
}
