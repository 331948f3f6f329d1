import { FenScalar, money } from '@alliance/money';
import type { Resolvers } from './generated/resolvers-types.js';
import { payableOrReceivable } from './settlement/statement.rules.js';
import { commissionsExport } from './privacy/member-export.js';

const maybeMoney = (fen: number | null | undefined) => (fen == null ? null : money(fen));

/** Adapters only: GraphQL in, share, rule and earnings service calls, their models out. */
export const resolvers: Resolvers = {
  Fen: FenScalar,
  Member: {
    __resolveReference: (ref) => ({ id: ref.id }),
    heldByCommissions: (m, _, ctx) => commissionsExport(ctx, m.id, ctx),
  },
  Query: {
    myShareLink: (_, a, ctx) => ctx.shares.myShareLink(a.target ?? null),
    myEarnings: async (_, __, ctx) => {
      const e = await ctx.earnings.mine();
      const w = await ctx.withdrawals.summary(e.confirmedFen);
      return {
        pending: money(e.pendingFen),
        confirmed: money(e.confirmedFen),
        withdrawable: money(w.withdrawableFen),
        paid: money(w.paidFen),
        receivable: money(w.receivableFen),
        payoutIdentity: w.payoutIdentity,
        entries: e.entries.map((x) => ({ orderId: x.orderId, account: x.account, stage: x.stage, amount: money(x.amountFen), at: x.at, periodId: x.period })),
        byKind: e.byKind.map((k) => ({ account: k.account, pending: money(k.pendingFen), confirmed: money(k.confirmedFen) })),
      };
    },
    myBindings: (_, a, ctx) => ctx.shares.myBindings(a.limit ?? 50),
    referralFees: async (_, a, ctx) => {
      const f = await ctx.earnings.shopReferralFees(a.merchantId, a.periodId ?? null);
      return { merchantId: a.merchantId, periodId: a.periodId ?? null, earnedPending: money(f.earned.pendingFen), earnedConfirmed: money(f.earned.confirmedFen), paidPending: money(f.paid.pendingFen), paidConfirmed: money(f.paid.confirmedFen) };
    },
    commissionRules: (_, a, ctx) => ctx.rules.list(a.merchantId),
    commissionPolicy: (_, __, ctx) => ctx.shares.policy(),
    commissionPolicyVersions: (_, __, ctx) => ctx.shares.policyVersions(),
    myWithdrawals: (_, __, ctx) => ctx.withdrawals.mine(),
    withdrawals: (_, a, ctx) => ctx.withdrawals.list(a.status ?? null, a.first ?? 100),
    settlementPeriods: (_, __, ctx) => ctx.settlements.periods(),
    statement: (_, a, ctx) => ctx.settlements.statement(a.periodId, a.party ?? null),
    statements: (_, a, ctx) => ctx.settlements.statements(a.party ?? null, a.last ?? null),
    trialBalance: (_, a, ctx) => ctx.settlements.trialBalance(a.periodId),
    shopFlows: async (_, a, ctx) =>
      (await ctx.settlements.flows(a.periodId)).map((f) => ({ from: { __typename: 'Merchant' as const, id: f.from }, fromId: f.from, to: { __typename: 'Merchant' as const, id: f.to }, toId: f.to, orders: f.orders, gmv: money(f.gmvFen) })),
    periodFigures: async (_, a, ctx) =>
      (await ctx.settlements.figures(a.last)).map((f) => ({ periodId: f.periodId, startsAt: f.startsAt, endsAt: f.endsAt, gmv: money(f.gmvFen), commissions: money(f.commissionsFen), promotionCost: money(f.promotionCostFen), fees: money(f.feesFen) })),
  },
  Mutation: {
    bindShare: (_, a, ctx) => ctx.shares.bind(a.code),
    setCommissionRule: (_, a, ctx) =>
      ctx.rules.set({
        merchantId: a.input.merchantId,
        feeBp: a.input.feeBp,
        effectiveFrom: (a.input.effectiveFrom as string | null | undefined) ?? null,
        rates: a.input.rates.map((r) => ({ category: r.category, l1Bp: r.l1Bp, l2Bp: r.l2Bp, leaderBp: r.leaderBp, l1CapFen: r.l1CapFen ?? null, l2CapFen: r.l2CapFen ?? null, leaderCapFen: r.leaderCapFen ?? null })),
      }),
    setCommissionPolicy: (_, a, ctx) => ctx.shares.setPolicy({ ...a.input, effectiveFrom: (a.input.effectiveFrom as string | null | undefined) ?? null }),
    cancelCommissionPolicyVersion: (_, a, ctx) => ctx.shares.cancelPolicyVersion(a.version),
    cancelCommissionRule: (_, a, ctx) => ctx.rules.cancel(a.merchantId, a.version),
    runSettlement: (_, a, ctx) => ctx.settlements.run(a.periodEnd as string, a.idempotencyKey),
    previewSettlement: async (_, a, ctx) => {
      const p = await ctx.settlements.preview(a.periodEnd as string);
      return {
        periodId: p.periodId,
        problem: p.problem ? { ...p.problem, field: ['periodEnd'] } : null,
        statements: p.statements,
        trialBalance: { periodId: p.periodId, parties: p.statements.length, ...p.trialBalance, completedAt: '' },
      };
    },
    closeSettlement: (_, a, ctx) => ctx.settlements.close(a.periodId),
    setPayoutIdentity: (_, a, ctx) => ctx.withdrawals.setIdentity(a.realName, a.idNumber),
    requestWithdrawal: (_, a, ctx) => ctx.withdrawals.withdraw(a.amountFen, a.idempotencyKey),
    decideWithdrawal: (_, a, ctx) => ctx.withdrawals.decide(a.id, a.approve, a.note ?? null),
    exportPayoutBatch: (_, a, ctx) => ctx.withdrawals.exportBatch(a.idempotencyKey),
  },
  Withdrawal: {
    gross: (w) => money(w.grossFen),
    taxWithheld: (w) => money(w.taxFen),
    net: (w) => money(w.netFen),
  },
  PayoutBatch: {
    gross: (b) => money(b.grossFen),
    taxWithheld: (b) => money(b.taxFen),
    net: (b) => money(b.netFen),
  },
  SettlementPeriod: {
    trialBalance: (p) => p.result,
  },
  TrialBalance: {
    confirmed: (t) => money(t.confirmedFen),
    pending: (t) => money(t.pendingFen),
  },
  Statement: {
    partyKind: (s) => s.party.split(':')[0] as 'SHOP' | 'MEMBER' | 'ALLIANCE' | 'CLEARING',
    partyId: (s) => s.party.slice(s.party.indexOf(':') + 1),
    opening: (s) => money(s.openingFen),
    movement: (s) => money(s.movementFen),
    closing: (s) => money(s.closingFen),
    // Statements stored before these were kept carry only the closing.
    payable: (s) => money(s.payableFen ?? payableOrReceivable(s.closingFen).payableFen),
    receivable: (s) => money(s.receivableFen ?? payableOrReceivable(s.closingFen).receivableFen),
    pending: (s) => money(s.pendingFen),
    lines: (s) => s.lines.map((l) => ({ account: l.account, confirmed: money(l.confirmedFen), pending: money(l.pendingFen) })),
    // The statement itself was authorized by the query that reached it.
    points: (s, _, ctx) => (s.party.startsWith('SHOP:') ? ctx.pointsFigures.get(ctx.allianceId, s.party.slice(5), s.periodId) : null),
  },
  CommissionPolicyVersion: {
    effectiveFrom: (v) => new Date(v.effectiveFrom).toISOString(),
    policy: (v) => v.values,
    inForce: (v) => v.status === 'IN_FORCE',
    scheduled: (v) => v.status === 'SCHEDULED',
    cancelled: (v) => v.status === 'CANCELLED',
    cancelledAt: (v) => v.cancelledAt ?? null,
    cancelledBy: (v) => v.cancelledBy ?? null,
  },
  CommissionRule: {
    merchant: (r) => ({ __typename: 'Merchant' as const, id: r.merchantId }),
    effectiveFrom: (r) => new Date(r.effectiveFrom).toISOString(),
    cancelled: (r) => Boolean(r.cancelledAt),
    cancelledAt: (r) => r.cancelledAt ?? null,
    cancelledBy: (r) => r.cancelledBy ?? null,
    rates: (r) => r.rates.map((x) => ({ category: x.category, l1Bp: x.l1Bp, l2Bp: x.l2Bp, leaderBp: x.leaderBp, l1Cap: maybeMoney(x.l1CapFen), l2Cap: maybeMoney(x.l2CapFen), leaderCap: maybeMoney(x.leaderCapFen) })),
  },
};
