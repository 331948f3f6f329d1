import { partyKey, postingKey, type AccountKind, type Party, type Posting, type PostingGroup } from './ledger.types.js';

export interface StageAmounts {
  PENDING: number;
  CONFIRMED: number;
}

/** One party's balance: per account and overall, per stage. Accounts it never touched are absent. */
export interface PartyBalance extends StageAmounts {
  party: Party;
  accounts: Partial<Record<AccountKind, StageAmounts>>;
}

/** Each party's totals over the groups' postings, parties in key order (kind:id) for stable output. */
export function balances(groups: Iterable<PostingGroup>): PartyBalance[] {
  const byParty = new Map<string, PartyBalance>();
  for (const g of groups) {
    for (const p of g.postings) {
      const k = partyKey(p.party);
      let b = byParty.get(k);
      if (!b) byParty.set(k, (b = { party: { ...p.party }, PENDING: 0, CONFIRMED: 0, accounts: {} }));
      const a = (b.accounts[p.account] ??= { PENDING: 0, CONFIRMED: 0 });
      a[p.stage] += p.amountFen;
      b[p.stage] += p.amountFen;
    }
  }
  return [...byParty.keys()].sort().map((k) => byParty.get(k)!);
}

/** Σ amountFen of a group; 0 for every group this module's builders make. */
export function groupSum(group: PostingGroup): number {
  return group.postings.reduce((a, p) => a + p.amountFen, 0);
}

export function assertBalanced(group: PostingGroup): void {
  const s = groupSum(group);
  if (s !== 0) throw new RangeError(`posting group ${group.sourceEventId} (${group.kind}) sums to ${s}, not 0`);
  const keys = new Set(group.postings.map((p) => postingKey(group, p)));
  if (keys.size !== group.postings.length) throw new RangeError(`posting group ${group.sourceEventId} (${group.kind}) has two postings with one key`);
}

/** A posting as the journal holds it: with the group it came in. */
export interface JournalEntry extends Posting {
  key: string;
  sourceEventId: string;
  orderId: string;
  kind: PostingGroup['kind'];
}

export type Journal = Map<string, JournalEntry>;

export interface ApplyResult {
  /** The journal applied to (the one given, or a new one), for the next call. */
  journal: Journal;
  inserted: number;
  /** Keys already present with the same amount: a replay, skipped. */
  replayed: number;
  /** Keys already present with another amount: a bug upstream (the first stays, as insertOnce keeps it). */
  conflicts: string[];
}

/**
 * The repository's idempotency in memory: each posting is inserted once by its posting key (what the
 * store enforces with insertOnce), so replaying any stream of groups changes nothing. Unbalanced groups
 * are refused before anything of them is inserted.
 */
export function applyOnce(groups: Iterable<PostingGroup>, journal: Journal = new Map()): ApplyResult {
  const out: ApplyResult = { journal, inserted: 0, replayed: 0, conflicts: [] };
  for (const g of groups) {
    assertBalanced(g);
    for (const p of g.postings) {
      const key = postingKey(g, p);
      const had = journal.get(key);
      if (had) {
        if (had.amountFen === p.amountFen) out.replayed++;
        else out.conflicts.push(key);
        continue;
      }
      journal.set(key, { ...p, key, sourceEventId: g.sourceEventId, orderId: g.orderId, kind: g.kind });
      out.inserted++;
    }
  }
  return out;
}

/** The journal as groups again (one per source event), e.g. to take balances of what was applied. */
export function journalGroups(journal: Journal): PostingGroup[] {
  const groups = new Map<string, PostingGroup>();
  for (const e of journal.values()) {
    let g = groups.get(e.sourceEventId);
    if (!g) groups.set(e.sourceEventId, (g = { sourceEventId: e.sourceEventId, orderId: e.orderId, kind: e.kind, postings: [] }));
    g.postings.push({ party: e.party, account: e.account, stage: e.stage, amountFen: e.amountFen });
  }
  return [...groups.values()];
}
