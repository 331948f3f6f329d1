import type { Connection } from 'mongoose';
import { Streams } from '@alliance/store';
import { pickupPointsProjection, type PickupPoint, type PickupPointFact } from './pickup-point.rules.js';

const streamOf = (allianceId: string) => `${allianceId}:pickup-points`;

/** An alliance's pickup points: one stream, its head holding the list. */
export class PickupPointRepository {
  private readonly streams: Streams;
  constructor(conn: Connection) {
    this.streams = new Streams(conn.collection('pickup_points'));
  }

  async list(allianceId: string): Promise<PickupPoint[]> {
    return (await this.streams.appendWithRetry<PickupPointFact, PickupPoint[]>(streamOf(allianceId), () => null, { projection: pickupPointsProjection })).state;
  }

  /**
   * Appends the fact `decide` returns for the current list (null: nothing to do); a concurrent edit
   * makes it decide again on the winner's list.
   */
  async change(allianceId: string, decide: (points: PickupPoint[]) => PickupPointFact | null): Promise<PickupPoint[]> {
    const r = await this.streams.appendWithRetry<PickupPointFact, PickupPoint[]>(streamOf(allianceId), decide, { projection: pickupPointsProjection, maxAttempts: 20 });
    return r.state;
  }
}
