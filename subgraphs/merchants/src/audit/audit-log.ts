import type { Connection } from 'mongoose';
import { Streams, encodeCursor } from '@alliance/store';
import { decodeCursor } from '@alliance/store/cursor';
import type { Principal } from '@alliance/auth';

/**
 * Every change to a shop and its catalogue (电子商务法 and plain accountability: who changed a price,
 * who suspended a shop): an append-only stream per shop. Entries never change and are never removed;
 * a page is parallel `_id` reads, newest first.
 */
export interface AuditEntry {
  at: Date;
  /** The username of who made the change (or `service:<client>` for a service). */
  actor: string;
  /** e.g. product.created, product.updated, product.listed, product.image-attached, merchant.suspended. */
  action: string;
  subjectId: string;
  before: unknown;
  after: unknown;
}

export interface AuditPage {
  edges: { cursor: string; node: AuditEntry & { id: string } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const streamOf = (allianceId: string, merchantId: string) => `${allianceId}:audit:${merchantId}`;

export const actorOf = (principal: Principal | null): string => (principal ? (principal.service ? `service:${principal.service}` : principal.username) : 'anonymous');

export class AuditLog {
  private readonly streams: Streams;
  constructor(conn: Connection) {
    this.streams = new Streams(conn.collection('audit_log'));
  }

  /**
   * Appends one entry at the next free version (an entry depends on no earlier one). `before` and
   * `after` are stored as given: pass the documents' plain fields, not mongoose documents.
   */
  async record(allianceId: string, merchantId: string, entry: AuditEntry): Promise<void> {
    await this.streams.appendAnywhere(streamOf(allianceId, merchantId), { ...entry, before: entry.before ?? null, after: entry.after ?? null });
  }

  async page(allianceId: string, merchantId: string, first: number, after: string | null | undefined): Promise<AuditPage> {
    const beforeVersion = after ? Number(decodeCursor(after)) : undefined;
    if (beforeVersion !== undefined && !(Number.isSafeInteger(beforeVersion) && beforeVersion >= 1)) return { edges: [], pageInfo: { hasNextPage: false, endCursor: null } };
    const facts = await this.streams.readBackward<AuditEntry>(streamOf(allianceId, merchantId), { beforeVersion, limit: first });
    const edges = facts.map((f) => ({ cursor: encodeCursor(String(f.version)), node: { ...f.data, at: new Date(f.data.at), id: `${merchantId}:${f.version}` } }));
    const last = facts.at(-1)?.version ?? 1;
    return { edges, pageInfo: { hasNextPage: last > 1, endCursor: edges.at(-1)?.cursor ?? null } };
  }
}
