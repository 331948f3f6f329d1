import type { StoreCollection } from './collection.js';
import { Streams } from './stream.js';

/**
 * Settings with an effective date (an alliance's commission policy, its promotion policy): each save
 * is a new version, in force from its `effectiveFrom` until a later version's, so an admin can schedule
 * a change and every past moment keeps the setting it had.
 */
export interface SettingVersion<T> {
  /**
   * n for fact n of the stream; 0 for the document kept from before settings were versioned. Cancellations
   * are facts of the stream too, so the numbers are unique but may skip.
   */
  version: number;
  values: T;
  /** Epoch ms; 0 for version 0 (in force since ever). */
  effectiveFrom: number;
  /** ISO; null for version 0 (when it was set was never recorded). */
  setAt: string | null;
  setBy: string | null;
  /** ISO: when an admin cancelled it while it was still to come (a cancelled version never comes in force). */
  cancelledAt?: string | null;
  cancelledBy?: string | null;
}

/** What a reader needs to know of a version to rank it or to cancel it. */
export interface VersionLike {
  version: number;
  /** Epoch ms. */
  effectiveFrom: number;
  cancelledAt?: string | null;
}

export type VersionStatus = 'IN_FORCE' | 'SCHEDULED' | 'SUPERSEDED' | 'CANCELLED';
export type CancelProblem = 'NOT_FOUND' | 'ALREADY_CANCELLED' | 'NOT_SCHEDULED';

/**
 * The version in force at `atMs`: the latest effectiveFrom ≤ at, the higher version on a tie; null: none
 * (the defaults). Cancelled versions are skipped, as if never saved.
 */
export function policyInForce<V extends VersionLike>(versions: readonly V[], atMs: number): V | null {
  let best: V | null = null;
  for (const v of versions) {
    if (v.effectiveFrom > atMs || v.cancelledAt) continue;
    if (!best || v.effectiveFrom > best.effectiveFrom || (v.effectiveFrom === best.effectiveFrom && v.version > best.version)) best = v;
  }
  return best;
}

/** A version's place now: the one in force, one still to come, one a later version replaced, or one cancelled before its time. */
export function versionStatus<V extends VersionLike>(versions: readonly V[], v: V, nowMs: number): VersionStatus {
  if (v.cancelledAt) return 'CANCELLED';
  if (policyInForce(versions, nowMs)?.version === v.version) return 'IN_FORCE';
  return v.effectiveFrom > nowMs ? 'SCHEDULED' : 'SUPERSEDED';
}

/**
 * Whether version `n` may be cancelled at `nowMs`: only one that exists, is not cancelled already and
 * has not started yet (strictly after now: a version in force, or one whose instant has passed, stays,
 * since orders may already have been priced by it). Null: it may.
 */
export function cancellationProblem(versions: readonly VersionLike[], n: number, nowMs: number): CancelProblem | null {
  const v = versions.find((x) => x.version === n);
  if (!v) return 'NOT_FOUND';
  if (v.cancelledAt) return 'ALREADY_CANCELLED';
  if (v.effectiveFrom <= nowMs) return 'NOT_SCHEDULED';
  return null;
}

/** The house's userError for a refused cancellation (field: the `version` argument). */
export function cancelUserError(problem: CancelProblem, n: number): { code: CancelProblem; message: string; field: string[] } {
  const message =
    problem === 'NOT_FOUND' ? `there is no version ${n}` : problem === 'ALREADY_CANCELLED' ? `version ${n} is cancelled already` : `version ${n} is in force or past: only a version still to come can be cancelled`;
  return { code: problem, message, field: ['version'] };
}

/** A minute of slack: "now" from a form is a little in the past by the time it arrives. */
export const EFFECTIVE_GRACE_MS = 60_000;

/** When a new version starts: left out, now; not a date, or before now less the grace, refused. */
export function effectiveFromOf(input: string | Date | null | undefined, nowMs: number): { ms: number } | { problem: 'INVALID_DATE' | 'EFFECTIVE_IN_PAST' } {
  if (input === null || input === undefined || input === '') return { ms: nowMs };
  const ms = input instanceof Date ? input.getTime() : Date.parse(input);
  if (!Number.isFinite(ms)) return { problem: 'INVALID_DATE' };
  if (ms < nowMs - EFFECTIVE_GRACE_MS) return { problem: 'EFFECTIVE_IN_PAST' };
  return { ms };
}

type VersionFact<T> = Omit<SettingVersion<T>, 'values' | 'cancelledAt' | 'cancelledBy'> & { values: Partial<T> };
/** Appended to the same stream: version `cancels` will not come in force. It takes a stream slot but is no version. */
export interface CancelFact {
  cancels: number;
  setAt: string;
  setBy: string;
}
type Fact<T> = VersionFact<T> | CancelFact;

const isCancel = (f: object): f is CancelFact => typeof (f as CancelFact).cancels === 'number';

/**
 * The versions a stream's facts hold, oldest first: each version fact is a version (its number is its
 * stream position), each cancellation marks the version it names. A cancellation occupies a stream
 * position too, so version numbers stay unique but may skip the numbers cancellations took.
 */
