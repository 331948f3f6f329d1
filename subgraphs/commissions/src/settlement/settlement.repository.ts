import type { Connection } from 'mongoose';
import { insertOnce, Streams } from '@alliance/store';
import type { Statement } from './statement.rules.js';
import type { PeriodFigures } from './period-figures.rules.js';

/** One settled period of an alliance. */
export interface SettlementFact {
  periodId: string;
  idempotencyKey: string;
  by: string;
  startedAt: string;
}

export interface SettlementState {
  settled: SettlementFact[];
}

export interface SettlementResult {
  periodId: string;
  parties: number;
  confirmedFen: number;
  pendingFen: number;
  balanced: boolean;
  completedAt: string;
  /** Closed by an admin after review: final for payouts. */
  closedAt?: string;
  closedBy?: string;
}

export const settlementsStream = (allianceId: string) => `${allianceId}:settlements`;
/** How far back a party's statements are looked up: half a year of weeks. */
export const MAX_STATEMENTS = 26;
export const statementsStream = (allianceId: string, party: string) => `${allianceId}:statements:${party}`;
const settlementsProjection = { initial: { settled: [] } as SettlementState, evolve: (s: SettlementState, f: SettlementFact) => ({ settled: [...s.settled, f] }) };
const statementsProjection = { initial: null as Statement | null, evolve: (_: Statement | null, f: Statement) => f };

/**
 * Settlements: the alliance's settled periods are a stream appended in period order, so a period is
 * settled exactly once whatever the concurrency (the append of period P at the version that saw P
 * unsettled is the decision); each party's statements are a stream in the same order, so a statement's
 * opening balance is the previous one's closing, and a resumed run finds what it wrote.
 */
export class SettlementRepository {
  private readonly settlements: Streams;
  private readonly statements: Streams;
  private readonly results;
  private readonly figures;

  constructor(conn: Connection) {
    this.settlements = new Streams(conn.collection('settlements'));
    this.statements = new Streams(conn.collection('statements'));
    this.results = conn.collection('settlement_results');
    this.figures = conn.collection('settlement_figures');
  }

  async state(allianceId: string): Promise<SettlementState> {
    return (await this.settlements.appendWithRetry<SettlementFact, SettlementState>(settlementsStream(allianceId), () => null, { projection: settlementsProjection })).state;
  }

  /** Claims the period: the fact appended, or null when `decide` refuses (settled already, out of order). */
  async claim(allianceId: string, decide: (s: SettlementState) => SettlementFact | null): Promise<{ appended: boolean; state: SettlementState }> {
    const r = await this.settlements.appendWithRetry<SettlementFact, SettlementState>(settlementsStream(allianceId), decide, { projection: settlementsProjection, maxAttempts: 50 });
    return { appended: r.appended, state: r.state };
  }

  async lastStatement(allianceId: string, party: string): Promise<Statement | null> {
    return (await this.statements.appendWithRetry<Statement, Statement | null>(statementsStream(allianceId, party), () => null, { projection: statementsProjection })).state;
  }

  /** Appends the party's statement unless its newest is this period's already (a resumed run). */
  async addStatement(allianceId: string, build: (previous: Statement | null) => Statement): Promise<Statement> {
    let written: Statement | null = null;
    const party = build(null).party;
    const r = await this.statements.appendWithRetry<Statement, Statement | null>(
      statementsStream(allianceId, party),
      (previous) => {
        const next = build(previous);
        if (previous?.periodId === next.periodId) {
          written = previous;
          return null;
        }
        return next;
      },
      { projection: statementsProjection },
    );
    return r.appended ? r.fact : written!;
  }

  /** The statement of a party for a period: newest first, a handful of `_id` reads back at most. */
  async statement(allianceId: string, party: string, periodId: string): Promise<Statement | null> {
    return (await this.newestStatements(allianceId, party, MAX_STATEMENTS)).find((s) => s.periodId === periodId) ?? null;
  }

  /** A party's `limit` newest statements, newest first. */
  async newestStatements(allianceId: string, party: string, limit: number): Promise<Statement[]> {
    return (await this.statements.readBackward<Statement>(statementsStream(allianceId, party), { limit })).map((f) => f.data);
  }

  async saveResult(allianceId: string, r: SettlementResult): Promise<void> {
    await this.results.replaceOne({ _id: `${allianceId}:${r.periodId}` as never }, { allianceId, ...r }, { upsert: true });
  }

  /** A period's figures, written once when it is settled (a resumed run finds them there). */
  async saveFigures(allianceId: string, f: PeriodFigures): Promise<void> {
    await insertOnce(this.figures, `${allianceId}:${f.periodId}`, { allianceId, ...f });
  }

  async figuresOf(allianceId: string, periodId: string): Promise<PeriodFigures | null> {
    const doc = (await this.figures.findOne({ _id: `${allianceId}:${periodId}` as never })) as (PeriodFigures & { allianceId: string }) | null;
    if (!doc || doc.allianceId !== allianceId) return null;
    return { periodId: doc.periodId, gmvFen: doc.gmvFen, commissionsFen: doc.commissionsFen, promotionCostFen: doc.promotionCostFen, feesFen: doc.feesFen };
  }

  async result(allianceId: string, periodId: string): Promise<SettlementResult | null> {
    return (await this.results.findOne({ _id: `${allianceId}:${periodId}` as never })) as SettlementResult | null;
  }
}
