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
  constructor(conn: Connection) {
    this.streams = new Streams(conn.collection('stock_streams'));
  }

  /** The spec's current level, or `openingLevel` while nothing has moved it. */
  async level(allianceId: string, productId: string, specId: string, openingLevel: number): Promise<number> {
    const r = await this.streams.appendWithRetry<StockFact, number>(streamOf(allianceId, productId, specId), () => null, { projection: stockProjection });
    return r.version === 0 ? openingLevel : r.state;
  }

  /** Appends the movement unless it would take the stock below zero; a lost race re-decides on the winner's level. */
  async adjust(allianceId: string, productId: string, specId: string, openingLevel: number, delta: number, reason: string): Promise<Adjustment> {
    const r = await this.streams.appendWithRetry<StockFact, number>(
      streamOf(allianceId, productId, specId),
      (level, version) => decideAdjustment(level, version, openingLevel, delta, reason),
      { projection: stockProjection, maxAttempts: 100 },
    );
    return { applied: r.appended, level: r.version === 0 ? openingLevel : r.state, version: r.version };
  }
}
