import type { Connection } from 'mongoose';
import { Streams } from '@alliance/store';
import { poolStatsProjection, type PoolStats, type PoolStatsFact } from './pool-stats.rules.js';

const statsStream = (allianceId: string) => `${allianceId}:pool-stats`;

/** The pool's aggregate counts: one stream per alliance whose head keeps them (one read for a report). */
export class PoolStatsRepository {
  private readonly streams: Streams;

  constructor(conn: Connection) {
    this.streams = new Streams(conn.collection('pool_stats_streams'));
  }

  async add(allianceId: string, facts: PoolStatsFact[]): Promise<void> {
    for (const f of facts) await this.streams.appendAnywhere<PoolStatsFact, PoolStats>(statsStream(allianceId), f, { projection: poolStatsProjection });
  }

  async get(allianceId: string): Promise<PoolStats> {
    return (await this.streams.appendWithRetry<PoolStatsFact, PoolStats>(statsStream(allianceId), () => null, { projection: poolStatsProjection })).state;
  }
}
