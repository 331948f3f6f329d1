import type { Connection } from 'mongoose';
import { Streams } from '@alliance/store';
import { cartProjection, type CartFact, type CartLineState } from './cart.rules.js';

/** Keyed by the Keycloak subject: the cart belongs to the person, whichever device she uses. */
const streamOf = (allianceId: string, subject: string) => `${allianceId}:cart:${subject}`;

export class CartRepository {
  private readonly streams: Streams;
  constructor(conn: Connection) {
    this.streams = new Streams(conn.collection('carts'));
  }

  async lines(allianceId: string, subject: string): Promise<CartLineState[]> {
    return (await this.streams.appendWithRetry<CartFact, CartLineState[]>(streamOf(allianceId, subject), () => null, { projection: cartProjection })).state;
  }

  /** Appends what `decide` says for the current lines (null: nothing); a concurrent edit re-decides. */
  async change(allianceId: string, subject: string, decide: (lines: CartLineState[]) => CartFact | null): Promise<CartLineState[]> {
    const r = await this.streams.appendWithRetry<CartFact, CartLineState[]>(streamOf(allianceId, subject), decide, { projection: cartProjection, maxAttempts: 20 });
    return r.state;
  }
}
