import { connect, type NatsConnection } from '@nats-io/transport-node';

/**
 * Connects to NATS (a comma-separated list of servers for a cluster). The first connection must
 * succeed, so a service started without NATS stops with one clear line; after that the client
 * reconnects forever (a cluster node restarting is routine) and the outbox covers the gap.
 */
export async function connectNats(url: string, name: string): Promise<NatsConnection> {
  const servers = url.split(',').map((s) => s.trim()).filter(Boolean);
  try {
    return await connect({ servers, name, timeout: 5_000, maxReconnectAttempts: -1, reconnectTimeWait: 1_000 });
  } catch (err) {
    throw new Error(`cannot reach NATS at ${url} (${(err as Error).message}); start it (npm start does) or point NATS_URL at a running server`);
  }
}
