import type { Logger } from 'pino';
import type { EventBus, ProfitSharingConcludedV1, ProfitSharingReceiverV1, ProfitSharingRequestedV1, ProfitSharingReturnConcludedV1, ProfitSharingReturnRequestedV1, Subscription } from '@alliance/events';
import { PaymentProviderError, type PaymentProvider, type ProfitSharingRequest, type ProfitSharingReturnRequest } from '../payment/payment-provider.js';
import { afterFailure, planSharing, planSharingReturn, retryDelayMs, type ReceiverToAdd, type SharedOrder, type SharingAccounts, type SharingState } from './profit-sharing.rules.js';
import type { SharingKind, SharingOutcomeDoc, SharingRecords } from './profit-sharing.repository.js';

export interface ProfitSharingDeps {
  provider: PaymentProvider;
  /** Where outcomes are announced (the service's outbox-backed bus: stored first, then published). */
  events: Pick<EventBus, 'publish'>;
  repo: SharingRecords;
  order(allianceId: string, orderId: string): Promise<SharedOrder | null>;
  /** A receiver's registered full name (商户全称), which WeChat checks when it is added. */
  receiverName(allianceId: string, receiver: ProfitSharingReceiverV1): Promise<string>;
  accounts: SharingAccounts;
  logger: Logger;
  now: () => Date;
  maxAttempts: number;
}

/** Thrown to have the event offered again later (the bus backs off); never escapes the last attempt. */
class RetryLater extends Error {
  override readonly name = 'RetryLater';
}

const errorReason = (err: unknown) =>
  err instanceof RetryLater
    ? { code: 'SHARING_PENDING', message: err.message }
    : err instanceof PaymentProviderError
    ? { code: err.code, ...(err.details.providerCode ? { providerCode: err.details.providerCode } : {}), message: err.message }
    : { code: 'INTERNAL', message: (err as Error)?.message ?? String(err) };

/** The reason as the event carries it (a message bounded like the schema's). */
const announcedReason = (o: SharingOutcomeDoc) => (o.reason ? { reason: { ...o.reason, message: o.reason.message.slice(0, 1000) } } : {});

/**
 * Makes the profit-sharing calls commissions asks for (分账 on a confirmed online order, 分账回退 on a
 * refund after it), once per outOrderNo / outReturnNo: an outcome already recorded ends it, the call is
 * recorded before it is made (so every retry sends the same request, which WeChat treats as one), and
 * every ending — WeChat's answer, a skip, a final failure — is recorded once, by `_id`. Failures that
 * may pass are retried with backoff by the durable consumer; the last attempt records and returns.
 */
export class ProfitSharingService {
  constructor(private readonly d: ProfitSharingDeps) {}

  /**
   * Makes (or finds) the sharing and announces how it ended. The outcome is recorded before it is
   * announced, and an outcome found recorded is announced again (the publish is idempotent by id), so a
   * crash between the two is mended by the redelivery and commissions always learns the outcome.
   */
  async requested(eventId: string, e: ProfitSharingRequestedV1, attempt: number): Promise<SharingOutcomeDoc> {
    const outcome = await this.share(eventId, e, attempt);
    const data: ProfitSharingConcludedV1 = { allianceId: e.allianceId, orderId: e.orderId, merchantId: e.merchantId, outOrderNo: e.outOrderNo, status: outcome.status as ProfitSharingConcludedV1['status'], ...announcedReason(outcome), at: outcome.at.toISOString() };
    await this.d.events.publish({ id: `${e.allianceId}:profit-sharing-concluded:${e.outOrderNo}`, type: 'profit_sharing.concluded', allianceId: e.allianceId, data });
    return outcome;
  }

  async returnRequested(eventId: string, e: ProfitSharingReturnRequestedV1, attempt: number): Promise<SharingOutcomeDoc> {
    const outcome = await this.giveBack(eventId, e, attempt);
    const data: ProfitSharingReturnConcludedV1 = { allianceId: e.allianceId, orderId: e.orderId, merchantId: e.merchantId, outOrderNo: e.outOrderNo, outReturnNo: e.outReturnNo, status: outcome.status as ProfitSharingReturnConcludedV1['status'], ...announcedReason(outcome), at: outcome.at.toISOString() };
    await this.d.events.publish({ id: `${e.allianceId}:profit-sharing-return-concluded:${e.outReturnNo}`, type: 'profit_sharing.return_concluded', allianceId: e.allianceId, data });
    return outcome;
  }

  private async share(eventId: string, e: ProfitSharingRequestedV1, attempt: number): Promise<SharingOutcomeDoc> {
    const done = await this.d.repo.outcome(e.allianceId, 'SHARING', e.outOrderNo);
    if (done) return done;
    const plan = planSharing(e, await this.d.order(e.allianceId, e.orderId), this.d.accounts);
    const base = { allianceId: e.allianceId, kind: 'SHARING' as const, orderId: e.orderId, eventId, no: e.outOrderNo, attempt };
    if (plan.action === 'skip') return this.conclude(base, 'SKIPPED', { reason: { code: plan.reason, message: plan.message } });
    if (plan.action === 'reject') return this.conclude(base, 'FAILED', { reason: { code: 'INVALID_EVENT', message: plan.message } });
    const call = await this.d.repo.decide({ allianceId: e.allianceId, kind: 'SHARING', orderId: e.orderId, merchantId: e.merchantId, eventId, request: plan.request, createdAt: this.d.now() }, e.outOrderNo);
    return this.attempt(base, async () => {
      await this.addReceivers(e.allianceId, plan.receiversToAdd);
      const result = await this.d.provider.requestProfitSharing(call.request as ProfitSharingRequest);
      return { status: result.state, result };
    });
  }

