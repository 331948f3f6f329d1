import { chmodSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { CACHE_DIR, NATS_SERVER_VERSION } from './paths.js';
import { step } from './log.js';
import { httpOk, run, startProcess, waitFor, type ManagedProcess } from './processes.js';

const MODULE = 'github.com/nats-io/nats-server/v2';

export function natsServerBinary(): string {
  return path.join(CACHE_DIR, 'bin', `nats-server-${NATS_SERVER_VERSION}`);
}

/**
 * Builds nats-server once from its module on the Go proxy. Unlike FerretDB, a plain `go install` of
 * the release works (it reports its own version), so GOBIN points at a scratch folder and the binary
 * is moved into the cache under a versioned name; a rename, so two launchers never see half a file.
 */
export async function ensureNatsServer(): Promise<string> {
  const bin = natsServerBinary();
  if (existsSync(bin)) return bin;
  step(`Building nats-server ${NATS_SERVER_VERSION} with Go (first run only, about a minute)…`);
  mkdirSync(path.dirname(bin), { recursive: true });
  const gobin = mkdtempSync(path.join(path.dirname(bin), '.nats-build-'));
  try {
    await run('go install nats-server', 'go', ['install', '-trimpath', `${MODULE}@${NATS_SERVER_VERSION}`], {
      cwd: gobin,
      env: { ...process.env, GOBIN: gobin, CGO_ENABLED: '0' },
    });
    chmodSync(path.join(gobin, 'nats-server'), 0o755);
    renameSync(path.join(gobin, 'nats-server'), bin);
  } finally {
    rmSync(gobin, { recursive: true, force: true });
  }
  step(`nats-server built: ${bin}`);
  return bin;
}

export interface NatsOptions {
  port: number;
  monitorPort: number;
  /** JetStream's store (streams, consumers, the dev clock bucket). */
  dataDir: string;
  echo: boolean;
}

/** A single nats-server with JetStream, on loopback only; ready once its monitor says JetStream is up. */
export async function startNats(o: NatsOptions): Promise<ManagedProcess> {
  const bin = await ensureNatsServer();
  mkdirSync(o.dataDir, { recursive: true });
  const proc = startProcess(
    'nats',
    bin,
    ['--addr', '127.0.0.1', '--port', String(o.port), '--http_port', String(o.monitorPort), '--jetstream', '--store_dir', o.dataDir, '--server_name', 'alliance-dev'],
    // Its start-up banner is long; the terminal gets warnings and errors, the log file everything.
    { echo: o.echo, echoFilter: (line) => /\[(WRN|ERR|FTL)\]/.test(line) },
  );
  await waitFor('NATS', httpOk(`http://127.0.0.1:${o.monitorPort}/healthz?js-enabled-only=true`), 30_000, proc);
  return proc;
}
