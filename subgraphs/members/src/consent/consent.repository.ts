import type { Connection } from 'mongoose';
import { insertOnce, Streams, type StreamFact } from '@alliance/store';
import { consentProjection, type ConsentFact, type ConsentState } from './consent.rules.js';

const consentStream = (allianceId: string, memberId: string) => `${allianceId}:${memberId}:consents`;
const rosterStream = (allianceId: string, merchantId: string) => `${allianceId}:roster:${merchantId}`;

/** A member's place in a shop's roster: she is listed once, at her first consent to that shop. */
export interface RosterEntry {
  memberId: string;
  at: string;
}

/**
 * Consent: each member's changes are a stream (the append-only log, its head the current state), so a
 * grant and a revocation racing are ordered and the revocation's result is what the next read sees.
 * Each shop has a roster stream of the members who ever consented to it, which `shopMembers` pages
 * through by version (flat as the pool grows); whether she consents now is always read from her own
 * stream, never from the roster.
 */
export class ConsentRepository {
  private readonly streams: Streams;
  private readonly marks;

  constructor(conn: Connection) {
    this.streams = new Streams(conn.collection('consent_streams'));
    this.marks = conn.collection('consent_roster_marks');
  }

  async state(allianceId: string, memberId: string): Promise<{ state: ConsentState; version: number }> {
    const r = await this.streams.appendWithRetry<ConsentFact, ConsentState>(consentStream(allianceId, memberId), () => null, { projection: consentProjection });
    return { state: r.state, version: r.version };
  }

  async change(allianceId: string, memberId: string, decide: (s: ConsentState) => ConsentFact | null) {
    return this.streams.appendWithRetry<ConsentFact, ConsentState>(consentStream(allianceId, memberId), decide, { projection: consentProjection });
  }

  /** Her log, newest first. */
  async log(allianceId: string, memberId: string, limit: number): Promise<Array<StreamFact<ConsentFact>>> {
    return this.streams.readBackward<ConsentFact>(consentStream(allianceId, memberId), { limit });
  }

  /**
   * Lists her in the shop's roster unless she is there: the roster fact first, then the mark naming
   * its version. A crash between the two leaves a fact without a mark, which readers skip; the next
   * consent lists her again and marks that one.
   */
  async enrol(allianceId: string, merchantId: string, memberId: string, at: string): Promise<void> {
    const markId = `${allianceId}:${merchantId}:${memberId}`;
    if (await this.marks.findOne({ _id: markId as never }, { projection: { _id: 1 } })) return;
    const { version } = await this.streams.appendAnywhere<RosterEntry>(rosterStream(allianceId, merchantId), { memberId, at });
    await insertOnce(this.marks, markId, { allianceId, merchantId, memberId, version, at });
  }

  /** Roster facts after `afterVersion`, oldest first, with each member's mark (null: not the listed one). */
  async rosterPage(allianceId: string, merchantId: string, afterVersion: number, limit: number): Promise<Array<{ version: number; entry: RosterEntry; listed: boolean; since: string }>> {
    const facts = await this.streams.readStream<RosterEntry>(rosterStream(allianceId, merchantId), { fromVersion: afterVersion + 1, limit });
    return Promise.all(
      facts.map(async (f) => {
        const mark = (await this.marks.findOne({ _id: `${allianceId}:${merchantId}:${f.data.memberId}` as never })) as { version: number; at: string } | null;
        return { version: f.version, entry: f.data, listed: mark?.version === f.version, since: mark?.at ?? f.data.at };
      }),
    );
  }
}
