import { createHash } from 'node:crypto';
import { hasRole } from '@alliance/auth';
import { DomainError, type UserError } from '@alliance/runtime/domain-error';
import { idempotencyKeyProblem } from '@alliance/runtime/idempotency-key';
import type { RequestContext } from '@alliance/runtime/request-context';
import type { LedgerRepository } from '../accounts/ledger.repository.js';
import type { PolicyRepository } from '../share/policy.repository.js';
import { identityProblems, maskIdNumber, maskName, openField, sealField } from './identity.rules.js';
import { payoutCsv, type PayoutLine } from './payout-file.rules.js';
import type { FollowUp, WithdrawalRepository } from './withdrawal.repository.js';
import { balanceOf, decideDecision, decideRequest, withdrawalId, withdrawalPostingGroup, WITHDRAWAL_ID, type RequestDecision, type DecideDecision, type Withdrawal, type WithdrawalStatus } from './withdrawal.rules.js';

export interface WithdrawalView extends Withdrawal {
  memberId: string;
}
export interface WithdrawalPayload {
  withdrawal: WithdrawalView | null;
  userErrors: UserError[];
}
export interface MaskedIdentity {
  realNameMasked: string;
  idNumberMasked: string;
}
export interface WithdrawalSummary {
  withdrawableFen: number;
  paidFen: number;
  receivableFen: number;
  payoutIdentity: MaskedIdentity | null;
}
export interface PayoutBatchView {
  id: string;
  createdAt: string;
  count: number;
  grossFen: number;
  taxFen: number;
  netFen: number;
  csv: string;
}

/** The admin's list returns at most this many withdrawals. */
const LIST_MAX = 100;
/** Ids looked up per round while the admin's list is collected. */
const LIST_PAGE = 200;
/** A list of decided withdrawals looks this far back in the alliance's list, at most. */
const LIST_SCAN = 10 * LIST_PAGE;
/** A payout file holds at most this many withdrawals; the next export takes the rest. */
const MAX_BATCH = 500;

/**
 * Withdrawals: a member gives her payout identity and requests withdrawals of her confirmed
 * commission; an alliance admin approves (the ledger then records the payout and the tax withheld) or
 * rejects them, and exports approved ones as a payout batch file, the one place identities are decrypted.
 */
export class WithdrawalService {
  constructor(
    private readonly request: RequestContext,
    private readonly repo: WithdrawalRepository,
    private readonly ledger: LedgerRepository,
    private readonly policies: PolicyRepository,
    /** A member's confirmed commission, all time (reversals included). */
    private readonly confirmedFen: (subject: string) => Promise<number>,
    private readonly identityKey: Buffer,
    private readonly now: () => Date,
  ) {}

  private member() {
    const p = this.request.principal;
    if (!p || p.service) throw DomainError.unauthenticated('Sign in to withdraw');
    return p;
  }

  private admin() {
    const p = this.member();
    if (!hasRole(p, 'alliance-admin')) throw DomainError.forbidden('Withdrawals are decided by alliance admins');
    return p;
  }

  private owner(subject: string): string {
    return `${this.request.allianceId}:${subject}`;
  }

  /** Her balance beside her earnings (the resolver has her confirmed commission already). */
  async summary(confirmedFen: number): Promise<WithdrawalSummary> {
    const p = this.member();
    const [account, identity] = await Promise.all([this.repo.account(this.request.allianceId, p.subject), this.repo.identity(this.request.allianceId, p.subject)]);
    return { ...balanceOf(confirmedFen, account), paidFen: account.paidFen, payoutIdentity: identity && { realNameMasked: identity.realNameMasked, idNumberMasked: identity.idNumberMasked } };
  }

  async setIdentity(realName: string, idNumber: string): Promise<{ identity: MaskedIdentity | null; userErrors: UserError[] }> {
    const p = this.member();
    const problems = identityProblems(realName, idNumber);
    if (problems.length) return { identity: null, userErrors: problems };
    const name = realName.trim();
    const id = idNumber.trim().toUpperCase();
    const owner = this.owner(p.subject);
    const identity = { realNameMasked: maskName(name), idNumberMasked: maskIdNumber(id) };
    await this.repo.saveIdentity({ allianceId: this.request.allianceId, subject: p.subject, realNameSealed: sealField(this.identityKey, owner, name), idNumberSealed: sealField(this.identityKey, owner, id), ...identity, at: this.now().toISOString() });
    return { identity, userErrors: [] };
  }

