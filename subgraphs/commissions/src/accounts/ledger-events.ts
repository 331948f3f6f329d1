import type { Logger } from 'pino';
import type { EventBus, Subscription } from '@alliance/events';
import { ruleOrDefault } from '../ledger/rules.js';
import { splitOrder, type SplitPart } from '../ledger/split.rules.js';
import { accrualGroup } from '../ledger/posting-groups.js';
import { activeAt } from '../share/binding.rules.js';
import type { ShareRepository } from '../share/share.repository.js';
import type { PolicyRepository } from '../share/policy.repository.js';
import type { RuleRepository } from '../rules/rule.repository.js';
import type { LedgerRepository } from './ledger.repository.js';
import { flowEntry, flowOf } from '../flows/flow.rules.js';
import { publishProfitSharing } from './profit-sharing.publisher.js';
import { decideAccrual, decideConfirmation, decideLeader, decidePromotionCost, decidePromotionCostConfirmation, decideReversal } from './order-ledger.rules.js';

/**
 * The ledger follows the orders: placed → accrued (pending), completed → confirmed, refunded or
 * cancelled → reversed cumulatively; and each promotion's cost per funder. A durable consumer shared by
 * the replicas; every decision is an append to a small stream with the version it read, and every
 * posting is idempotent, so redeliveries and crashes post nothing twice.
 */
