import type { StoreCollection } from './collection.js';
import { Streams } from './stream.js';

/**
 * Settings with an effective date (an alliance's commission policy, its promotion policy): each save
 * is a new version, in force from its `effectiveFrom` until a later version's, so an admin can schedule
 * a change and every past moment keeps the setting it had.
 */
export interface SettingVersion<T> {
  /** n for fact n of the stream; 0 for the document kept from before settings were versioned. */
  version: number;
  values: T;
  /** Epoch ms; 0 for version 0 (in force since ever). */
  effectiveFrom: number;
  /** ISO; null for version 0 (when it was set was never recorded). */
  setAt: string | null;
  setBy: string | null;
}

/** The version in force at `atMs`: the latest effectiveFrom ≤ at, the higher version on a tie; null: none (the defaults). */
export function policyInForce<T>(versions: readonly SettingVersion<T>[], atMs: number): SettingVersion<T> | null {
  let best: SettingVersion<T> | null = null;
  for (const v of versions) {
    if (v.effectiveFrom > atMs) continue;
    if (!best || v.effectiveFrom > best.effectiveFrom || (v.effectiveFrom === best.effectiveFrom && v.version > best.version)) best = v;
  }
  return best;
}

/** A version's place now: the one in force, one still to come, or one a later version replaced. */
export function versionStatus<T>(versions: readonly SettingVersion<T>[], v: SettingVersion<T>, nowMs: number): 'IN_FORCE' | 'SCHEDULED' | 'SUPERSEDED' {
  if (policyInForce(versions, nowMs)?.version === v.version) return 'IN_FORCE';
  return v.effectiveFrom > nowMs ? 'SCHEDULED' : 'SUPERSEDED';
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

type Fact<T> = Omit<SettingVersion<T>, 'values'> & { values: Partial<T> };

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
 * and any version set since replaces it from its own effective date on.
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
    return r.state.map((f) => ({ ...f, values: this.options.complete(f.values) }));
  }

  private async legacy(allianceId: string): Promise<SettingVersion<T> | null> {
    const doc = (await this.collection.findOne({ _id: allianceId } as never)) as (Partial<T> & { allianceId?: string }) | null;
    if (!doc || doc.allianceId !== allianceId) return null;
    return { version: 0, values: this.options.complete(doc), effectiveFrom: 0, setAt: null, setBy: null };
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
    if (!r.appended) throw new Error('setting version not appended');
    return { ...r.fact, values: this.options.complete(r.fact.values) };
  }
}
