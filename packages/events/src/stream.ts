import { JetStreamApiError, RetentionPolicy, StorageType, type JetStreamManager, type StreamConfig } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { SUBJECT_PREFIX } from './envelope.js';

export const STREAM = 'ALLIANCE';
const STREAM_NOT_FOUND = 10059;

export interface StreamOptions {
  /** 1 for a single local server, 3 in a cluster (compose, Kubernetes). */
  replicas: number;
  /** How long JetStream remembers a Nats-Msg-Id to drop a republished duplicate. */
  duplicateWindowMs?: number;
  /** How long events stay in the stream (durable consumers that fall further behind lose them). */
  maxAgeMs?: number;
}

/** The settings we own; anything else an operator set on the stream is left alone. */
export function streamSettings(o: StreamOptions): Partial<StreamConfig> {
  return {
    subjects: [`${SUBJECT_PREFIX}>`],
    num_replicas: o.replicas,
    duplicate_window: nanos(o.duplicateWindowMs ?? 10 * 60_000),
    max_age: nanos(o.maxAgeMs ?? 30 * 24 * 3_600_000),
  };
}

/** Creates the one event stream, or brings an existing one to our settings; safe on every start. */
export async function ensureStream(jsm: JetStreamManager, o: StreamOptions): Promise<void> {
  const wanted = streamSettings(o);
  try {
    const { config } = await jsm.streams.info(STREAM);
    const differs = (Object.keys(wanted) as Array<keyof StreamConfig>).some((k) => JSON.stringify(config[k]) !== JSON.stringify(wanted[k]));
    if (differs) await jsm.streams.update(STREAM, { ...config, ...wanted });
  } catch (err) {
    if (!(err instanceof JetStreamApiError) || err.code !== STREAM_NOT_FOUND) throw err;
    await jsm.streams
      .add({ name: STREAM, storage: StorageType.File, retention: RetentionPolicy.Limits, ...wanted })
      .catch(async (addErr: unknown) => {
        // Another replica created it between our info and add: that is the outcome we wanted.
        await jsm.streams.info(STREAM).catch(() => Promise.reject(addErr));
      });
  }
}
