import { Schema, type Connection, type Model } from 'mongoose';

export interface ProductDoc {
  _id: string;
  allianceId: string;
  merchantId: string;
  name: string;
  description: string;
  unit: string;
  priceFen: number;
  stock: number;
  category: string;
  /**
   * The product's place in the combined storefront: a merchandising rank then the id, so the order
   * is total and stable for cursors. The demo interleaves shops so every page shows the alliance.
   */
  listKey: string;
  createdAt: Date;
}

const productSchema = new Schema<ProductDoc>(
  {
    _id: { type: String, required: true },
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
    category: { type: String, required: true },
    listKey: { type: String, required: true },
    createdAt: { type: Date, default: () => new Date() },
  },
  { collection: 'products', versionKey: false },
);
// The storefront pages by listKey within an alliance, optionally narrowed by shop or category.
productSchema.index({ allianceId: 1, listKey: 1 }, { unique: true });
productSchema.index({ allianceId: 1, merchantId: 1, listKey: 1 });
productSchema.index({ allianceId: 1, category: 1, listKey: 1 });

export function productModel(conn: Connection): Model<ProductDoc> {
  return conn.models.Product ?? conn.model<ProductDoc>('Product', productSchema);
}
