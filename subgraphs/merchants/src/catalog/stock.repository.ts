import type { Connection } from 'mongoose';
import { Streams } from '@alliance/store';
import { decideAdjustment, stockProjection, type StockFact } from './stock.rules.js';

const streamOf = (allianceId: string, productId: string, specId: string) => `${allianceId}:stock:${productId}:${specId}`;

export interface Adjustment {
  applied: boolean;
  /** The spec's stock after the movement (or as it stands when it was refused). */
  level: number;
  version: number;
}

/** Each spec's stock as an append-only stream of movements; its head holds the current level. */
export class StockRepository {
  private readonly streams: Streams;
  private readonly collection;
  constructor(conn: Connection) {
    this.collection = conn.collection('stock_streams');
    this.streams = new Streams(this.collection);
  }

  /** For MongoDB in production: crash recovery's lookup of a movement by its ref. */
  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ streamId: 1, 'data.ref': 1 });
  }

  /** The spec's current level, or `openingLevel` while nothing has moved it. */
  async level(allianceId: string, productId: string, specId: string, openingLevel: number): Promise<number> {
    const r = await this.streams.appendWithRetry<StockFact, number>(streamOf(allianceId, productId, specId), () => null, { projection: stockProjection });
    return r.version === 0 ? openingLevel : r.state;
  }

  /** Appends the movement unless it would take the stock below zero; a lost race re-decides on the winner's level. */
  async adjust(allianceId: string, productId: string, specId: string, openingLevel: number, delta: number, reason: string, ref?: string): Promise<Adjustment> {
    const r = await this.streams.appendWithRetry<StockFact, number>(
      streamOf(allianceId, productId, specId),
      (level, version) => decideAdjustment(level, version, openingLevel, delta, reason, ref),
      { projection: stockProjection, maxAttempts: 100 },
    );
    return { applied: r.appended, level: r.version === 0 ? openingLevel : r.state, version: r.version };
  }

  /**
   * Whether a movement with this ref was appended to the spec's stream. A scan on FerretDB, so only
   * crash recovery (background work) asks; a request never does.
   */
  async hasMovement(allianceId: string, productId: string, specId: string, ref: string): Promise<boolean> {
    const found = await this.collection.findOne({ streamId: streamOf(allianceId, productId, specId), 'data.ref': ref }, { projection: { _id: 1 } });
    return found !== null;
  }
}
