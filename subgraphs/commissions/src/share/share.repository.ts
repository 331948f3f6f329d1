import type { Connection } from 'mongoose';
import { insertOnce, Streams } from '@alliance/store';
import { bindingProjection, type BindingFact, type BindingState, type BoundShopperFact } from './binding.rules.js';

/** Who a code belongs to; `shops`: the shops she was staff of when she first shared (a shop's referral). */
export interface CodeClaim {
  allianceId: string;
  subject: string;
  shops: string[];
  at: string;
}

/** The shop that first brought a member into the alliance, and until when it earns a referral fee. */
export interface Referrer {
  allianceId: string;
  member: string;
  shop: string;
  at: string;
  until: string;
  /** FIRST_ORDER or SHARE_LINK. */
  by: string;
}

const bindingStream = (allianceId: string, buyer: string) => `${allianceId}:bind:${buyer}`;
/** The sharer's side: every shopper bound to her, in binding order (a list that grows, read by pages). */
const boundStream = (allianceId: string, sharer: string) => `${allianceId}:bound:${sharer}`;

/**
 * Share codes (a claim document per code: its `_id` is the code, so two members can never hold one),
 * bindings (a stream per shopper whose head keeps the current one: the first binding inside its
 * window is decided on the stream), and referrers (claimed once per member: the first shop holds).
 */
export class ShareRepository {
  private readonly codes;
  private readonly referrers;
  private readonly bindings: Streams;
  private readonly bound: Streams;

  constructor(conn: Connection) {
    this.codes = conn.collection('share_codes');
    this.referrers = conn.collection('referrers');
    this.bindings = new Streams(conn.collection('bindings'));
    this.bound = new Streams(conn.collection('bound_shoppers'));
  }

  /** Claims the code for the member, or finds whose it is. */
  claimCode(allianceId: string, code: string, claim: CodeClaim) {
    return insertOnce<CodeClaim>(this.codes, `${allianceId}:code:${code}`, claim);
  }

  async code(allianceId: string, code: string): Promise<CodeClaim | null> {
    const doc = (await this.codes.findOne({ _id: `${allianceId}:code:${code}` as never })) as CodeClaim | null;
    return doc && doc.allianceId === allianceId ? doc : null;
  }

  async binding(allianceId: string, buyer: string): Promise<BindingState> {
    return (await this.bindings.appendWithRetry<BindingFact, BindingState>(bindingStream(allianceId, buyer), () => null, { projection: bindingProjection })).state;
  }

  /** Appends what `decide` says on the buyer's current binding (null: keep it). */
  async bind(allianceId: string, buyer: string, decide: (current: BindingState) => BindingFact | null) {
    return this.bindings.appendWithRetry<BindingFact, BindingState>(bindingStream(allianceId, buyer), decide, { projection: bindingProjection });
  }

  /**
   * Lists a binding the buyer's stream decided on its sharer's stream. Written after that decision (no
   * transaction joins them), so a crash in between leaves the binding valid but missing from her list.
   */
  async listBound(allianceId: string, sharer: string, fact: BoundShopperFact): Promise<void> {
    await this.bound.appendAnywhere<BoundShopperFact>(boundStream(allianceId, sharer), fact, {
      unlessAmongNewest: { limit: 8, same: (f) => f.buyer === fact.buyer && f.boundAt === fact.boundAt },
    });
  }

  /** How many bindings the sharer has made, and the newest `limit` of them (newest first). */
  async boundTo(allianceId: string, sharer: string, limit: number): Promise<{ total: number; newest: BoundShopperFact[] }> {
    const stream = boundStream(allianceId, sharer);
    const newest = await this.bound.readBackward<BoundShopperFact>(stream, { limit });
    return { total: newest[0]?.version ?? 0, newest: newest.map((f) => f.data) };
  }

  /** The first shop to bring the member holds; later claims find it. */
  claimReferrer(r: Referrer) {
    return insertOnce<Referrer>(this.referrers, `${r.allianceId}:referrer:${r.member}`, r);
  }

  async referrer(allianceId: string, member: string): Promise<Referrer | null> {
    return (await this.referrers.findOne({ _id: `${allianceId}:referrer:${member}` as never })) as Referrer | null;
  }
}
