import type { Connection } from 'mongoose';
import { factId, insertOnce, Streams } from '@alliance/store';
import { otpProjection, type OtpFact, type OtpState } from './otp.rules.js';

export type OtpPurpose = 'phone' | 'guardian';
export const otpStream = (allianceId: string, memberId: string, purpose: OtpPurpose) => `${allianceId}:${memberId}:${purpose}`;

/**
 * One-time-code streams (her phone, her guardian's) and phone claims. A phone belongs to one member
 * of an alliance: the claim's `_id` is the alliance and the phone, so of two accounts racing for it
 * exactly one insert wins.
 */
export class IdentityRepository {
  private readonly streams: Streams;
  private readonly docs;
  private readonly claims;

  constructor(conn: Connection) {
    this.docs = conn.collection('identity_streams');
    this.streams = new Streams(this.docs);
    this.claims = conn.collection('phone_claims');
  }

  /**
   * Erasure: her phone and guardian streams (numbers, the guardian's name) are deleted outright, by
   * `_id` (every fact, then the head). They decide nothing after she is gone.
   */
  async forget(allianceId: string, memberId: string): Promise<void> {
    for (const purpose of ['phone', 'guardian'] as const) {
      const stream = otpStream(allianceId, memberId, purpose);
      const version = await this.streams.streamVersion(stream);
      const ids = [...Array.from({ length: version }, (_, i) => factId(stream, i + 1)), stream];
      await this.docs.deleteMany({ _id: { $in: ids } } as never);
    }
  }

  async otp(allianceId: string, memberId: string, purpose: OtpPurpose): Promise<OtpState> {
    return (await this.streams.appendWithRetry<OtpFact, OtpState>(otpStream(allianceId, memberId, purpose), () => null, { projection: otpProjection })).state;
  }

  /** Appends what `decide` returns (or nothing); the outcome carries whatever `decide` reported. */
  async decideOtp<T>(allianceId: string, memberId: string, purpose: OtpPurpose, decide: (s: OtpState) => { fact: OtpFact | null; outcome: T }): Promise<T> {
    let outcome!: T;
    await this.streams.appendWithRetry<OtpFact, OtpState>(
      otpStream(allianceId, memberId, purpose),
      (s) => {
        const d = decide(s);
        outcome = d.outcome;
        return d.fact;
      },
      { projection: otpProjection },
    );
    return outcome;
  }

  /** The member holding the phone after this claim: hers, or whoever claimed it first. */
  async claimPhone(allianceId: string, phone: string, memberId: string, at: string): Promise<string> {
    const r = await insertOnce(this.claims, `${allianceId}:${phone}`, { allianceId, phone, memberId, at });
    return r.inserted ? memberId : (r.existing as unknown as { memberId: string }).memberId;
  }

  /** Frees a phone she no longer uses (a new one verified, or erasure). */
  async releasePhone(allianceId: string, phone: string, memberId: string): Promise<void> {
    await this.claims.deleteOne({ _id: `${allianceId}:${phone}` as never, memberId });
  }
}
