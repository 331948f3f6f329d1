import type { Connection, Model } from 'mongoose';
import { readTenantDoc, tenantId } from '@alliance/store';
import { productModel, type ProductDoc } from './product.model.js';
import type { Spec } from './spec.rules.js';

export class ProductRepository {
  private readonly model: Model<ProductDoc>;
  constructor(conn: Connection) {
    this.model = productModel(conn);
  }

  /** By `_id` alone (the only filter FerretDB finds without a scan); the tenant is checked after the read. */
  get(allianceId: string, id: string): Promise<ProductDoc | null> {
    return readTenantDoc<ProductDoc>(this.model.collection, allianceId, id);
  }

  /** A batch is parallel `_id` reads: `_id: {$in}` would scan the collection on FerretDB. */
  getMany(allianceId: string, ids: readonly string[]): Promise<(ProductDoc | null)[]> {
    return Promise.all(ids.map((id) => this.get(allianceId, id)));
  }

  /** Every product of one alliance (or of all): the projection's load, never a request path. */
  listAll(allianceId?: string): Promise<ProductDoc[]> {
    return this.model.find(allianceId ? { allianceId } : {}).lean<ProductDoc[]>().exec();
  }

  /**
   * Sets one spec's price and the product's listed (lowest) price, by `_id`. Only the price fields are
   * written: stock is never rewritten from a copy read earlier (it changes with every sale). A document
   * from before specs gets its one spec written out in full, once.
   */
  /**
   * Copies a spec's level from its stock stream into the document listings are built from (a
   * projection of the stream: the stream decides, this may trail it for a moment).
   */
  async setSpecStock(allianceId: string, doc: ProductDoc, specs: Spec[], specIndex: number, level: number): Promise<void> {
    const set = doc.specs?.length ? { [`specs.${specIndex}.stock`]: level } : { specs: specs.map((s, i) => (i === specIndex ? { ...s, stock: level } : s)) };
    await this.model.updateOne({ _id: tenantId(allianceId, doc.id) }, { $set: set }).exec();
  }

  /**
   * Sets (or, with null, clears) one spec's member price, by `_id`: only that field is written, so a
   * concurrent price change or sale is not undone. A document from before specs gets its one spec
   * written out in full, once.
   */
  async setSpecMemberPrice(allianceId: string, doc: ProductDoc, specs: Spec[], specIndex: number, memberPriceFen: number | null): Promise<void> {
    const set = doc.specs?.length ? { [`specs.${specIndex}.memberPriceFen`]: memberPriceFen } : { specs };
    await this.model.updateOne({ _id: tenantId(allianceId, doc.id) }, { $set: set }).exec();
  }

  async setSpecPrice(allianceId: string, doc: ProductDoc, specs: Spec[], specIndex: number, lowestPriceFen: number): Promise<void> {
    const set = doc.specs?.length
      ? { [`specs.${specIndex}.priceFen`]: specs[specIndex]!.priceFen, priceFen: lowestPriceFen }
      : { specs, priceFen: lowestPriceFen };
    await this.model.updateOne({ _id: tenantId(allianceId, doc.id) }, { $set: set }).exec();
  }
}
