import type { Connection } from 'mongoose';
import { insertOnce, Streams } from '@alliance/store';
import { withdrawalProjection, type Withdrawal, type WithdrawalAccount, type WithdrawalFact } from './withdrawal.rules.js';

/** Which member a withdrawal id belongs to (the admin reaches her stream from the id alone). */
export interface WithdrawalOwner {
  allianceId: string;
  subject: string;
  at: string;
}

/** A member's payout identity as stored: sealed fields and their masks. */
export interface StoredIdentity {
  allianceId: string;
  subject: string;
  realNameSealed: string;
  idNumberSealed: string;
  realNameMasked: string;
  idNumberMasked: string;
  at: string;
}

/** A payout batch: the approved withdrawals at versions `from`..`to` of the alliance's approved list. */
export interface BatchFact {
  batchId: string;
  idempotencyKey: string;
  from: number;
  to: number;
  at: string;
  by: string;
}
export interface BatchState {
  exportedTo: number;
  batches: Record<string, BatchFact>;
}
const batchProjection = {
  initial: { exportedTo: 0, batches: {} } as BatchState,
  evolve: (s: BatchState, f: BatchFact): BatchState => ({ exportedTo: f.to, batches: { ...s.batches, [f.idempotencyKey]: f } }),
};

const memberStream = (allianceId: string, subject: string) => `${allianceId}:wd:${subject}`;
/** Every withdrawal of the alliance, in request order: the admin's list. */
const listStream = (allianceId: string) => `${allianceId}:wdlist`;
/** Approved withdrawals in approval order: what payout batches cut into consecutive ranges. */
const approvedStream = (allianceId: string) => `${allianceId}:wdapproved`;
const batchStream = (allianceId: string) => `${allianceId}:wdbatch`;
/** Requests waiting for a decision, whatever their age: the admin's queue. */
const pendingStream = (allianceId: string) => `${allianceId}:wdpending`;
/** A replayed decision looks this far back for the list entry it may have made before a crash. */
const RECOVERY_WINDOW = 64;

/** Opens (a request) or closes (its decision) an entry of the pending queue. */
export interface PendingFact {
  id: string;
  open: boolean;
}
export interface PendingState {
  /** In request order. */
  ids: string[];
}
/** A set: opening or closing twice (a replay) changes nothing, so the queue needs no marker of its own. */
const pendingProjection = {
  initial: { ids: [] } as PendingState,
  evolve: (s: PendingState, f: PendingFact): PendingState => {
    const has = s.ids.includes(f.id);
    if (f.open) return has ? s : { ids: [...s.ids, f.id] };
    return has ? { ids: s.ids.filter((x) => x !== f.id) } : s;
  },
};

/**
 * Steps done after a withdrawal's fact, each marked once done so a retry redoes only what a crash cut
 * off: `listed` (the request on the alliance's list and in the pending queue), `posted` (the approval's
 * ledger postings), `filed` (the decision out of the queue and, approved, on the approved list).
 */
export type FollowUp = 'listed' | 'posted' | 'filed';
const followUpKey = (allianceId: string, step: FollowUp, id: string) => `${allianceId}:wd${step}:${id}`;

/**
 * Withdrawals' storage: a stream per member decides her balance (its head keeps her account, one `_id`
 * read); an owner claim per withdrawal id; the alliance's lists (all, approved) as append streams read by
 * pages, and the pending queue whose head keeps the ids still waiting; payout batches on one stream per
 * alliance whose expected version makes two exports never take the same range, and a payout claim per
 * withdrawal so no withdrawal is paid by two batches. Follow-up marks and payout claims are insert-once
 * documents in `withdrawal_marks`. Payout identities are one document per member, sealed.
 */
export class WithdrawalRepository {
  private readonly streams: Streams;
  private readonly owners;
  private readonly identities;
  private readonly marks;

  constructor(conn: Connection) {
    this.streams = new Streams(conn.collection('withdrawals'));
    this.owners = conn.collection('withdrawal_owners');
    this.identities = conn.collection('payout_identities');
    this.marks = conn.collection('withdrawal_marks');
  }

  async account(allianceId: string, subject: string): Promise<WithdrawalAccount> {
    return (await this.streams.appendWithRetry<WithdrawalFact, WithdrawalAccount>(memberStream(allianceId, subject), () => null, { projection: withdrawalProjection })).state;
  }

  /** Appends what `decide` says on her account as it is (retrying when another request got there first). */
  decide(allianceId: string, subject: string, decide: (s: WithdrawalAccount) => WithdrawalFact | null) {
    return this.streams.appendWithRetry<WithdrawalFact, WithdrawalAccount>(memberStream(allianceId, subject), decide, { projection: withdrawalProjection, maxAttempts: 100 });
  }

  claimOwner(allianceId: string, id: string, subject: string, at: string) {
    return insertOnce<WithdrawalOwner>(this.owners, `${allianceId}:wdo:${id}`, { allianceId, subject, at });
  }

