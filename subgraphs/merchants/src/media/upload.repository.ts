import type { Connection } from 'mongoose';
import { insertOnce, readTenantDoc, tenantId } from '@alliance/store';
import type { UploadIntent } from './upload.rules.js';

/**
 * An upload asked for: what it is for, by whom, and the key its bytes are PUT under. Read by `_id`
 * (`<allianceId>:<uploadId>`) when it is attached or imported.
 */
export interface UploadDoc extends UploadIntent {
  _id: string;
  allianceId: string;
  id: string;
  contentType: string;
  bytes: number;
  key: string;
  createdAt: Date;
  /** When the presigned PUT stops working (the record itself is kept: an upload may be used later). */
  expiresAt: Date;
  /** When the record goes (the sweeper), with the bytes it names (media/storage-sweep.rules.ts). */
  discardAt?: Date;
}

export class UploadRepository {
  constructor(private readonly conn: Connection) {}

  private get collection() {
    return this.conn.collection('uploads');
  }

  /** Upload ids are random: a duplicate would be a bug, and insertOnce makes it one loudly. */
  async insert(doc: Omit<UploadDoc, '_id'>): Promise<void> {
    const r = await insertOnce(this.collection, tenantId(doc.allianceId, doc.id), doc);
    if (!r.inserted) throw new Error(`upload ${doc.id} exists already`);
  }

  /** For the sweeper (`discardAt`): a record with no bytes left behind it. */
  get sweepable() {
    return this.collection;
  }

  get(allianceId: string, uploadId: string): Promise<UploadDoc | null> {
    return readTenantDoc<UploadDoc>(this.collection, allianceId, uploadId);
  }
}