  async mine(): Promise<WithdrawalView[]> {
    const p = this.member();
    const account = await this.repo.account(this.request.allianceId, p.subject);
    return Object.values(account.items)
      .reverse()
      .map((w) => ({ ...w, memberId: p.subject }));
  }

  async withdraw(amountFen: number, idempotencyKey: string): Promise<WithdrawalPayload> {
    const p = this.member();
    const keyProblem = idempotencyKeyProblem(idempotencyKey);
    if (keyProblem) return { withdrawal: null, userErrors: [keyProblem] };
    const allianceId = this.request.allianceId;
    const id = withdrawalId(allianceId, p.subject, idempotencyKey);
    const at = this.now().toISOString();
    const [policy, confirmedFen, identity] = await Promise.all([this.policies.get(allianceId), this.confirmedFen(p.subject), this.repo.identity(allianceId, p.subject)]);
    await this.repo.claimOwner(allianceId, id, p.subject, at);
    let decision: RequestDecision | null = null;
    const r = await this.repo.decide(allianceId, p.subject, (s) => {
      decision = decideRequest(s, { id, idempotencyKey, amountFen, confirmedFen, minFen: policy.withdrawalMinFen, taxBp: policy.taxBp, hasIdentity: identity !== null, at });
      return 'fact' in decision ? decision.fact : null;
    });
    const d = decision as RequestDecision | null;
    if (d && 'error' in d) return { withdrawal: null, userErrors: [d.error] };
    const w = r.state.items[id];
    if (!w) throw new Error(`withdrawal ${id} was decided but is not on the stream`);
    // Listed after the fact; a replay lists it only if a crash came between. Decided already: not pending.
    await this.followUp('listed', id, at, !r.appended, async (recovering) => {
      await this.repo.list(allianceId, id, 'all', recovering);
      if (w.status === 'REQUESTED') await this.repo.queue(allianceId, id, true);
    });
    return { withdrawal: { ...w, memberId: p.subject }, userErrors: [] };
  }

  async decide(id: string, approve: boolean, note: string | null): Promise<WithdrawalPayload> {
    const p = this.admin();
    const allianceId = this.request.allianceId;
    const notFound: WithdrawalPayload = { withdrawal: null, userErrors: [{ code: 'NOT_FOUND', message: 'no such withdrawal', field: ['id'] }] };
    if (!WITHDRAWAL_ID.test(id)) return notFound;
    const cleanNote = note?.trim().slice(0, 200) || null;
    const subject = await this.repo.owner(allianceId, id);
    if (!subject) return notFound;
    const at = this.now().toISOString();
    const confirmedFen = await this.confirmedFen(subject);
    let decision: DecideDecision | null = null;
    const r = await this.repo.decide(allianceId, subject, (s) => {
      decision = decideDecision(s, { id, approve, by: p.username, note: cleanNote, at, confirmedFen });
      return 'fact' in decision ? decision.fact : null;
    });
    const d = decision as DecideDecision | null;
    if (d && 'error' in d) return { withdrawal: null, userErrors: [d.error] };
    const w = r.state.items[id]!;
    // A decision made before (a retry, a double click) redoes only what a crash cut off.
    const decidedAt = w.decidedAt ?? at;
    if (w.status === 'APPROVED') {
      await this.followUp('posted', id, decidedAt, !r.appended, (recovering) => this.ledger.post(allianceId, withdrawalPostingGroup(allianceId, subject, w), decidedAt, recovering));
    }
    await this.followUp('filed', id, decidedAt, !r.appended, async (recovering) => {
      await this.repo.queue(allianceId, id, false);
      if (w.status === 'APPROVED') await this.repo.list(allianceId, id, 'approved', recovering);
    });
    return { withdrawal: { ...w, memberId: subject }, userErrors: [] };
  }

  /**
   * Runs a step that follows a withdrawal's fact, then marks it done. The call that appended the fact
   * always runs it; a repeated one (`recovering`) only while the mark is missing, i.e. a crash cut it off.
   */
  private async followUp(step: FollowUp, id: string, at: string, recovering: boolean, run: (recovering: boolean) => Promise<unknown>): Promise<void> {
    const allianceId = this.request.allianceId;
    if (recovering && (await this.repo.isDone(allianceId, step, id))) return;
    await run(recovering);
    await this.repo.markDone(allianceId, step, id, at);
  }