  async owner(allianceId: string, id: string): Promise<string | null> {
    const doc = (await this.owners.findOne({ _id: `${allianceId}:wdo:${id}` as never })) as WithdrawalOwner | null;
    return doc && doc.allianceId === allianceId ? doc.subject : null;
  }

  /** A withdrawal by id with its owner: the owner claim, then her stream's head. */
  async find(allianceId: string, id: string): Promise<{ subject: string; withdrawal: Withdrawal } | null> {
    const subject = await this.owner(allianceId, id);
    if (!subject) return null;
    const withdrawal = (await this.account(allianceId, subject)).items[id];
    return withdrawal ? { subject, withdrawal } : null;
  }

  /**
   * Lists the id. Only a recovery (its follow-up not marked done) looks among the newest for an entry
   * a crashed attempt made; readers still drop the rare duplicate two racing recoveries can leave.
   */
  list(allianceId: string, id: string, which: 'all' | 'approved', recovering: boolean) {
    const stream = which === 'all' ? listStream(allianceId) : approvedStream(allianceId);
    return this.streams.appendAnywhere<{ id: string }>(stream, { id }, recovering ? { unlessAmongNewest: { limit: RECOVERY_WINDOW, same: (f) => f.id === id } } : {});
  }

  async isDone(allianceId: string, step: FollowUp, id: string): Promise<boolean> {
    return (await this.marks.findOne({ _id: followUpKey(allianceId, step, id) as never }, { projection: { _id: 1 } })) !== null;
  }

  async markDone(allianceId: string, step: FollowUp, id: string, at: string): Promise<void> {
    await insertOnce(this.marks, followUpKey(allianceId, step, id), { allianceId, at });
  }

  /** Opens or closes the id in the pending queue. */
  async queue(allianceId: string, id: string, open: boolean): Promise<void> {
    await this.streams.appendAnywhere<PendingFact, PendingState>(pendingStream(allianceId), { id, open }, { projection: pendingProjection });
  }

  /** The pending queue, oldest first. */
  async pending(allianceId: string): Promise<string[]> {
    return (await this.streams.appendWithRetry<PendingFact, PendingState>(pendingStream(allianceId), () => null, { projection: pendingProjection })).state.ids;
  }

  /**
   * Claims the withdrawal for a payout batch: the first batch to claim it holds it for good, so a
   * withdrawal listed twice (a double-clicked approval) is paid once. Returns the batch that holds it.
   */
  async claimPayout(allianceId: string, id: string, batchId: string): Promise<string> {
    const r = await insertOnce<{ allianceId: string; batchId: string }>(this.marks, `${allianceId}:wdpaid:${id}`, { allianceId, batchId });
    return r.inserted ? batchId : r.existing.batchId;
  }

  /** Newest first, `limit` ids before `beforeVersion` (a page of the admin's list). */
  async newest(allianceId: string, limit: number, beforeVersion?: number): Promise<{ version: number; id: string }[]> {
    const facts = await this.streams.readBackward<{ id: string }>(listStream(allianceId), { limit, ...(beforeVersion ? { beforeVersion } : {}) });
    return facts.map((f) => ({ version: f.version, id: f.data.id }));
  }

  async approvedRange(allianceId: string, from: number, to: number): Promise<string[]> {
    if (to < from) return [];
    return (await this.streams.readStream<{ id: string }>(approvedStream(allianceId), { fromVersion: from, limit: to - from + 1 })).map((f) => f.data.id);
  }

  approvedVersion(allianceId: string): Promise<number> {
    return this.streams.streamVersion(approvedStream(allianceId));
  }

  /** Cuts the next batch (`decide` sees what is exported already), or finds the one this key cut. */
  cutBatch(allianceId: string, decide: (s: BatchState) => BatchFact | null) {
    return this.streams.appendWithRetry<BatchFact, BatchState>(batchStream(allianceId), decide, { projection: batchProjection, maxAttempts: 50 });
  }

  async identity(allianceId: string, subject: string): Promise<StoredIdentity | null> {
    const doc = (await this.identities.findOne({ _id: `${allianceId}:pid:${subject}` as never })) as StoredIdentity | null;
    return doc && doc.allianceId === allianceId && doc.subject === subject ? doc : null;
  }

  /** Her own setting, not a contended balance: the last one she gives is the one payouts use. */
  /** Erasure: her sealed real name and ID number go; her withdrawals keep their amounts. */
  async forgetIdentity(allianceId: string, subject: string): Promise<void> {
    await this.identities.deleteOne({ _id: `${allianceId}:pid:${subject}` as never });
  }

  async saveIdentity(identity: StoredIdentity): Promise<void> {
    await this.identities.replaceOne({ _id: `${identity.allianceId}:pid:${identity.subject}` as never }, identity, { upsert: true });
  }
}
