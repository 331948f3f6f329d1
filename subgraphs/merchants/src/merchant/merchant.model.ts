import { Schema, type Connection, type Model } from 'mongoose';

export const MERCHANT_KINDS = ['FRUIT', 'BAKERY', 'YOGURT_TEA', 'MOTHER_BABY', 'FRESH_MARKET', 'HOUSEHOLD_SERVICE'] as const;
export type MerchantKind = (typeof MERCHANT_KINDS)[number];

export interface MerchantDoc {
  /** `<allianceId>:<id>`, like products. */
  _id: string;
  id: string;
  allianceId: string;
  name: string;
  kind: MerchantKind;
  neighborhood: string;
  address: string;
  badge: string;
  description: string;
  createdAt: Date;
}

const merchantSchema = new Schema<MerchantDoc>(
  {
    _id: { type: String, required: true },
    id: { type: String, required: true },
    allianceId: { type: String, required: true },
    name: { type: String, required: true },
    kind: { type: String, enum: MERCHANT_KINDS, required: true },
    neighborhood: { type: String, required: true },
    address: { type: String, required: true },
    badge: { type: String, required: true },
    description: { type: String, default: '' },
    createdAt: { type: Date, default: () => new Date() },
  },
  { collection: 'merchants', versionKey: false },
);
merchantSchema.index({ allianceId: 1, name: 1 }, { unique: true });

export function merchantModel(conn: Connection): Model<MerchantDoc> {
  return conn.models.Merchant ?? conn.model<MerchantDoc>('Merchant', merchantSchema);
}
