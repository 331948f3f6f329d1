import type { Connection } from 'mongoose';
import { insertOnce } from '@alliance/store';
import type { ProfitSharingRequest, ProfitSharingResult, ProfitSharingReturnRequest, ProfitSharingReturnResult } from '../payment/payment-provider.js';

export type SharingKind = 'SHARING' | 'RETURN';

/** The call decided for an event; the first decision holds, so a redelivery sends the very same request. */
export interface SharingCallDoc {
  _id: string;
  allianceId: string;
  kind: SharingKind;
  orderId: string;
  merchantId: string;
  /** The event that asked for it. */
  eventId: string;
  request: ProfitSharingRequest | ProfitSharingReturnRequest;
  createdAt: Date;
}

export type SharingOutcomeStatus = 'PROCESSING' | 'FINISHED' | 'SUCCESS' | 'FAILED' | 'SKIPPED';

/** How it ended: WeChat's answer, a skip (no online payment, …) or a final failure. Written once. */
export interface SharingOutcomeDoc {
  _id: string;
  allianceId: string;
  kind: SharingKind;
  orderId: string;
  eventId: string;
  status: SharingOutcomeStatus;
  result?: ProfitSharingResult | ProfitSharingReturnResult;
  /** SKIPPED: why; FAILED: the error's code, WeChat's code and message. */
  reason?: { code: string; providerCode?: string; message: string };
  attempts: number;
  at: Date;
}

/** What the service needs of the records (an in-memory stand-in in unit tests). */
export interface SharingRecords {
  outcome(allianceId: string, kind: SharingKind, no: string): Promise<SharingOutcomeDoc | null>;
  decide(doc: Omit<SharingCallDoc, '_id'>, no: string): Promise<SharingCallDoc>;
  conclude(doc: Omit<SharingOutcomeDoc, '_id'>, no: string): Promise<SharingOutcomeDoc>;
  receiverAdded(allianceId: string, subMerchantId: string, account: string): Promise<boolean>;
  markReceiverAdded(allianceId: string, subMerchantId: string, account: string, at: Date): Promise<void>;
}

export const callId = (allianceId: string, kind: SharingKind, no: string) => `${allianceId}:${kind === 'SHARING' ? 'profit-sharing' : 'profit-sharing-return'}:${no}`;
export const outcomeId = (call: string) => `${call}:outcome`;
export const receiverId = (allianceId: string, subMerchantId: string, account: string) => `${allianceId}:profit-sharing-receiver:${subMerchantId}:${account}`;

/**
 * The record of every profit-sharing call and its outcome, read by `_id` only: the call under
 * `<allianceId>:profit-sharing:<outOrderNo>` (returns: `…:profit-sharing-return:<outReturnNo>`), its
 * outcome under the same id with `:outcome`, and the receivers already added per paying sub-merchant.
 * All insert-once: two replicas racing on one event agree on one record.
 */
export class ProfitSharingRepository implements SharingRecords {
  private readonly calls;
  private readonly receivers;
  constructor(conn: Connection) {
    this.calls = conn.collection('profit_sharing');
    this.receivers = conn.collection('profit_sharing_receivers');
  }

  async outcome(allianceId: string, kind: SharingKind, no: string): Promise<SharingOutcomeDoc | null> {
    return (await this.calls.findOne({ _id: outcomeId(callId(allianceId, kind, no)) } as never)) as SharingOutcomeDoc | null;
  }

  async call(allianceId: string, kind: SharingKind, no: string): Promise<SharingCallDoc | null> {
    return (await this.calls.findOne({ _id: callId(allianceId, kind, no) } as never)) as SharingCallDoc | null;
  }

  /** Records the call decided now, or returns the one decided first. */
  async decide(doc: Omit<SharingCallDoc, '_id'>, no: string): Promise<SharingCallDoc> {
    const r = await insertOnce(this.calls, callId(doc.allianceId, doc.kind, no), doc);
    return (r.inserted ? r.doc : r.existing) as SharingCallDoc;
  }

  /** The first outcome written wins; a second (a racing replica's) is dropped. */
  async conclude(doc: Omit<SharingOutcomeDoc, '_id'>, no: string): Promise<SharingOutcomeDoc> {
    const r = await insertOnce(this.calls, outcomeId(callId(doc.allianceId, doc.kind, no)), doc);
    return (r.inserted ? r.doc : r.existing) as SharingOutcomeDoc;
  }


  async receiverAdded(allianceId: string, subMerchantId: string, account: string): Promise<boolean> {
    return (await this.receivers.findOne({ _id: receiverId(allianceId, subMerchantId, account) } as never)) !== null;
  }

  async markReceiverAdded(allianceId: string, subMerchantId: string, account: string, at: Date): Promise<void> {
    await insertOnce(this.receivers, receiverId(allianceId, subMerchantId, account), { allianceId, subMerchantId, account, at });
  }
}
