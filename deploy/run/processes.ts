import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { DATA_DIR } from './paths.js';
import { LaunchError, prefixFor } from './log.js';

export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  exited: Promise<number | null>;
}

const running: ManagedProcess[] = [];
let stopping = false;

export interface StartOptions extends SpawnOptions {
  /** Echo output to the terminal (npm start); otherwise only to .data/logs/<name>.log. */
  echo?: boolean;
  /** Filter lines echoed to the terminal (the log file keeps everything). */
  echoFilter?: (line: string) => boolean;
}

/**
 * Starts a child in its own process group so that stopping it also stops whatever it spawned
 * (tsx's node, kc.sh's java). Output goes to a log file and, when asked, to the terminal.
 */
export function startProcess(name: string, command: string, args: string[], opts: StartOptions = {}): ManagedProcess {
  const logDir = path.join(DATA_DIR, 'logs');
  mkdirSync(logDir, { recursive: true });
  const log: WriteStream = createWriteStream(path.join(logDir, `${name}.log`), { flags: 'a' });
  const child = spawn(command, args, { ...opts, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = prefixFor(name);
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    readline.createInterface({ input: stream }).on('line', (line) => {
      log.write(`${line}\n`);
      if (opts.echo && (!opts.echoFilter || opts.echoFilter(line))) process.stdout.write(`${prefix}${line}\n`);
    });
  }
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => {
      log.end();
      resolve(code);
    });
    child.on('error', (err) => {
      log.write(`failed to start: ${err.message}\n`);
      resolve(-1);
    });
  });
  const proc = { name, child, exited };
  running.push(proc);
  // A start-up step that was still in flight when shutdown began must not leave a service behind.
  if (stopping) void stopAll();
  return proc;
}

function signalGroup(p: ManagedProcess, signal: NodeJS.Signals): void {
  if (p.child.pid == null || p.child.exitCode != null) return;
  try {
    process.kill(-p.child.pid, signal);
  } catch {
    /* already gone */
  }
}

/** Stops everything this launcher started, newest first; escalates to SIGKILL after a grace period. */
export async function stopAll(graceMs = 10_000): Promise<void> {
  stopping = true;
  const procs = running.splice(0).reverse();
  for (const p of procs) signalGroup(p, 'SIGTERM');
  await Promise.race([Promise.all(procs.map((p) => p.exited)), new Promise((r) => setTimeout(r, graceMs))]);
  for (const p of procs) signalGroup(p, 'SIGKILL');
}

/** Runs a command to completion (build steps), failing with its output's tail. */
export async function run(name: string, command: string, args: string[], opts: SpawnOptions = {}): Promise<void> {
  const child = spawn(command, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
  let tail = '';
  const keep = (d: Buffer) => {
    tail = (tail + d.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const code = await new Promise<number | null>((resolve) => {
    child.on('exit', resolve);
    child.on('error', (err) => {
      tail += err.message;
      resolve(-1);
    });
  });
  if (code !== 0) throw new LaunchError(`${name} failed (exit ${code}):\n${tail}`);
}

/** Resolves when `probe` succeeds; rejects if the process dies first or time runs out. */
export async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs: number, proc?: ManagedProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let dead = false;
  proc?.exited.then(() => (dead = true));
  while (Date.now() < deadline) {
    if (dead) throw new LaunchError(`${what} exited during start-up; see .data/logs/${proc?.name}.log`);
    if (await probe().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new LaunchError(`${what} did not become ready within ${Math.round(timeoutMs / 1000)} s; see .data/logs/${proc?.name ?? what}.log`);
}

export const httpOk = (url: string) => () =>
  fetch(url, { signal: AbortSignal.timeout(3000) })
    .then((r) => r.ok)
    .catch(() => false);

/**
 * Runs `cleanup` once on Ctrl-C, termination or a closed terminal, then exits with `code`. The services
 * live in their own process groups, so the terminal's signal never reaches them: this is what stops them.
 */
export function onShutdownSignals(cleanup: () => Promise<void>, code = 130): void {
  let done: Promise<void> | null = null;
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => {
      done ??= cleanup().finally(() => process.exit(code));
    });
  }
}
