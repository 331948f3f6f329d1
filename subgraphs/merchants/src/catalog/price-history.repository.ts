import type { Connection } from 'mongoose';
import { Streams, type Projection } from '@alliance/store';
import { decideChange, decideOpening, retainRecent, type PriceEntry } from './price-history.rules.js';

/** One price change of one spec, as stored (the fact of the spec's price stream). */
export interface PriceFact {
  allianceId: string;
  productId: string;
  specId: string;
  priceFen: number;
  at: Date;
}

/** What a spec stream's head holds: its recent entries, so a reader needs one `_id` read, not a replay. */
interface PriceState {
  allianceId: string;
  productId: string;
  specId: string;
  recent: { priceFen: number; at: Date }[];
}

/** One spec's recent price history, oldest first. */
export interface SpecPriceHistory {
  productId: string;
  specId: string;
  entries: PriceEntry[];
}

export interface PriceHistorySource {
  /** The recent history of each spec (specs never re-priced are left out): `_id` reads only. */
  ofSpecs(allianceId: string, specs: readonly { productId: string; specId: string }[]): Promise<SpecPriceHistory[]>;
  /** Every spec's recent history of one alliance, or of all: a scan, for projection loads only. */
  listAll(allianceId?: string): Promise<(SpecPriceHistory & { allianceId: string })[]>;
}

const streamOf = (allianceId: string, specId: string) => `${allianceId}:price:${specId}`;
const toEntries = (recent: readonly { priceFen: number; at: Date }[]): PriceEntry[] => recent.map((e) => ({ priceFen: e.priceFen, at: new Date(e.at).getTime() }));

const projection = (allianceId: string, productId: string, specId: string): Projection<PriceFact, PriceState> => ({
  initial: { allianceId, productId, specId, recent: [] },
  evolve: (state, fact) => ({
    ...state,
    recent: retainRecent(toEntries(state.recent), { priceFen: fact.priceFen, at: fact.at.getTime() }).map((e) => ({ priceFen: e.priceFen, at: new Date(e.at) })),
  }),
});

/**
 * Each spec's price history as an append-only stream (`<allianceId>:price:<specId>:<version>`); its
 * head keeps the recent entries. A spec with no stream has never been re-priced: its current price is
 * its whole history.
 */
export class PriceHistoryRepository implements PriceHistorySource {
  private readonly streams: Streams;
  private readonly collection;
  constructor(conn: Connection) {
    this.collection = conn.collection('price_history');
    this.streams = new Streams(this.collection);
  }

  /** For MongoDB in production: a projection load finds one alliance's heads without a scan. */
  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ kind: 1, 'snapshot.state.allianceId': 1 });
  }

  /**
   * Records that a spec's price went from `previousFen` to `priceFen` at `at`. Idempotent: each step
   * appends only when the history does not already end at its price, so a retried or replayed change
   * adds nothing, and two writers racing on one spec both land (the stream's unique `_id` decides the
   * order; a loser re-decides on the winner's entry).
   */
  async record(allianceId: string, productId: string, specId: string, previousFen: number, priceFen: number, at: Date, since: Date): Promise<void> {
    const id = streamOf(allianceId, specId);
    const options = { projection: projection(allianceId, productId, specId), maxAttempts: 50 };
    const newest = (s: PriceState) => toEntries(s.recent).at(-1) ?? null;
    const fact = (d: { priceFen: number; at: number } | null): PriceFact | null => (d ? { allianceId, productId, specId, priceFen: d.priceFen, at: new Date(d.at) } : null);
    await this.streams.appendWithRetry<PriceFact, PriceState>(id, (s) => fact(decideOpening(newest(s), previousFen, since.getTime(), at.getTime())), options);
    await this.streams.appendWithRetry<PriceFact, PriceState>(id, (s) => fact(decideChange(newest(s), priceFen, at.getTime())), options);
  }

  /**
   * Brings a spec's history to its stored price when a crash lost the last append (the shop sets the
   * same price again). A spec without history is left alone: its price has never changed.
   */
  async heal(allianceId: string, productId: string, specId: string, priceFen: number, at: Date): Promise<void> {
    await this.streams.appendWithRetry<PriceFact, PriceState>(
      streamOf(allianceId, specId),
      (s, version) => {
        if (version === 0) return null;
        const d = decideChange(toEntries(s.recent).at(-1) ?? null, priceFen, at.getTime());
        return d ? { allianceId, productId, specId, priceFen: d.priceFen, at: new Date(d.at) } : null;
      },
      { projection: projection(allianceId, productId, specId), maxAttempts: 50 },
    );
  }

  async ofSpecs(allianceId: string, specs: readonly { productId: string; specId: string }[]): Promise<SpecPriceHistory[]> {
    // A read is an append that decides nothing: the head's snapshot plus any fact a crash left past it.
    const read = await Promise.all(
      specs.map(({ productId, specId }) =>
        this.streams.appendWithRetry<PriceFact, PriceState>(streamOf(allianceId, specId), () => null, { projection: projection(allianceId, productId, specId) }),
      ),
    );
    return read.flatMap((r, i) => (r.version === 0 ? [] : [{ productId: specs[i]!.productId, specId: specs[i]!.specId, entries: toEntries(r.state.recent) }]));
  }

  async listAll(allianceId?: string): Promise<(SpecPriceHistory & { allianceId: string })[]> {
    const heads = await this.collection
      .find(allianceId ? { kind: 'head', 'snapshot.state.allianceId': allianceId } : { kind: 'head' }, { projection: { snapshot: 1 } })
      .toArray();
    return heads.flatMap((h) => {
      const state = (h as { snapshot?: { state?: PriceState } }).snapshot?.state;
      return state ? [{ allianceId: state.allianceId, productId: state.productId, specId: state.specId, entries: toEntries(state.recent) }] : [];
    });
  }
}
