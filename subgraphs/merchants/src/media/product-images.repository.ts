import type { Connection } from 'mongoose';
import { Streams, tenantId } from '@alliance/store';
import { productModel } from '../catalog/product.model.js';
import type { ProductDoc } from '../catalog/product.model.js';
import type { StoredImage } from './image.js';
import { imageListProjection, type ImageFact, type ImageList } from './image.rules.js';

const streamOf = (allianceId: string, productId: string) => `${allianceId}:images:${productId}`;

export type ImageChange = { changed: true; version: number; images: StoredImage[] } | { changed: false; version: number; images: StoredImage[] };

/**
 * A product's photos: an append-only stream per product whose state (the list) is decided by the
 * unique `_id` of each fact, not by a read-modify-write of the product (FerretDB v1 has no atomic
 * `$push`). The product document carries a copy, for listings.
 */
export class ProductImageRepository {
  private readonly streams: Streams;
  constructor(private readonly conn: Connection) {
    this.streams = new Streams(conn.collection('product_images'));
  }

  /**
   * Reads the list, asks `decide` for the next fact (null: nothing to do) and appends it; a concurrent
   * change makes it decide again on the new list.
   */
  async change(allianceId: string, productId: string, decide: (state: ImageList) => ImageFact | null): Promise<ImageChange> {
    const r = await this.streams.appendWithRetry<ImageFact, ImageList>(streamOf(allianceId, productId), (state) => decide(state), { projection: imageListProjection });
    return { changed: r.appended, version: r.version, images: r.state.images };
  }

  /**
   * Copies the list onto the product document when it is newer than the copy there. Two writers may
   * land out of order (no atomic compare on FerretDB), so after writing it looks again and copies the
   * newer list that an overtaken writer may have replaced.
   */
  async copyToProduct(allianceId: string, productId: string, version: number, images: StoredImage[]): Promise<void> {
    const products = productModel(this.conn).collection;
    const _id = tenantId(allianceId, productId);
    for (let attempt = 0; attempt < 5; attempt++) {
      const doc = (await products.findOne({ _id } as never, { projection: { imagesVersion: 1 } })) as Pick<ProductDoc, 'imagesVersion'> | null;
      if (!doc || (doc.imagesVersion ?? 0) >= version) return;
      await products.updateOne({ _id } as never, { $set: { images, imagesVersion: version } });
      const latest = await this.change(allianceId, productId, () => null);
      if (latest.version === version) return;
      ({ version, images } = latest);
    }
  }
}
