import type { Logger } from 'pino';
import type { HttpRoute } from '@alliance/runtime';
import { PaymentCallbackError, type PaymentNotification, type PaymentProvider } from '../payment/payment-provider.js';
import type { SandboxPaymentProvider } from '../payment/sandbox.js';
import type { CheckoutDoc, CheckoutRepository } from './checkout.repository.js';
import type { OrderEffects } from './order-effects.js';
import { subMerchantOf } from './order-effects.js';
import type { OrderRepository } from './order.repository.js';
import { decideCancel } from './order.rules.js';
import { paysExactly } from './payment.rules.js';

/** One sub-order per shop order, landing in that shop's sub-merchant account. */
const subOrdersOf = (doc: CheckoutDoc) =>
  doc.orders.map((o) => ({ orderId: o.orderId, subMerchantId: subMerchantOf(o.merchantId), amountFen: o.totalFen, description: o.lines.map((l) => l.productName).join(' ').slice(0, 40) }));

/**
 * Online payment of a checkout: one combined payment whose sub-orders land in each shop's own
 * account (the alliance never holds shops' money). Whether a checkout was paid or expired is decided
 * once (an insertOnce of its outcome), so a callback racing the unpaid timeout cannot both pay and
 * cancel: money arriving after the expiry won is refunded.
 */
export class PaymentService {
  constructor(
    private readonly provider: PaymentProvider,
    private readonly checkouts: CheckoutRepository,
    private readonly orders: OrderRepository,
    private readonly effects: OrderEffects,
    private readonly notifyUrl: (allianceId: string) => string,
    private readonly now: () => Date,
    private readonly logger: Logger,
  ) {}

  get sandbox(): SandboxPaymentProvider | null {
    return this.provider.name === 'sandbox' ? (this.provider as SandboxPaymentProvider) : null;
  }

  async start(doc: CheckoutDoc, payBefore: Date): Promise<NonNullable<CheckoutDoc['payment']>> {
    let prepayId: string | null = null;
    let clientParams: Record<string, string> | null = null;
    try {
      const intent = await this.provider.createCombinedPayment({
        checkoutId: doc.id,
        description: `联盟订单 ${doc.id}`,
        payBefore,
        notifyUrl: this.notifyUrl(doc.allianceId),
        subOrders: subOrdersOf(doc),
      });
      prepayId = intent.prepayId;
      clientParams = intent.clientParams;
    } catch (err) {
      // The orders stand; the shopper can pay again from the order page, or the timeout releases them.
      this.logger.error({ err, checkoutId: doc.id }, 'creating the online payment failed');
    }
    return { provider: this.provider.name, status: 'PENDING', payBefore, paidAt: null, prepayId, clientParams };
  }

  /** Development only: the sandbox sends the provider's signed, encrypted callback to our endpoint. */
  async payInSandbox(doc: CheckoutDoc): Promise<number> {
    const sandbox = this.sandbox;
    if (!sandbox) throw new Error('the sandbox provider is not configured');
    const r = await sandbox.notify(
      doc.id,
      subOrdersOf(doc),
      this.notifyUrl(doc.allianceId),
    );
    return r.status;
  }

  route(): HttpRoute {
    return {
      method: 'POST',
      path: '/payments/:provider/notify/:allianceId',
      handle: async ({ params, headers, rawBody }) => {
        if (params.provider !== this.provider.name) return { status: 404, body: { code: 'NOT_FOUND', message: 'unknown provider' } };
        let n: PaymentNotification;
        try {
          n = await this.provider.parseCallback(headers, rawBody);
        } catch (err) {
          if (err instanceof PaymentCallbackError) {
            this.logger.warn({ code: err.code }, 'payment callback refused');
            return { status: 401, body: { code: 'FAIL', message: err.code } };
          }
          throw err;
        }
        const outcome = await this.paid(params.allianceId ?? '', n);
        return outcome.ok ? { status: 200, body: { code: 'SUCCESS', message: '成功' } } : { status: 400, body: { code: 'FAIL', message: outcome.reason } };
      },
    };
  }

