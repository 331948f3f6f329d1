import type { Connection } from 'mongoose';
import { Streams } from '@alliance/store';
import { couponProjection, redeemRefusal, type CouponFact, type CouponState } from './coupon.rules.js';

const couponStream = (allianceId: string, couponId: string) => `${allianceId}:coupon:${couponId}`;
const walletStream = (allianceId: string, memberId: string) => `${allianceId}:wallet:${memberId}`;
/** A wallet page: the member's newest coupons (older ones have long expired). */
export const WALLET_PAGE = 50;

interface WalletEntry {
  couponId: string;
}

/**
 * Coupons: one stream per coupon (issued, redeemed, restored; the head keeps its state) and a wallet
 * per member (a stream of coupon ids, newest first). Reading a wallet is a page of `_id` reads.
 */
export class CouponRepository {
  private readonly coupons: Streams;
  private readonly wallets: Streams;

  constructor(conn: Connection) {
    this.coupons = new Streams(conn.collection('coupons'));
    this.wallets = new Streams(conn.collection('coupon_wallets'));
  }

  /** Issues once (the coupon id is deterministic: a redelivered event finds it issued) and lists it in the wallet. */
  async issue(fact: Extract<CouponFact, { type: 'ISSUED' }>): Promise<boolean> {
    const r = await this.coupons.append(couponStream(fact.allianceId, fact.couponId), 0, fact, { state: couponProjection.evolve(null, fact) });
    await this.wallets.appendAnywhere<WalletEntry>(walletStream(fact.allianceId, fact.memberId), { couponId: fact.couponId }, { unlessAmongNewest: { limit: 20, same: (e) => e.couponId === fact.couponId } });
    return r.ok;
  }

  async get(allianceId: string, couponId: string): Promise<CouponState | null> {
    if (!/^[A-Za-z0-9-]{1,60}$/.test(couponId)) return null;
    const r = await this.coupons.appendWithRetry<CouponFact, CouponState | null>(couponStream(allianceId, couponId), () => null, { projection: couponProjection });
    return r.state;
  }

  /** The member's newest coupons. Nothing but a head read when she has none. */
  async wallet(allianceId: string, memberId: string): Promise<CouponState[]> {
    const entries = await this.wallets.readBackward<WalletEntry>(walletStream(allianceId, memberId), { limit: WALLET_PAGE });
    const states = await Promise.all(entries.map((e) => this.get(allianceId, e.data.couponId)));
    return states.filter((s): s is CouponState => s !== null);
  }

  /** Uses the coupon for a checkout, decided on its current state; the reason when it cannot. */
  async redeem(allianceId: string, couponId: string, memberId: string, checkoutId: string, nowMs: number, at: string): Promise<string | null> {
    let refusal: string | null = null;
    const r = await this.coupons.appendWithRetry<CouponFact, CouponState | null>(
      couponStream(allianceId, couponId),
      (state) => {
        if (state?.usedBy === checkoutId) return null; // a replay: already ours
        refusal = redeemRefusal(state, memberId, nowMs);
        return refusal ? null : { type: 'REDEEMED', checkoutId, at };
      },
      { projection: couponProjection },
    );
    return r.state?.usedBy === checkoutId ? null : (refusal ?? 'NO_COUPON');
  }

  /** Gives the coupon back to the member, if this checkout holds it. */
  async restore(allianceId: string, couponId: string, checkoutId: string, at: string): Promise<void> {
    await this.coupons.appendWithRetry<CouponFact, CouponState | null>(couponStream(allianceId, couponId), (state) => (state?.usedBy === checkoutId ? { type: 'RESTORED', checkoutId, at } : null), { projection: couponProjection });
  }
}
