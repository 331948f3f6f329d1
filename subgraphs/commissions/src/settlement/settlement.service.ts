import { setTimeout as sleep } from 'node:timers/promises';
import { hasRole, isShopStaff } from '@alliance/auth';
import { DomainError, type UserError } from '@alliance/runtime/domain-error';
import { idempotencyKeyProblem } from '@alliance/runtime/idempotency-key';
import type { RequestContext } from '@alliance/runtime/request-context';
import type { LedgerRepository } from '../accounts/ledger.repository.js';
import { periodBounds, periodOf } from '../accounts/period.rules.js';
import { MAX_STATEMENTS, type SettlementRepository, type SettlementResult } from './settlement.repository.js';
import { openingAfter, settleProblem, statementOf, trialBalance, type Statement } from './statement.rules.js';
import { periodFiguresOf, type PeriodFigures } from './period-figures.rules.js';

/** How long a fresh run waits for postings in flight when it claimed the period. */
const IN_FLIGHT_GRACE_MS = 2_000;
/** Parties settled concurrently. */
const PARTIES_AT_ONCE = 8;

export interface SettlementPeriodView {
  id: string;
  startsAt: string;
  endsAt: string;
  status: 'SETTLED' | 'RUNNING' | 'CLOSED';
  result: SettlementResult | null;
}

export interface SettlementPayload {
  period: SettlementPeriodView | null;
  userErrors: UserError[];
}

/**
 * Settlement runs, statements and trial balances. A run settles one ended period, exactly once, in
 * period order; it reads the period's party index and each party's period totals (never the
 * history), and writes a statement per party whose opening is the party's previous closing. A run
 * cut off by a crash is finished by running it again with the same key.
 */
export class SettlementService {
  constructor(
    private readonly request: RequestContext,
    private readonly settlements: SettlementRepository,
    private readonly ledger: LedgerRepository,
    private readonly now: () => Date,
  ) {}

  private admin() {
    const p = this.request.principal;
    if (!p || p.service) throw DomainError.unauthenticated();
    if (!hasRole(p, 'alliance-admin')) throw DomainError.forbidden('Settlement is for alliance admins');
    return p;
  }

  async periods(): Promise<SettlementPeriodView[]> {
    this.admin();
    const allianceId = this.request.allianceId;
    const { settled } = await this.settlements.state(allianceId);
    const views = await Promise.all(settled.map((f) => this.view(f.periodId)));
    return views.reverse();
  }

  private async view(periodId: string): Promise<SettlementPeriodView> {
    const { startMs, endMs } = periodBounds(periodId);
    const result = await this.settlements.result(this.request.allianceId, periodId);
    return { id: periodId, startsAt: new Date(startMs).toISOString(), endsAt: new Date(endMs).toISOString(), status: !result ? 'RUNNING' : result.closedAt ? 'CLOSED' : 'SETTLED', result };
  }

  async run(periodEnd: string | Date, idempotencyKey: string): Promise<SettlementPayload> {
    const p = this.admin();
    const keyProblem = idempotencyKeyProblem(idempotencyKey);
    if (keyProblem) return { period: null, userErrors: [keyProblem] };
    const endMs = new Date(periodEnd).getTime();
    if (!Number.isFinite(endMs)) return { period: null, userErrors: [{ code: 'INVALID_DATE', message: 'periodEnd is not a date-time', field: ['periodEnd'] }] };
    const periodId = periodOf(endMs - 1);
    const allianceId = this.request.allianceId;
    const nowMs = this.now().getTime();
    let problem: { code: string; message: string } | null = null;
    const claim = await this.settlements.claim(allianceId, (s) => {
      const mine = s.settled.find((f) => f.periodId === periodId);
      // The same key again (a retry, or finishing a run a crash cut off): carry on, no new claim.
      if (mine && mine.idempotencyKey === idempotencyKey) {
        problem = null;
        return null;
      }
      const last = s.settled.at(-1)?.periodId ?? null;
      problem = settleProblem(periodId, periodBounds(periodId).endMs, nowMs, last, last ? periodOf(periodBounds(last).endMs) : null);
      return problem ? null : { periodId, idempotencyKey, by: p.username, startedAt: new Date(nowMs).toISOString() };
    });
    if (problem) return { period: null, userErrors: [{ ...(problem as { code: string; message: string }), field: ['periodEnd'] }] };
    const mine = claim.state.settled.find((f) => f.periodId === periodId);
    if (!mine || mine.idempotencyKey !== idempotencyKey) return { period: null, userErrors: [{ code: 'ALREADY_SETTLED', message: `period ${periodId} is settled already`, field: ['periodEnd'] }] };
    const done = await this.settlements.result(allianceId, periodId);
    if (done) return { period: await this.view(periodId), userErrors: [] };
    // A posting that read the period as open just before the claim may still be landing in it: give
    // it a moment (postings take milliseconds); later ones are booked in the next period.
    if (claim.appended) await sleep(IN_FLIGHT_GRACE_MS);

    // Parties are independent (each its own streams): a few at a time.
    const parties = await this.ledger.partiesOf(allianceId, periodId);
    const statements: Statement[] = [];
    for (let i = 0; i < parties.length; i += PARTIES_AT_ONCE) {
      const batch = parties.slice(i, i + PARTIES_AT_ONCE);
      statements.push(
        ...(await Promise.all(
          batch.map(async (party) => {
            const totals = await this.ledger.periodTotals(allianceId, party, periodId);
            return this.settlements.addStatement(allianceId, (previous) => statementOf(periodId, party, totals, openingAfter(previous, periodId)));
          }),
        )),
      );
    }
    const tb = trialBalance(statements);
    // Before the result: a run resumed after a crash here writes them then.
    await this.settlements.saveFigures(allianceId, periodFiguresOf(periodId, statements));
    await this.settlements.saveResult(allianceId, { periodId, parties: statements.length, ...tb, completedAt: this.now().toISOString() });
    return { period: await this.view(periodId), userErrors: [] };
  }