  /** A verified notification: checked against the amounts, decided once, then applied to every order. */
  async paid(allianceId: string, n: PaymentNotification): Promise<{ ok: true } | { ok: false; reason: string }> {
    const doc = await this.checkouts.get(allianceId, n.checkoutId);
    if (!doc || doc.status !== 'placed') return { ok: false, reason: 'UNKNOWN_CHECKOUT' };
    if (!paysExactly(doc.orders, n.subOrders)) {
      this.logger.error({ checkoutId: doc.id, subOrders: n.subOrders }, 'payment callback amounts do not match the orders');
      return { ok: false, reason: 'AMOUNT_MISMATCH' };
    }
    const at = n.paidAt;
    const decided = await this.checkouts.decidePayment({
      allianceId,
      checkoutId: doc.id,
      outcome: 'PAID',
      at,
      eventId: n.eventId,
      subOrders: n.subOrders.map((s) => ({ orderId: s.orderId, amountFen: s.amountFen, transactionId: s.transactionId })),
    });
    const outcome = decided.inserted ? decided.doc : decided.existing;
    if (outcome.outcome === 'EXPIRED') {
      // Paid after the checkout expired and its orders were cancelled: the money goes back.
      for (const s of n.subOrders) {
        await this.provider
          .refund({ refundId: `${s.orderId}-late`, orderId: s.orderId, subMerchantId: s.subMerchantId, refundFen: s.amountFen, totalFen: s.amountFen, reason: '超时未支付，订单已取消' })
          .catch((err) => this.logger.error({ err, orderId: s.orderId }, 'refunding a late payment failed'));
      }
      return { ok: true };
    }
    for (const s of outcome.subOrders ?? []) {
      const r = await this.orders.change(allianceId, s.orderId, (state) =>
        state.paid ? { error: { code: 'ALREADY_PAID', message: 'paid' } } : { fact: { type: 'paid', at: outcome.at.toISOString(), transactionId: s.transactionId } },
      );
      // A sub-order she had cancelled before paying is refunded among the fact's effects.
      if (r?.fact) await this.effects.applied(r.before, r.state, r.fact, r.version);
    }
    await this.checkouts.update(allianceId, doc.id, { payment: { ...doc.payment!, status: 'PAID', paidAt: outcome.at } });
    return { ok: true };
  }

  /**
   * A checkout her stored value paid (members decided it, once, before anything was reserved): every
   * order is paid at placement, like a payment notification, with the checkout as its transaction.
   */
  async paidFromStoredValue(doc: CheckoutDoc): Promise<NonNullable<CheckoutDoc['payment']>> {
    const at = this.now();
    for (const o of doc.orders) {
      const r = await this.orders.change(doc.allianceId, o.orderId, (state) => (state.paid ? { error: { code: 'ALREADY_PAID', message: 'paid' } } : { fact: { type: 'paid', at: at.toISOString(), transactionId: `stored-value:${doc.id}` } }));
      if (r?.fact) await this.effects.applied(r.before, r.state, r.fact, r.version);
    }
    return { provider: 'stored-value', status: 'PAID', payBefore: at, paidAt: at, prepayId: null };
  }

  /** Unpaid online checkouts past their deadline: expired once, their orders cancelled and stock released. */
  async expire(doc: CheckoutDoc): Promise<void> {
    const decided = await this.checkouts.decidePayment({ allianceId: doc.allianceId, checkoutId: doc.id, outcome: 'EXPIRED', at: this.now() });
    const outcome = decided.inserted ? decided.doc : decided.existing;
    if (outcome.outcome === 'EXPIRED') {
      for (const o of doc.orders) {
        const r = await this.orders.change(doc.allianceId, o.orderId, (state) => decideCancel(state, 'SYSTEM', '超时未支付', this.now()));
        if (r?.fact) await this.effects.applied(r.before, r.state, r.fact, r.version);
      }
    }
    await this.checkouts.update(doc.allianceId, doc.id, { payment: { ...doc.payment!, status: outcome.outcome, paidAt: outcome.outcome === 'PAID' ? outcome.at : null } });
  }
}
