import { Schema, type Connection, type Model } from 'mongoose';

/**
 * The unified member: one per (alliance, Keycloak subject), shared by every shop of the alliance.
 * `_id` is `<allianceId>:<id>` and `id` is derived from the subject (see memberIdFor), so the first
 * calls of one person race on the `_id` itself and every lookup is one `_id` read.
 */
export interface MemberDoc {
  _id: string;
  allianceId: string;
  id: string;
  subject: string;
  username: string;
  displayName: string;
  /** 小区: checkout offers its pickup point first. */
  homeNeighborhood?: string | null;
  /** Verified by a one-time code and claimed for her in the alliance (phone_claims). */
  phone?: string | null;
  /** YYYY-MM-DD, set once: under 14 she needs a guardian before any shop sees anything. */
  birthDate?: string | null;
  /** She erased herself: the record is pseudonymised and never refreshed from her token again. */
  erasedAt?: Date | null;
  createdAt: Date;
}

const memberSchema = new Schema<MemberDoc>(
  {
    _id: { type: String, required: true },
    allianceId: { type: String, required: true },
    id: { type: String, required: true },
    subject: { type: String, required: true },
    username: { type: String, required: true },
    displayName: { type: String, required: true },
    homeNeighborhood: { type: String, default: null },
    phone: { type: String, default: null },
    birthDate: { type: String, default: null },
    erasedAt: { type: Date, default: null },
    createdAt: { type: Date, default: () => new Date() },
  },
  { collection: 'members', versionKey: false },
);
// For MongoDB's admin reports; requests never filter on it (the `_id` carries the subject's member id).
memberSchema.index({ allianceId: 1, subject: 1 });

export function memberModel(conn: Connection): Model<MemberDoc> {
  return conn.models.Member ?? conn.model<MemberDoc>('Member', memberSchema);
}
