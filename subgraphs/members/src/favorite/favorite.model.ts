import { Schema, type Connection, type Model } from 'mongoose';

/** A member following a shop. The unique key makes following idempotent without read-modify-write. */
export interface FavoriteDoc {
  allianceId: string;
  memberId: string;
  merchantId: string;
  createdAt: Date;
}

const favoriteSchema = new Schema<FavoriteDoc>(
  {
    allianceId: { type: String, required: true },
    memberId: { type: String, required: true },
    merchantId: { type: String, required: true },
    createdAt: { type: Date, default: () => new Date() },
  },
  { collection: 'favorites', versionKey: false },
);
favoriteSchema.index({ allianceId: 1, memberId: 1, merchantId: 1 }, { unique: true });

export function favoriteModel(conn: Connection): Model<FavoriteDoc> {
  return conn.models.Favorite ?? conn.model<FavoriteDoc>('Favorite', favoriteSchema);
}