export function consumeLedgerEvents(events: EventBus, ledger: LedgerRepository, shares: ShareRepository, rules: RuleRepository, policies: PolicyRepository, logger: Logger, sharing: { maxShareBp: number }): Promise<Subscription> {
  return events.consume('ledger', ['order.placed', 'order.picked_up', 'order.completed', 'order.refunded', 'order.cancelled', 'promotion.cost_allocated'], async (event) => {
    const allianceId = event.allianceId;
    const post = async (r: Awaited<ReturnType<LedgerRepository['decideOrder']>>) => {
      if (!r) return;
      // The groups decided with the fact (collection, profit sharing) follow its own.
      for (const g of [r.group, ...(r.fact.more ?? [])]) if (g.postings.length) await ledger.post(allianceId, g, r.at, r.replay);
    };
    // Post, then ask WeChat Pay for what the fact decided (again on a replay: the publish is idempotent).
    const postAndShare = async (r: Awaited<ReturnType<LedgerRepository['decideOrder']>>, order: { orderId: string; checkoutId: string; merchantId: string }) => {
      await post(r);
      if (r) await publishProfitSharing(events, allianceId, order, r.fact);
    };
    // An order reversed in full leaves the week's flow (again on a replay: each entry is added once).
    // It is counted first, so the stream never takes out an order it has not taken in, whatever crashed.
    const withdrawFlow = async (r: Awaited<ReturnType<LedgerRepository['decideOrder']>>, orderId: string) => {
      const flow = r?.fact.type === 'REVERSED' ? r.fact.flowWithdrawn : undefined;
      if (!flow) return;
      await ledger.addFlow(allianceId, flow.period, flowEntry(orderId, flow));
      await ledger.addFlow(allianceId, flow.period, flowEntry(orderId, flow, true));
    };
    switch (event.type) {
      case 'order.placed': {
        const d = event.data;
        const placedAt = Date.parse(d.at);
        // The alliance's policy as it was when the order was placed, like the shop's rule below.
        const policy = await policies.get(allianceId, placedAt);
        // Who brought it about, as of when it was placed: the buyer's sharer (and the sharer's own), and
        // the shop that first brought her into the alliance — this one, if it is her first order.
        const binding = await shares.binding(allianceId, d.memberSubject);
        const sharer = activeAt(binding, placedAt) ? binding.sharer : null;
        const upBinding = sharer ? await shares.binding(allianceId, sharer) : null;
        const upline = activeAt(upBinding, placedAt) ? upBinding.sharer : null;
        const claim = await shares.claimReferrer({ allianceId, member: d.memberSubject, shop: d.merchantId, at: d.at, until: new Date(placedAt + policy.referralDays * 86_400_000).toISOString(), by: 'FIRST_ORDER' });
        const referrer = claim.inserted ? claim.doc : claim.existing;
        const rule = ruleOrDefault(await rules.versions(allianceId, d.merchantId), placedAt, d.merchantId);
        // Points paid part of the lines like a discount the issuing shops fund (cleared by points events).
        const lines = d.lines.map((l) => ({ category: l.category, netFen: l.quantity * l.unitPriceFen - (l.discountFen ?? 0) - (l.pointsFen ?? 0) }));
        const parts: SplitPart[] = splitOrder(
          { orderId: d.orderId, merchantId: d.merchantId, buyer: d.memberSubject, placedAt, lines },
          rule,
          policy,
          { sharer, sharerUpline: upline, leader: null, referrerShop: referrer.shop, referralUntil: Date.parse(referrer.until) },
          allianceId,
        );
        // The delivery fee is the shop's alone.
        if (d.deliveryFeeFen > 0) addToShop(parts, d.merchantId, d.deliveryFeeFen);
        const netFen = parts.reduce((s, p) => s + p.amountFen, 0);
        // The flow between shops follows the referrer the split just charged, in the week the order was
        // placed (a report, unlike postings, is never moved to an open period). Kept with the order, so
        // its cancellation knows which flow to take it out of.
        const flow = flowOf({ merchantId: d.merchantId, placedAtMs: placedAt, goodsNetFen: lines.reduce((s, l) => s + l.netFen, 0) }, { shop: referrer.shop, untilMs: Date.parse(referrer.until) });
        if (netFen !== d.totalFen) logger.warn({ orderId: d.orderId, netFen, totalFen: d.totalFen }, 'order net and total differ');
        await ledger.rememberOrder(allianceId, d.checkoutId, d.merchantId, d.orderId);
        const init = {
          type: 'ACCRUED' as const,
          state: { orderId: d.orderId, checkoutId: d.checkoutId, merchantId: d.merchantId, buyer: d.memberSubject, netFen, parts, lines, rule, allowSelfPurchase: policy.allowSelfPurchase, paymentMethod: d.paymentMethod, flow },
          group: accrualGroup(event.id, d.orderId, parts),
          at: d.at,
        };
        const decided = await ledger.decideOrder(allianceId, d.orderId, event.id, (s) => decideAccrual(s, init));
        await post(decided);
        // Counted after the decision, as the decision recorded it, so a redelivery counts what was decided.
        const counted = decided?.fact.type === 'ACCRUED' ? decided.fact.state.flow : null;
        if (counted) await ledger.addFlow(allianceId, counted.period, flowEntry(d.orderId, counted));
        return;
      }
      case 'order.picked_up': {
        // Handed over at a pickup point by its group leader: she earns her share of the order.
        const d = event.data;
        if (d.by !== 'LEADER' || !d.actorSubject || !d.pickupPointId) return;
        await post(await ledger.decideOrder(allianceId, d.orderId, event.id, (s) => decideLeader(s, event.id, d.actorSubject!, d.at)));
        return;
      }
      case 'order.completed': {
        const d = event.data;
        await postAndShare(await ledger.decideOrder(allianceId, d.orderId, event.id, (s) => decideConfirmation(s, event.id, d.at, { allianceId, maxShareBp: sharing.maxShareBp })), d);
        const fact = await ledger.decideCost(allianceId, d.checkoutId, d.merchantId, (s) => decidePromotionCostConfirmation(s, event.id, d.orderId, d.merchantId, d.at));
        if (fact?.type === 'CONFIRM') for (const g of fact.groups) await ledger.post(allianceId, g, d.at, false);
        return;
      }
      case 'order.refunded': {
        const d = event.data;
        const r = await ledger.decideOrder(allianceId, d.orderId, event.id, (s) => decideReversal(s, event.id, d.refundedFen, d.at));
        await postAndShare(r, d);
        await withdrawFlow(r, d.orderId);
        return;
      }
      case 'order.cancelled': {
        const d = event.data;
        // Whatever is left of the order goes back (a cancellation after a partial refund reverses the rest).
        const r = await ledger.decideOrder(allianceId, d.orderId, event.id, (s) => (s ? decideReversal(s, event.id, s.netFen, d.at) : null));
        await postAndShare(r, d);
        await withdrawFlow(r, d.orderId);
        return;
      }
      case 'promotion.cost_allocated': {
        const d = event.data;
        const orderKey = (await ledger.orderOf(allianceId, d.checkoutId, d.shopId)) ?? `${d.checkoutId}/${d.shopId}`;
        const fact = await ledger.decideCost(allianceId, d.checkoutId, d.shopId, (s) => decidePromotionCost(s, event.id, orderKey, d.shopId, d.funderId, d.kind, d.amountFen, d.at));
        if (fact?.type === 'COST' && fact.group.postings.length) await ledger.post(allianceId, fact.group, d.at, false);
        return;
      }
    }
  });
}

function addToShop(parts: SplitPart[], merchantId: string, fen: number): void {
  const shop = parts.find((p) => p.party.kind === 'SHOP' && p.party.id === merchantId && p.account === 'REVENUE');
  if (shop) shop.amountFen += fen;
  else parts.push({ party: { kind: 'SHOP', id: merchantId }, account: 'REVENUE', amountFen: fen });
}
