import { Schema, type Connection, type Model } from 'mongoose';
import type { Spec } from './spec.rules.js';
import type { StoredImage } from '../media/image.js';

export interface ProductDoc {
  /** `<allianceId>:<id>`: the tenant is inside the key, so a request finds a product by `_id` alone. */
  _id: string;
  /** The id clients see, unique within the alliance. */
  id: string;
  allianceId: string;
  merchantId: string;
  name: string;
  description: string;
  unit: string;
  /** The lowest spec price and the stock of every spec (what listings show), kept with the specs. */
  priceFen: number;
  stock: number;
  /** One or more specs (规格); documents from before specs have none and sell as one (see specsOf). */
  specs?: Spec[];
  category: string;
  /**
   * The product's place in the combined storefront: a merchandising rank then the id, so the order
   * is total and stable for cursors. The demo interleaves shops so every page shows the alliance.
   */
  listKey: string;
  /** 上架: absent on documents from before listing existed, which are listed. */
  listed?: boolean;
  /** Photos in the shop's order (a projection of the product's image stream); the first is the cover. */
  images?: StoredImage[];
  /** The image stream's version `images` was copied at, so a late, older copy is not written over a newer one. */
  imagesVersion?: number;
  /** The shop's own code (商品编码) from an import sheet: with the shop it names the product, so a re-run creates nothing twice. */
  code?: string;
  createdAt: Date;
}

const productSchema = new Schema<ProductDoc>(
  {
    _id: { type: String, required: true },
    id: { type: String, required: true },
    allianceId: { type: String, required: true },
    merchantId: { type: String, required: true },
    name: { type: String, required: true },
    description: { type: String, default: '' },
    unit: { type: String, required: true },
    priceFen: {
      type: Number,
      required: true,
      min: 0,
      validate: { validator: Number.isSafeInteger, message: 'priceFen must be an integer number of fen' },
    },
    stock: { type: Number, required: true, min: 0, validate: Number.isSafeInteger },
    specs: {
      type: [
        new Schema<Spec>(
          {
            id: { type: String, required: true },
            name: { type: String, required: true },
            priceFen: { type: Number, required: true, min: 0, validate: Number.isSafeInteger },
            stock: { type: Number, required: true, min: 0, validate: Number.isSafeInteger },
            /** 会员价, absent (or null) when the shop set none. */
            memberPriceFen: { type: Number, required: false, default: undefined, min: 1, validate: (v: unknown) => v == null || Number.isSafeInteger(v) },
          },
          { _id: false },
        ),
      ],
      default: undefined,
    },
    category: { type: String, required: true },
    listKey: { type: String, required: true },
    listed: { type: Boolean, required: false },
    images: { type: [Schema.Types.Mixed], default: undefined },
    imagesVersion: { type: Number, required: false },
    code: { type: String, required: false },
    createdAt: { type: Date, default: () => new Date() },
  },
  { collection: 'products', versionKey: false },
);
// Request paths read by _id or from the in-memory projection; these serve the projection's load
// (one alliance's products in storefront order) and MongoDB's reports.
productSchema.index({ allianceId: 1, listKey: 1 }, { unique: true });

export function productModel(conn: Connection): Model<ProductDoc> {
  return conn.models.Product ?? conn.model<ProductDoc>('Product', productSchema);
}
