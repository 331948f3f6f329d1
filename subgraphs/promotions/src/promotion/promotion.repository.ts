import type { Connection } from 'mongoose';
import { Streams } from '@alliance/store';
import type { UserError } from '@alliance/runtime/domain-error';
import { promotionProjection, type PromotionFact, type PromotionState } from './promotion.rules.js';

const promotionStream = (allianceId: string, id: string) => `${allianceId}:promo:${id}`;
/** A shop's promotions (proposed by it or to it), and the alliance's (for its admins). */
export type PromotionList = { merchant: string } | { alliance: true };
const listStream = (allianceId: string, list: PromotionList) => ('merchant' in list ? `${allianceId}:shop:${list.merchant}` : `${allianceId}:all`);
const liveStream = (allianceId: string) => `${allianceId}:live`;

interface ListEntry {
  promotionId: string;
}

/** One change of the live set, tagged with the promotion's workflow version so late arrivals lose. */
interface LiveFact {
  promotionId: string;
  live: boolean;
  version: number;
}
/** The promotions that may price carts, by id → the workflow version that put them there. */
export type LiveSet = Record<string, number>;
const liveProjection = {
  initial: {} as LiveSet,
  evolve: (set: LiveSet, f: LiveFact): LiveSet => {
    const known = set[f.promotionId];
    if (known !== undefined && known >= f.version) return set;
    const next = { ...set };
    if (f.live) next[f.promotionId] = f.version;
    else delete next[f.promotionId];
    return next;
  },
};

export type ChangeResult = { state: PromotionState; version: number; appended: PromotionFact | null; error: UserError | null };

/**
 * Promotions: one stream per promotion (the workflow facts; the head keeps the projected state, so a
 * read is one `_id` read), lists of promotion ids per shop and per alliance read newest first, and
 * the alliance's live set: a stream whose head keeps the ids that may price carts, so a quote learns
 * which promotions apply from one `_id` read however many ended promotions the alliance has.
 */
export class PromotionRepository {
  private readonly promotions: Streams;
  private readonly lists: Streams;
  private readonly live: Streams;
  private readonly liveDocs;
  readonly docs;

  constructor(conn: Connection) {
    this.docs = conn.collection('promotions');
    this.promotions = new Streams(this.docs);
    this.lists = new Streams(conn.collection('promotion_lists'));
    this.liveDocs = conn.collection('promotion_live');
    this.live = new Streams(this.liveDocs);
  }

  async get(allianceId: string, id: string): Promise<{ state: PromotionState; version: number } | null> {
    if (!/^[A-Za-z0-9-]{1,60}$/.test(id)) return null;
    const r = await this.promotions.appendWithRetry<PromotionFact, PromotionState | null>(promotionStream(allianceId, id), () => null, { projection: promotionProjection });
    return r.state ? { state: r.state, version: r.version } : null;
  }

  /** The proposal is version 1 of its stream: a replay (same deterministic id) finds it there. */
  async propose(fact: Extract<PromotionFact, { type: 'PROPOSED' }>): Promise<{ created: boolean; state: PromotionState }> {
    const state = promotionProjection.evolve(null, fact);
    const r = await this.promotions.append(promotionStream(fact.allianceId, fact.id), 0, fact, { state });
    if (r.ok) return { created: true, state };
    const existing = await this.get(fact.allianceId, fact.id);
    if (!existing) throw new Error(`promotion ${fact.id} lost its proposal`);
    return { created: false, state: existing.state };
  }

  /** Appends what `decide` says on the current state; a concurrent writer makes it decide again. */
  async change(allianceId: string, id: string, decide: (state: PromotionState) => PromotionFact | UserError): Promise<ChangeResult | null> {
    let error: UserError | null = null;
    const r = await this.promotions.appendWithRetry<PromotionFact, PromotionState | null>(
      promotionStream(allianceId, id),
      (state) => {
        error = null;
        if (!state) return null;
        const d = decide(state);
        if ('type' in d) return d;
        error = d;
        return null;
      },
      { projection: promotionProjection },
    );
    if (!r.state) return null;
    return { state: r.state, version: r.version, appended: r.appended ? r.fact : null, error };
  }

  /** Idempotent for a replay after a crash: an id already among the list's newest is not added again. */
  async addToList(allianceId: string, list: PromotionList, promotionId: string): Promise<void> {
    await this.lists.appendAnywhere<ListEntry>(listStream(allianceId, list), { promotionId }, { unlessAmongNewest: { limit: 20, same: (e) => e.promotionId === promotionId } });
  }

  /** Newest first; `before` is the version cursor of the previous page. */
  async readList(allianceId: string, list: PromotionList, limit: number, before?: number): Promise<{ ids: string[]; next: number | null }> {
    const facts = await this.lists.readBackward<ListEntry>(listStream(allianceId, list), { limit, ...(before ? { beforeVersion: before } : {}) });
    const last = facts.at(-1);
    return { ids: facts.map((f) => f.data.promotionId), next: last && last.version > 1 ? last.version : null };
  }

  async setLive(allianceId: string, promotionId: string, live: boolean, version: number): Promise<void> {
    await this.live.appendAnywhere<LiveFact, LiveSet>(liveStream(allianceId), { promotionId, live, version }, { projection: liveProjection });
  }

  /** The live set and its version (one `_id` read of the head; its snapshot is kept current by setLive). */
  async liveSet(allianceId: string): Promise<{ version: number; ids: LiveSet }> {
    const r = await this.live.appendWithRetry<LiveFact, LiveSet>(liveStream(allianceId), () => null, { projection: liveProjection });
    return { version: r.version, ids: r.state };
  }

  /** The head's version alone: what the quote cache compares with. */
  liveVersion(allianceId: string): Promise<number> {
    return this.live.headVersion(liveStream(allianceId));
  }

  /** Background work only (a scan): every alliance's live set. */
  async scanLiveSets(): Promise<{ allianceId: string; ids: string[] }[]> {
    const heads = await this.liveDocs.find({ kind: 'head' }).toArray();
    return heads.map((h) => ({ allianceId: String(h._id).replace(/:live$/, ''), ids: Object.keys((h as unknown as { snapshot?: { state: LiveSet } }).snapshot?.state ?? {}) }));
  }

  /** Background work only (a scan): every promotion's head, to repair a live set a crash left behind. */
  async scanHeads(): Promise<PromotionState[]> {
    const heads = await this.docs.find({ kind: 'head' }).toArray();
    return heads.map((h) => (h as unknown as { snapshot?: { state: PromotionState } }).snapshot?.state).filter((s): s is PromotionState => !!s);
  }
}
