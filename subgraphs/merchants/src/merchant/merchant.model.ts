import { Schema, type Connection, type Model } from 'mongoose';
import type { StoredImage } from '../media/image.js';

export const MERCHANT_KINDS = ['FRUIT', 'BAKERY', 'YOGURT_TEA', 'MOTHER_BABY', 'FRESH_MARKET', 'HOUSEHOLD_SERVICE'] as const;
export type MerchantKind = (typeof MERCHANT_KINDS)[number];
export type MerchantStatus = 'ACTIVE' | 'SUSPENDED';

/** 营业执照 and, for food, 食品经营许可证 (电子商务法 Art. 15): shown on the shop's page. */
export interface MerchantLicences {
  businessLicenceNumber: string;
  businessLicenceImage?: StoredImage | null;
  foodPermitNumber?: string | null;
  foodPermitImage?: StoredImage | null;
}

/** What the shop set at onboarding; shops from before onboarding follow their kind (delivery.rules). */
export interface DeliverySettings {
  delivers: boolean;
  feeFen: number;
  freeFromFen: number | null;
}

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
  /** A projection of the shop's status stream (suspensions); absent: active. */
  status?: MerchantStatus;
  suspendedReason?: string | null;
  statusVersion?: number;
  /** The neighbourhoods it serves; absent: its own. */
  neighborhoodsServed?: string[];
  delivery?: DeliverySettings | null;
  licences?: MerchantLicences | null;
  /**
   * Onboarded shops (seeded ones have none): the owner's account, and when onboarding finished. A shop
   * whose onboarding has not finished (a crash between its steps) is finished by repeating it.
   */
  onboarding?: { ownerUsername: string; ownerEmail: string; by: string; completedAt: Date | null } | null;
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
    status: { type: String, enum: ['ACTIVE', 'SUSPENDED'], required: false },
    suspendedReason: { type: String, required: false },
    statusVersion: { type: Number, required: false },
    neighborhoodsServed: { type: [String], default: undefined },
    delivery: { type: Schema.Types.Mixed, required: false },
    licences: { type: Schema.Types.Mixed, required: false },
    onboarding: { type: Schema.Types.Mixed, required: false },
    createdAt: { type: Date, default: () => new Date() },
  },
  { collection: 'merchants', versionKey: false },
);
merchantSchema.index({ allianceId: 1, name: 1 }, { unique: true });

export function merchantModel(conn: Connection): Model<MerchantDoc> {
  return conn.models.Merchant ?? conn.model<MerchantDoc>('Merchant', merchantSchema);
}
