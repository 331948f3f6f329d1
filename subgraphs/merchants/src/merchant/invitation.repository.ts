import type { Connection } from 'mongoose';
import { insertOnce, readTenantDoc, Streams, tenantId } from '@alliance/store';
import type { InvitationRole, LinkUse } from './invitation.rules.js';

export interface InvitationDoc {
  /** `<allianceId>:invite:<sha256 of the token>`: the token itself is never stored. */
  _id: string;
  allianceId: string;
  /** The token's hash (hex): the invitation's id. */
  id: string;
  merchantId: string;
  email: string;
  role: InvitationRole;
  /** Who made it (the owner's username, or the onboarding admin's). */
  createdBy: string;
  createdAt: Date;
  expiresAt: Date;
  /** An owner invitation: the Keycloak account onboarding made, whose password accepting sets. */
  owner?: { userId: string; username: string } | null;
}

export interface AcceptanceDoc {
  _id: string;
  allianceId: string;
  at: Date;
  username: string | null;
  /** Used up by a newer link for the same person (an owner's link issued again), not by anyone joining. */
  revoked?: boolean;
}

const localIdOf = (hash: string) => `invite:${hash}`;
const acceptedIdOf = (hash: string) => `invite:${hash}:accepted`;
const shopListOf = (allianceId: string, merchantId: string) => `${allianceId}:invites:${merchantId}`;

/**
 * Invitations by `_id`, their single use decided by inserting `<id>:accepted` (a unique `_id`: of two
 * parallel accepts one inserts, the other finds it), and each shop's invitations as an append-only
 * list (a stream of ids), read newest first.
 */
export class InvitationRepository {
  private readonly lists: Streams;
  constructor(private readonly conn: Connection) {
    this.lists = new Streams(conn.collection('invitation_lists'));
  }

  private get collection() {
    return this.conn.collection('invitations');
  }

  async insert(doc: Omit<InvitationDoc, '_id'>): Promise<void> {
    const r = await insertOnce(this.collection, tenantId(doc.allianceId, localIdOf(doc.id)), doc);
    // 256 random bits: a collision is a bug, never a race.
    if (!r.inserted) throw new Error('an invitation with this token exists already');
    await this.lists.appendAnywhere(shopListOf(doc.allianceId, doc.merchantId), { id: doc.id });
  }

  get(allianceId: string, hash: string): Promise<InvitationDoc | null> {
    return readTenantDoc<InvitationDoc>(this.collection, allianceId, localIdOf(hash));
  }

  async isAccepted(allianceId: string, hash: string): Promise<boolean> {
    return !!(await this.acceptance(allianceId, hash));
  }

  /** How the link was used up (joined, or revoked), or null while it is unused. */
  acceptance(allianceId: string, hash: string): Promise<AcceptanceDoc | null> {
    return readTenantDoc<AcceptanceDoc>(this.collection, allianceId, acceptedIdOf(hash));
  }

  /**
   * Uses the link up without anyone joining, decided like an acceptance (the same unique `_id`): false
   * when someone accepted it first, and then they have joined.
   */
  async revoke(allianceId: string, hash: string, at: Date): Promise<boolean> {
    const r = await insertOnce(this.collection, tenantId(allianceId, acceptedIdOf(hash)), { allianceId, at, username: null, revoked: true });
    return r.inserted || !!(await this.acceptance(allianceId, hash))?.revoked;
  }

  /** True for the one caller that takes the invitation. */
  async claim(allianceId: string, hash: string, at: Date): Promise<boolean> {
    const r = await insertOnce(this.collection, tenantId(allianceId, acceptedIdOf(hash)), { allianceId, at, username: null });
    return r.inserted;
  }

  /** The account could not be made (a password the realm refuses, Keycloak down): the link works again. */
  async release(allianceId: string, hash: string): Promise<void> {
    await this.collection.deleteOne({ _id: tenantId(allianceId, acceptedIdOf(hash)) } as never);
  }

  async markAccepted(allianceId: string, hash: string, username: string): Promise<void> {
    await this.collection.updateOne({ _id: tenantId(allianceId, acceptedIdOf(hash)) } as never, { $set: { username } });
  }

  /** The shop's newest `limit` invitations (open or not) and how each was used, newest first: parallel `_id` reads. */
  async ofShop(allianceId: string, merchantId: string, limit: number): Promise<{ invitation: InvitationDoc; accepted: boolean; use: LinkUse }[]> {
    const facts = await this.lists.readBackward<{ id: string }>(shopListOf(allianceId, merchantId), { limit });
    const rows = await Promise.all(
      facts.map(async (f) => {
        const [invitation, acceptance] = await Promise.all([this.get(allianceId, f.data.id), this.acceptance(allianceId, f.data.id)]);
        const use: LinkUse = !acceptance ? null : acceptance.revoked ? 'REVOKED' : 'JOINED';
        return invitation ? { invitation, accepted: use !== null, use } : null;
      }),
    );
    return rows.filter((r): r is { invitation: InvitationDoc; accepted: boolean; use: LinkUse } => r !== null);
  }
}