  /**
   * The admin's list, each withdrawal once: pending requests from the queue, oldest first (however old);
   * otherwise the newest of the alliance's list (looking back at most LIST_SCAN), optionally of one status.
   */
  async list(status: WithdrawalStatus | null, first: number): Promise<WithdrawalView[]> {
    this.admin();
    const allianceId = this.request.allianceId;
    const limit = Math.max(1, Math.min(Math.trunc(first) || 1, LIST_MAX));
    const out: WithdrawalView[] = [];
    const seen = new Set<string>();
    for await (const page of status === 'REQUESTED' ? this.pendingPages() : this.newestPages()) {
      const ids = page.filter((id) => !seen.has(id) && seen.add(id));
      const found = await Promise.all(ids.map((id) => this.repo.find(allianceId, id)));
      for (const f of found) {
        if (f && (!status || f.withdrawal.status === status)) out.push({ ...f.withdrawal, memberId: f.subject });
        if (out.length === limit) return out;
      }
    }
    return out;
  }

  private async *pendingPages(): AsyncGenerator<string[]> {
    const ids = await this.repo.pending(this.request.allianceId);
    for (let i = 0; i < ids.length; i += LIST_PAGE) yield ids.slice(i, i + LIST_PAGE);
  }

  private async *newestPages(): AsyncGenerator<string[]> {
    let before: number | undefined;
    for (let scanned = 0; scanned < LIST_SCAN; scanned += LIST_PAGE) {
      const page = await this.repo.newest(this.request.allianceId, LIST_PAGE, before);
      if (page.length === 0) return;
      yield page.map((x) => x.id);
      before = page.at(-1)!.version;
      if (before <= 1) return;
    }
  }

  /**
   * Cuts the approved withdrawals not exported yet into a batch and renders its file; the same key
   * again renders the batch it cut. The batch stream's expected version keeps two exports apart.
   */
  async exportBatch(idempotencyKey: string): Promise<{ batch: PayoutBatchView | null; userErrors: UserError[] }> {
    const p = this.admin();
    const keyProblem = idempotencyKeyProblem(idempotencyKey);
    if (keyProblem) return { batch: null, userErrors: [keyProblem] };
    const allianceId = this.request.allianceId;
    const approved = await this.repo.approvedVersion(allianceId);
    const at = this.now().toISOString();
    const batchId = `PB${createHash('sha256').update(JSON.stringify([allianceId, idempotencyKey])).digest('hex').slice(0, 16).toUpperCase()}`;
    const r = await this.repo.cutBatch(allianceId, (s) => {
      if (s.batches[idempotencyKey] || approved <= s.exportedTo) return null;
      return { batchId, idempotencyKey, from: s.exportedTo + 1, to: Math.min(approved, s.exportedTo + MAX_BATCH), at, by: p.username };
    });
    const batch = r.state.batches[idempotencyKey];
    if (!batch) return { batch: null, userErrors: [{ code: 'NOTHING_TO_EXPORT', message: 'no approved withdrawal waits for a payout file' }] };
    // A withdrawal listed twice (a double-clicked approval) is in the file of the batch that claimed it first, once.
    const listed = [...new Set(await this.repo.approvedRange(allianceId, batch.from, batch.to))];
    const holders = await Promise.all(listed.map((id) => this.repo.claimPayout(allianceId, id, batch.batchId)));
    const ids = listed.filter((_, i) => holders[i] === batch.batchId);
    const lines = await Promise.all(ids.map((id) => this.payoutLine(id)));
    const sum = (k: 'grossFen' | 'taxFen' | 'netFen') => lines.reduce((s, l) => s + l[k], 0);
    return { batch: { id: batch.batchId, createdAt: batch.at, count: lines.length, grossFen: sum('grossFen'), taxFen: sum('taxFen'), netFen: sum('netFen'), csv: payoutCsv(lines) }, userErrors: [] };
  }

  private async payoutLine(id: string): Promise<PayoutLine> {
    const allianceId = this.request.allianceId;
    const found = await this.repo.find(allianceId, id);
    if (!found) throw new Error(`approved withdrawal ${id} is missing`);
    const identity = await this.repo.identity(allianceId, found.subject);
    const owner = this.owner(found.subject);
    const w = found.withdrawal;
    return {
      withdrawalId: w.id,
      realName: identity ? openField(this.identityKey, owner, identity.realNameSealed) : '',
      idNumber: identity ? openField(this.identityKey, owner, identity.idNumberSealed) : '',
      grossFen: w.grossFen,
      taxFen: w.taxFen,
      netFen: w.netFen,
      note: `佣金提现 ${w.requestedAt.slice(0, 10)}`,
    };
  }
}
