import { Schema, type Connection, type Model } from 'mongoose';

/** The unified member: one per (alliance, Keycloak subject), shared by every shop of the alliance. */
export interface MemberDoc {
  _id: string;
  allianceId: string;
  subject: string;
  username: string;
  displayName: string;
  createdAt: Date;
}

const memberSchema = new Schema<MemberDoc>(
  {
    _id: { type: String, required: true },
    allianceId: { type: String, required: true },
    subject: { type: String, required: true },
    username: { type: String, required: true },
    displayName: { type: String, required: true },
    createdAt: { type: Date, default: () => new Date() },
  },
  { collection: 'members', versionKey: false },
);
// The unique key decides the race when two first calls of one person arrive at once (FerretDB-safe).
memberSchema.index({ allianceId: 1, subject: 1 }, { unique: true });

export function memberModel(conn: Connection): Model<MemberDoc> {
  return conn.models.Member ?? conn.model<MemberDoc>('Member', memberSchema);
}
