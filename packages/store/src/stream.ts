import { isDuplicateKey } from './mongo.js';
import { sleep, type StoreCollection } from './collection.js';

/**
 * Append-only streams: the one primitive for contended writes, and the shape of every list that grows.
 *
 * A fact lives at `_id = <streamId>:<version padded to 10 digits>` (so `_id` order is version order)
 * and its insert decides the race: a duplicate key means another writer took that version. A head
 * document at `_id = <streamId>` holds the version (and optionally a small projected state). The head
 * is written after the fact and is only a hint: after a crash, or when a slow writer lands late, it can
 * lag, so the version is the head's version plus whatever facts exist beyond it (probed by `_id`).
 * Every read here is a `{_id: value}` read, the one filter FerretDB v1 pushes down; pages are parallel
 * `_id` reads, never `$in` or ranges.
 */

const PAD = 10;
const MAX_VERSION = 10 ** PAD - 1;
/** Facts fetched in parallel per round when a reader catches up. */
const READ_BATCH = 32;

export interface StreamFact<F> {
  version: number;
  data: F;
}

export type AppendResult = { ok: true; version: number } | { ok: false; conflict: true; currentVersion: number };

export interface AppendOptions<S> {
  /** The projected state after this fact, stored in the head so readers need not replay the stream. */
  state?: S;
}

export interface Projection<F, S> {
  initial: S;
  evolve(state: S, fact: F, version: number): S;
}

export interface AppendWithRetryOptions<F, S> {
  /** Folds facts into the state `decide` sees; the result is kept in the head. */
  projection?: Projection<F, S>;
  /** Attempts before giving up with VersionConflict (default 10). */
  maxAttempts?: number;
}

export type AppendWithRetryResult<F, S> =
  | { appended: true; version: number; fact: F; state: S }
  | { appended: false; version: number; state: S };

/** Another writer kept winning the version this writer needed. */
export class VersionConflict extends Error {
  readonly code = 'VERSION_CONFLICT';
  constructor(
    readonly streamId: string,
    readonly expectedVersion: number,
    readonly currentVersion: number,
  ) {
    super(`stream ${streamId} is at version ${currentVersion}, not ${expectedVersion}`);
    this.name = 'VersionConflict';
  }
}

export function factId(streamId: string, version: number): string {
  return `${streamId}:${String(version).padStart(PAD, '0')}`;
}

interface FactDoc<F> {
  _id: string;
  kind: 'fact';
  streamId: string;
  version: number;
  data: F;
}

interface HeadDoc<S> {
  _id: string;
  kind: 'head';
  version: number;
  /** Tagged with its own version: the head's version and state are written by different updates. */
  snapshot?: { version: number; state: S };
}

export class Streams {
  constructor(private readonly collection: StoreCollection) {}

  /**
   * Appends `fact` as version `expectedVersion + 1` if the stream is at `expectedVersion`. Loses (and
   * says at which version the stream is) when another writer got there first.
   */
  async append<F, S = never>(streamId: string, expectedVersion: number, fact: F, options: AppendOptions<S> = {}): Promise<AppendResult> {
    checkStreamId(streamId);
    checkVersion(expectedVersion);
    // Facts are never deleted, so if fact `expectedVersion` exists, `expectedVersion + 1` can only be
    // taken contiguously; without this read a too-high expected version would leave a gap.
    if (expectedVersion > 0 && !(await this.readFact(streamId, expectedVersion))) {
      return { ok: false, conflict: true, currentVersion: await this.streamVersion(streamId) };
    }
    if (await this.insertFact(streamId, expectedVersion, fact, options)) return { ok: true, version: expectedVersion + 1 };
    return { ok: false, conflict: true, currentVersion: await this.streamVersion(streamId) };
  }

  /** The stream's version: the head's, then forward `_id` probes past a lagging head. */
  async streamVersion(streamId: string): Promise<number> {
    checkStreamId(streamId);
    const head = await this.readHead(streamId);
    return this.probeForward(streamId, head?.version ?? 0);
  }

  /**
   * The head's version alone, one `_id` read: what a hot path compares its cache with. It can lag
   * the stream after a crash (until the next append moves it); `streamVersion` is exact.
   */
  async headVersion(streamId: string): Promise<number> {
    checkStreamId(streamId);
    return (await this.readHead(streamId))?.version ?? 0;
  }