  /**
   * What settling the period ending at `periodEnd` would produce, writing nothing: each party's
   * statement (opening from its last statement) and the trial balance, with the problem that would
   * refuse the run, if any.
   */
  async preview(periodEnd: string | Date): Promise<{ periodId: string; problem: { code: string; message: string } | null; statements: Statement[]; trialBalance: ReturnType<typeof trialBalance> }> {
    this.admin();
    const endMs = new Date(periodEnd).getTime();
    if (!Number.isFinite(endMs)) throw DomainError.badInput('periodEnd is not a date-time', 'periodEnd');
    const periodId = periodOf(endMs - 1);
    const allianceId = this.request.allianceId;
    const { settled } = await this.settlements.state(allianceId);
    const last = settled.at(-1)?.periodId ?? null;
    const problem = settleProblem(periodId, periodBounds(periodId).endMs, this.now().getTime(), last, last ? periodOf(periodBounds(last).endMs) : null);
    const statements = await Promise.all(
      (await this.ledger.partiesOf(allianceId, periodId)).map(async (party) => {
        const [totals, previous] = await Promise.all([this.ledger.periodTotals(allianceId, party, periodId), this.settlements.lastStatement(allianceId, party)]);
        return statementOf(periodId, party, totals, openingAfter(previous, periodId));
      }),
    );
    return { periodId, problem, statements, trialBalance: trialBalance(statements) };
  }

  /** After review: the admin closes a settled period (its statements are final for payouts). */
  async close(periodId: string): Promise<SettlementPayload> {
    const p = this.admin();
    const result = await this.settlements.result(this.request.allianceId, periodId);
    if (!result) return { period: null, userErrors: [{ code: 'NOT_SETTLED', message: `period ${periodId} is not settled`, field: ['periodId'] }] };
    if (!result.closedAt) await this.settlements.saveResult(this.request.allianceId, { ...result, closedAt: this.now().toISOString(), closedBy: p.username });
    return { period: await this.view(periodId), userErrors: [] };
  }

  /** An admin any party's; a shop's staff its shop's; a member her own. */
  async statement(periodId: string, party: { kind: string; id: string } | null | undefined): Promise<Statement | null> {
    return this.settlements.statement(this.request.allianceId, this.statementParty(party), periodId);
  }

  /** The party's newest statements, newest first: one read of its statement stream, whatever the clock says. */
  async statements(party: { kind: string; id: string } | null | undefined, last: number | null): Promise<Statement[]> {
    const n = last ?? 6;
    if (!Number.isSafeInteger(n) || n < 1 || n > MAX_STATEMENTS) throw DomainError.badInput(`last is 1 to ${MAX_STATEMENTS} statements`, 'last');
    return this.settlements.newestStatements(this.request.allianceId, this.statementParty(party), n);
  }

  /** The stream key of the party asked for (the signed-in member by default), if she may read it. */
  private statementParty(party: { kind: string; id: string } | null | undefined): string {
    const p = this.request.principal;
    if (!p || p.service) throw DomainError.unauthenticated();
    const target = party ?? { kind: 'MEMBER', id: p.subject };
    const admin = hasRole(p, 'alliance-admin');
    const own = (target.kind === 'MEMBER' && target.id === p.subject) || (target.kind === 'SHOP' && isShopStaff(p, target.id));
    if (!admin && !own) throw DomainError.forbidden('A statement is for its party and the alliance admins');
    return `${target.kind}:${target.id}`;
  }

  async flows(periodId: string) {
    this.admin();
    if (!/^\d{4}-W\d{2}$/.test(periodId)) throw DomainError.badInput('a period is an ISO week such as 2026-W48', 'periodId');
    const m = await this.ledger.flowMatrix(this.request.allianceId, periodId);
    return Object.values(m).sort((a, b) => b.gmvFen - a.gmvFen || a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
  }

  /** The last `last` settled periods' figures, oldest first (the settled-periods head, then one `_id` read each). */
  async figures(last: number | null | undefined): Promise<Array<PeriodFigures & { startsAt: string; endsAt: string }>> {
    this.admin();
    const n = last ?? 12;
    if (!Number.isSafeInteger(n) || n < 1 || n > 100) throw DomainError.badInput('last is 1 to 100 periods (the gateway\'s list limit)', 'last');
    const allianceId = this.request.allianceId;
    const { settled } = await this.settlements.state(allianceId);
    const figures = await Promise.all(settled.slice(-n).map((f) => this.settlements.figuresOf(allianceId, f.periodId)));
    // A period settled before figures were recorded, or whose run is still going, has none: left out.
    return figures
      .filter((f): f is PeriodFigures => f !== null)
      .map((f) => {
        const { startMs, endMs } = periodBounds(f.periodId);
        return { ...f, startsAt: new Date(startMs).toISOString(), endsAt: new Date(endMs).toISOString() };
      });
  }

  async trialBalance(periodId: string): Promise<SettlementResult | null> {
    this.admin();
    return this.settlements.result(this.request.allianceId, periodId);
  }
}