  private async giveBack(eventId: string, e: ProfitSharingReturnRequestedV1, attempt: number): Promise<SharingOutcomeDoc> {
    const done = await this.d.repo.outcome(e.allianceId, 'RETURN', e.outReturnNo);
    if (done) return done;
    const sharing = await this.d.repo.outcome(e.allianceId, 'SHARING', e.outOrderNo);
    const state: SharingState = !sharing ? null : sharing.status === 'FAILED' || sharing.status === 'SKIPPED' ? 'NOT_MADE' : 'MADE';
    const plan = planSharingReturn(e, await this.d.order(e.allianceId, e.orderId), state, this.d.accounts);
    const base = { allianceId: e.allianceId, kind: 'RETURN' as const, orderId: e.orderId, eventId, no: e.outReturnNo, attempt };
    if (plan.action === 'skip') return this.conclude(base, 'SKIPPED', { reason: { code: plan.reason, message: plan.message } });
    if (plan.action === 'reject') return this.conclude(base, 'FAILED', { reason: { code: 'INVALID_EVENT', message: plan.message } });
    if (plan.action === 'wait') {
      return this.attempt(base, async () => {
        throw new RetryLater(plan.message);
      });
    }
    const call = await this.d.repo.decide({ allianceId: e.allianceId, kind: 'RETURN', orderId: e.orderId, merchantId: e.merchantId, eventId, request: plan.request, createdAt: this.d.now() }, e.outReturnNo);
    return this.attempt(base, async () => {
      const result = await this.d.provider.returnProfitSharing(call.request as ProfitSharingReturnRequest);
      return { status: result.result, result };
    });
  }

  /** WeChat refuses to share to a receiver not added for the paying sub-merchant; each pair is added once. */
  private async addReceivers(allianceId: string, receivers: readonly ReceiverToAdd[]): Promise<void> {
    for (const r of receivers) {
      if (await this.d.repo.receiverAdded(allianceId, r.subMerchantId, r.account)) continue;
      const { receiver, ...registration } = r;
      await this.d.provider.addProfitSharingReceiver({ ...registration, name: await this.d.receiverName(allianceId, receiver) });
      await this.d.repo.markReceiverAdded(allianceId, r.subMerchantId, r.account, this.d.now());
    }
  }

  private async attempt(
    base: { allianceId: string; kind: SharingKind; orderId: string; eventId: string; no: string; attempt: number },
    call: () => Promise<Pick<SharingOutcomeDoc, 'status' | 'result'>>,
  ): Promise<SharingOutcomeDoc> {
    try {
      const answer = await call();
      return await this.conclude(base, answer.status, { result: answer.result });
    } catch (err) {
      if (err instanceof RetryLater ? base.attempt < this.d.maxAttempts : afterFailure(err, base.attempt, this.d.maxAttempts) === 'retry') {
        this.d.logger.warn({ kind: base.kind, no: base.no, attempt: base.attempt, err: errorReason(err) }, 'profit-sharing call failed; will retry');
        throw err;
      }
      this.d.logger.error({ kind: base.kind, no: base.no, orderId: base.orderId, attempt: base.attempt, err: errorReason(err) }, 'profit-sharing call failed for good');
      return this.conclude(base, 'FAILED', { reason: errorReason(err) });
    }
  }

  private conclude(
    base: { allianceId: string; kind: SharingKind; orderId: string; eventId: string; no: string; attempt: number },
    status: SharingOutcomeDoc['status'],
    extra: Pick<SharingOutcomeDoc, 'result' | 'reason'>,
  ): Promise<SharingOutcomeDoc> {
    if (status === 'SKIPPED') this.d.logger.info({ kind: base.kind, no: base.no, orderId: base.orderId, reason: extra.reason }, 'profit-sharing request skipped');
    const { no, attempt, ...fields } = base;
    return this.d.repo.conclude({ ...fields, status, ...(extra.result ? { result: extra.result } : {}), ...(extra.reason ? { reason: extra.reason } : {}), attempts: attempt, at: this.d.now() }, no);
  }
}

/**
 * The durable consumer of commissions' profit-sharing events. Retries come from the bus: a handler that
 * throws is offered again after `retryDelayMs`; the service never throws on the last attempt, so
 * nothing is parked for a failure it could record.
 */
export function consumeProfitSharing(events: EventBus, service: ProfitSharingService, opts: { maxAttempts: number; retryBaseMs: number }): Promise<Subscription> {
  return events.consume(
    'profit-sharing',
    ['profit_sharing.requested', 'profit_sharing.return_requested'],
    async (event, meta) => {
      if (event.type === 'profit_sharing.requested') await service.requested(event.id, event.data, meta.deliveryCount);
      else if (event.type === 'profit_sharing.return_requested') await service.returnRequested(event.id, event.data, meta.deliveryCount);
    },
    // One more than the service's own limit: the service records and returns on its last attempt. The
    // claim outlives up to three WeChat calls of 10 s each (two receivers added, then the sharing).
    { maxAttempts: opts.maxAttempts + 1, retryDelayMs: (attempt) => retryDelayMs(attempt, opts.retryBaseMs), ackWaitMs: 60_000 },
  );
}