  /** Facts in version order from `fromVersion` (default 1), at most `limit` (default 100). */
  async readStream<F>(streamId: string, options: { fromVersion?: number; limit?: number } = {}): Promise<StreamFact<F>[]> {
    checkStreamId(streamId);
    const from = options.fromVersion ?? 1;
    const limit = options.limit ?? 100;
    if (!Number.isSafeInteger(from) || from < 1) throw new RangeError('fromVersion starts at 1');
    if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError('limit must be a positive integer');
    const head = (await this.readHead(streamId))?.version ?? 0;
    const out: StreamFact<F>[] = [];
    let next = from;
    // Up to the head the facts are known to exist: read them in parallel. Past it, probe until a miss.
    while (out.length < limit) {
      const known = Math.max(0, Math.min(head - next + 1, limit - out.length, READ_BATCH));
      const ids = range(next, known > 0 ? known : 1);
      const facts = await Promise.all(ids.map((v) => this.readFact<F>(streamId, v)));
      let missed = false;
      for (const f of facts) {
        if (!f) {
          missed = true;
          break;
        }
        out.push({ version: f.version, data: f.data });
      }
      if (missed) break;
      next += ids.length;
    }
    return out;
  }

  /**
   * Newest first: the `limit` facts before `beforeVersion` (default: the newest). A page is `limit`
   * parallel `_id` reads; the next page is `beforeVersion = <last version returned>`.
   */
  async readBackward<F>(streamId: string, options: { beforeVersion?: number; limit: number }): Promise<StreamFact<F>[]> {
    checkStreamId(streamId);
    const { limit } = options;
    if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError('limit must be a positive integer');
    let top: number;
    if (options.beforeVersion === undefined) top = await this.streamVersion(streamId);
    else {
      if (!Number.isSafeInteger(options.beforeVersion) || options.beforeVersion < 1) throw new RangeError('beforeVersion starts at 1');
      top = options.beforeVersion - 1;
    }
    const low = Math.max(1, top - limit + 1);
    if (top < low) return [];
    const facts = await Promise.all(range(low, top - low + 1).map((v) => this.readFact<F>(streamId, v)));
    // A client's cursor may point past the end: missing versions are simply not there yet.
    return facts
      .filter((f): f is FactDoc<F> => f !== null)
      .reverse()
      .map((f) => ({ version: f.version, data: f.data }));
  }

  /**
   * The read-decide-append loop: reads the state (the head's snapshot plus any newer facts), asks
   * `decide` for the next fact (null: nothing to append) and appends it; when another writer wins it
   * folds in the winner's facts and decides again, up to `maxAttempts` times.
   */
  async appendWithRetry<F, S = undefined>(
    streamId: string,
    decide: (state: S, version: number) => F | null,
    options: AppendWithRetryOptions<F, S> = {},
  ): Promise<AppendWithRetryResult<F, S>> {
    checkStreamId(streamId);
    const maxAttempts = options.maxAttempts ?? 10;
    const projection = options.projection;
    const head = await this.readHead<S>(streamId);
    let state = (projection?.initial as S) ?? (undefined as S);
    let version = 0;
    if (projection && head?.snapshot) ({ version, state } = head.snapshot);
    else if (!projection) version = head?.version ?? 0;
    ({ version, state } = await this.catchUp(streamId, version, state, projection, head?.version ?? 0));
    for (let attempt = 1; ; attempt++) {
      const fact = decide(state, version);
      if (fact === null) return { appended: false, version, state };
      const next = projection ? projection.evolve(state, fact, version + 1) : state;
      if (await this.insertFact(streamId, version, fact, projection ? { state: next } : {})) {
        return { appended: true, version: version + 1, fact, state: next };
      }
      if (attempt >= maxAttempts) throw new VersionConflict(streamId, version, await this.streamVersion(streamId));
      // The winner's fact (version + 1) exists: catch up from there, no head read needed.
      ({ version, state } = await this.catchUp(streamId, version, state, projection, version + 1));
      // Jitter spreads the losers out so the next round is not the same stampede.
      await sleep(Math.random() * Math.min(5 * attempt, 50));
    }
  }

  /**
   * Appends a fact whose content does not depend on the stream's state (an entry of a list, a message,
   * a count that folds commutatively) at the next free version, whichever it is: a loser does not
   * re-decide or back off, it takes the next slot, so N concurrent appenders cost about N failed
   * inserts in all instead of rounds of retries. With a projection, the head's snapshot is brought
   * to the new version (readers then fold nothing).
   */
  async appendAnywhere<F, S = never>(
    streamId: string,
    fact: F,
    options: {
      projection?: Projection<F, S>;
      maxAttempts?: number;
      /** Crash recovery: skip the append when one of the newest `limit` facts is this one already. */
      unlessAmongNewest?: { limit: number; same: (fact: F) => boolean };
    } = {},
  ): Promise<{ version: number }> {
    checkStreamId(streamId);
    if (options.unlessAmongNewest) {
      const { limit, same } = options.unlessAmongNewest;
      const found = (await this.readBackward<F>(streamId, { limit })).find((f) => same(f.data));
      if (found) return { version: found.version };
    }
    const maxAttempts = options.maxAttempts ?? 1000;
    let version = await this.streamVersion(streamId);
    for (let attempt = 1; ; attempt++) {
      if (await this.insertFact(streamId, version, fact, {})) break;
      if (attempt >= maxAttempts) throw new VersionConflict(streamId, version, await this.streamVersion(streamId));
      version = await this.probeForward(streamId, version + 1);
    }
    const landed = version + 1;
    if (options.projection) {
      const head = await this.readHead<S>(streamId);
      // A later writer already folded our fact into the snapshot: nothing to bring forward.
      if (head?.snapshot && head.snapshot.version >= landed) return { version: landed };
      const from = head?.snapshot ?? { version: 0, state: options.projection.initial };
      const { version: at, state } = await this.catchUp(streamId, from.version, from.state, options.projection, landed);
      // A newer snapshot may have been written meanwhile: never replace it with an older one.
      const current = (await this.readHead<S>(streamId))?.snapshot?.version ?? 0;
      if (at === landed && current < landed) await this.advanceHead(streamId, landed, { state });
    }
    return { version: landed };
  }

