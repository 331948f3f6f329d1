import type { Logger } from 'pino';
import { BackgroundLoop } from '@alliance/store';
import type { CheckoutRepository } from './checkout.repository.js';
import type { CheckoutService } from './checkout.service.js';
import type { OrderEffects } from './order-effects.js';
import type { OrderRepository } from './order.repository.js';
import type { PaymentService } from './payment.service.js';
import { decideComplete, factAt } from './order.rules.js';

/**
 * The order work nobody's request triggers, on the one clock: checkouts a crash left half-done are
 * completed or compensated, facts whose effects a crash cut off get them, unpaid online checkouts
 * expire (their stock released), and handed-over orders complete when the after-sales window closes. Each finding is a scan, so it runs here in the
 * background, never on a request; each action is decided by a stream or an insertOnce, so replicas
 * running this at once do every step once.
 */
export class OrderScheduler {
  private readonly loop: BackgroundLoop;

  constructor(
    private readonly checkouts: CheckoutRepository,
    private readonly checkout: () => CheckoutService,
    private readonly payments: PaymentService,
    private readonly orders: OrderRepository,
    private readonly effects: OrderEffects,
    private readonly now: () => Date,
    intervalMs: number,
    private readonly logger: Logger,
    private readonly effectsGraceMs = 300_000,
  ) {
    this.loop = new BackgroundLoop(() => this.runOnce(), intervalMs, (err) => logger.error({ err }, 'order scheduler pass failed'));
  }

  async runOnce(): Promise<{ recovered: number; expired: number; completed: number; reconciled: number }> {
    const out = { recovered: 0, expired: 0, completed: 0, reconciled: 0 };
    const at = this.now();
    for (const doc of await this.checkouts.stalePending(at)) {
      await this.step('recover', () => this.checkout().recover(doc));
      out.recovered += 1;
    }
    for (const doc of await this.checkouts.pendingReleases()) {
      await this.step('release discounts', () => this.checkout().releaseDiscounts(doc));
    }
    for (const doc of await this.checkouts.unpaidOverdue(at)) {
      await this.step('expire', () => this.payments.expire(doc));
      out.expired += 1;
    }
    // Facts whose effects a crash cut off (counts, event, inbox, stock, money), once they are old
    // enough that no request can still be carrying them out.
    for (const l of await this.orders.lagging()) {
      await this.step('effects', async () => {
        const facts = await this.orders.facts(l.allianceId, l.orderId);
        const next = facts.find((f) => f.version === l.effectsDone + 1);
        if (!next || this.now().getTime() - Date.parse(factAt(next.data)) < this.effectsGraceMs) return;
        out.reconciled += await this.effects.reconcile(facts, l.effectsDone);
      });
    }
    for (const { allianceId, orderId } of await this.orders.handedOverIds()) {
      await this.step('complete', async () => {
        const r = await this.orders.change(allianceId, orderId, (s) => decideComplete(s, this.now()));
        if (r?.fact) {
          await this.effects.applied(r.before, r.state, r.fact, r.version);
          out.completed += 1;
        }
      });
    }
    return out;
  }

  start(): this {
    this.loop.start();
    return this;
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  private async step(what: string, run: () => Promise<unknown>): Promise<void> {
    try {
      await run();
    } catch (err) {
      // One bad record must not stop the rest of the pass.
      this.logger.error({ err, what }, 'scheduled order work failed');
    }
  }
}