export function foldSettingFacts<V extends { version: number }>(facts: readonly (V | CancelFact)[]): (V & { cancelledAt?: string | null; cancelledBy?: string | null })[] {
  const out: (V & { cancelledAt?: string | null; cancelledBy?: string | null })[] = [];
  for (const f of facts) {
    if (!isCancel(f)) out.push({ ...f });
    else {
      const i = out.findIndex((v) => v.version === f.cancels);
      if (i >= 0 && !out[i]!.cancelledAt) out[i] = { ...out[i]!, cancelledAt: f.setAt, cancelledBy: f.setBy };
    }
  }
  return out;
}

export interface VersionedSettingsOptions<T> {
  /** Names the stream beside the alliance: `<allianceId>:<name>`. */
  name: string;
  /** Fills what a version stored before a field existed leaves out (and drops what is not a value). */
  complete: (stored: Partial<T> | null | undefined) => T;
}

const projection = { initial: [] as Fact<unknown>[], evolve: (all: Fact<unknown>[], f: Fact<unknown>) => [...all, f] };

/**
 * One setting per alliance as an append stream (version n is fact n, so two admins saving at once get
 * n and n+1, neither lost) whose head keeps every version (an alliance has a handful): a read is the
 * head and one probe by `_id`. The single document an alliance had before (`_id` = the alliance, in the
 * same collection) is left as it is and read as version 0, in force since ever: nothing to migrate,
 * and any version set since replaces it from its own effective date on. A version still to come can be
 * cancelled by a further fact (`{ cancels: n }`); readers then skip it.
 */
export class VersionedSettings<T> {
  private readonly streams: Streams;
  constructor(
    private readonly collection: StoreCollection,
    private readonly options: VersionedSettingsOptions<T>,
  ) {
    this.streams = new Streams(collection);
  }

  private streamId(allianceId: string): string {
    return `${allianceId}:${this.options.name}`;
  }

  private async stored(allianceId: string): Promise<SettingVersion<T>[]> {
    const r = await this.streams.appendWithRetry<Fact<T>, Fact<T>[]>(this.streamId(allianceId), () => null, { projection: projection as never });
    return this.versionsOf(r.state);
  }

  private versionsOf(facts: readonly Fact<T>[]): SettingVersion<T>[] {
    return foldSettingFacts<VersionFact<T>>(facts).map((f) => ({ ...f, values: this.options.complete(f.values), cancelledAt: f.cancelledAt ?? null, cancelledBy: f.cancelledBy ?? null }));
  }

  private async legacy(allianceId: string): Promise<SettingVersion<T> | null> {
    const doc = (await this.collection.findOne({ _id: allianceId } as never)) as (Partial<T> & { allianceId?: string }) | null;
    if (!doc || doc.allianceId !== allianceId) return null;
    return { version: 0, values: this.options.complete(doc), effectiveFrom: 0, setAt: null, setBy: null, cancelledAt: null, cancelledBy: null };
  }

  /** Every version, oldest first (version 0 first when the alliance had a setting before versions). */
  async versions(allianceId: string): Promise<SettingVersion<T>[]> {
    const [old, stored] = await Promise.all([this.legacy(allianceId), this.stored(allianceId)]);
    return old ? [old, ...stored] : stored;
  }

  /** The values in force at `atMs` (the defaults when none is). */
  async at(allianceId: string, atMs: number): Promise<T> {
    const inForce = policyInForce(await this.stored(allianceId), atMs) ?? (await this.legacy(allianceId));
    return inForce ? inForce.values : this.options.complete(null);
  }

  async add(allianceId: string, v: { values: T; effectiveFrom: number; setAt: string; setBy: string }): Promise<SettingVersion<T>> {
    const r = await this.streams.appendWithRetry<Fact<T>, Fact<T>[]>(this.streamId(allianceId), (_, version) => ({ version: version + 1, ...v }), { projection: projection as never });
    if (!r.appended || isCancel(r.fact)) throw new Error('setting version not appended');
    return { ...r.fact, values: this.options.complete(r.fact.values), cancelledAt: null, cancelledBy: null };
  }

  /**
   * Cancels version `n` if it is still to come at `now()` (read inside the decision, so a retry after
   * losing a race decides again against the newer facts and the clock): a fact appended to the same
   * stream, never an update, so two admins cancelling at once leave one cancellation and one
   * ALREADY_CANCELLED.
   */
  async cancel(allianceId: string, n: number, by: { now: () => number; setBy: string }): Promise<{ version: SettingVersion<T> } | { problem: CancelProblem }> {
    const old = await this.legacy(allianceId);
    let problem: CancelProblem | null = null;
    const r = await this.streams.appendWithRetry<Fact<T>, Fact<T>[]>(
      this.streamId(allianceId),
      (facts) => {
        const nowMs = by.now();
        const versions: VersionLike[] = [...(old ? [old] : []), ...this.versionsOf(facts)];
        problem = cancellationProblem(versions, n, nowMs);
        return problem ? null : { cancels: n, setAt: new Date(nowMs).toISOString(), setBy: by.setBy };
      },
      { projection: projection as never },
    );
    if (!r.appended) return { problem: problem ?? 'NOT_FOUND' };
    const cancelled = this.versionsOf(r.state).find((v) => v.version === n);
    if (!cancelled) throw new Error('cancelled version not found');
    return { version: cancelled };
  }
}