  /**
   * Inserts version `expectedVersion + 1` (the caller knows fact `expectedVersion` exists); false when
   * another writer holds that version.
   */
  private async insertFact<F, S>(streamId: string, expectedVersion: number, fact: F, options: AppendOptions<S>): Promise<boolean> {
    const version = expectedVersion + 1;
    if (version > MAX_VERSION) throw new RangeError(`stream ${streamId} is full`);
    const doc: FactDoc<F> = { _id: factId(streamId, version), kind: 'fact', streamId, version, data: fact };
    try {
      await this.collection.insertOne(doc as never);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      return false;
    }
    await this.advanceHead(streamId, version, options);
    return true;
  }

  /**
   * `$max` keeps the head from moving back on MongoDB; on FerretDB v1 the update is not atomic and a
   * slow writer can still set an older version, which readers tolerate by probing forward. The
   * snapshot carries its own version, so a state is never paired with the wrong version.
   */
  private async advanceHead<S>(streamId: string, version: number, options: AppendOptions<S>): Promise<void> {
    const update = {
      $max: { version },
      $set: { kind: 'head', ...(options.state !== undefined ? { snapshot: { version, state: options.state } } : {}) },
    };
    for (let attempt = 0; attempt < 4; attempt++) {
      try {
        await this.collection.updateOne({ _id: streamId } as never, update, { upsert: true });
      } catch (err) {
        // Two first appends upserting the head at once: one insert loses; the head now exists.
        if (isDuplicateKey(err)) continue;
        // The fact is stored, which is what counts; a head left behind only costs readers a probe.
        return;
      }
      // On FerretDB a slower writer's `$max` can land after ours and set the head back: check, so
      // hot paths that read the head alone (`headVersion`) are not left a version behind.
      if (((await this.readHead(streamId))?.version ?? 0) >= version) return;
    }
  }

  private async catchUp<F, S>(
    streamId: string,
    version: number,
    state: S,
    projection: Projection<F, S> | undefined,
    knownVersion: number,
  ): Promise<{ version: number; state: S }> {
    if (!projection) return { version: await this.probeForward(streamId, Math.max(version, knownVersion)), state };
    for (;;) {
      const count = Math.max(1, Math.min(READ_BATCH, knownVersion - version));
      const facts = await Promise.all(range(version + 1, count).map((v) => this.readFact<F>(streamId, v)));
      for (const f of facts) {
        if (!f) return { version, state };
        state = projection.evolve(state, f.data, f.version);
        version = f.version;
      }
    }
  }

  private async probeForward(streamId: string, from: number): Promise<number> {
    let version = from;
    while (await this.collection.findOne({ _id: factId(streamId, version + 1) } as never, { projection: { _id: 1 } })) version += 1;
    return version;
  }

  private async readHead<S>(streamId: string): Promise<HeadDoc<S> | null> {
    return (await this.collection.findOne({ _id: streamId } as never)) as HeadDoc<S> | null;
  }

  private async readFact<F>(streamId: string, version: number): Promise<FactDoc<F> | null> {
    return (await this.collection.findOne({ _id: factId(streamId, version) } as never)) as FactDoc<F> | null;
  }
}

function checkStreamId(streamId: string): void {
  if (typeof streamId !== 'string' || streamId.length === 0) throw new TypeError('a stream id must be a non-empty string');
  // Such a stream's head would share its `_id` with another stream's fact.
  if (/:\d{10}$/.test(streamId)) throw new TypeError(`stream id ${streamId} must not end like a fact id`);
}

function checkVersion(version: number): void {
  if (!Number.isSafeInteger(version) || version < 0 || version >= MAX_VERSION) throw new RangeError(`bad stream version ${version}`);
}

function range(from: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => from + i);
}
