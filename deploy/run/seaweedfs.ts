import { chmodSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CACHE_DIR, SEAWEEDFS_VERSION } from './paths.js';
import { step } from './log.js';
import { goModuleSource } from './go-module.js';
import { run, startProcess, waitFor, type ManagedProcess } from './processes.js';
import { portInUse } from './prereqs.js';

const MODULE = 'github.com/seaweedfs/seaweedfs';

export function seaweedfsBinary(): string {
  return path.join(CACHE_DIR, 'bin', `weed-${SEAWEEDFS_VERSION}`);
}

/**
 * Builds SeaweedFS's `weed` once from its module on the Go proxy. `go install` refuses the module
 * (its go.mod has replace directives), so like FerretDB we download the module, build inside a
 * writable copy and keep only the binary (about 230 MB; the copy is removed). A rename, so two
 * launchers never see half a file.
 */
export async function ensureSeaweedfs(): Promise<string> {
  const bin = seaweedfsBinary();
  if (existsSync(bin)) return bin;
  step(`Building SeaweedFS ${SEAWEEDFS_VERSION} with Go (first run only, about 3–5 minutes)…`);
  const src = goModuleSource(MODULE, SEAWEEDFS_VERSION, 'seaweedfs');
  mkdirSync(path.dirname(bin), { recursive: true });
  try {
    await run('go build weed', 'go', ['build', '-trimpath', '-o', `${bin}.tmp`, './weed'], {
      cwd: src,
      env: { ...process.env, CGO_ENABLED: '0' },
    });
    chmodSync(`${bin}.tmp`, 0o755);
    renameSync(`${bin}.tmp`, bin);
  } finally {
    rmSync(src, { recursive: true, force: true });
  }
  step(`SeaweedFS built: ${bin}`);
  return bin;
}

export interface SeaweedfsOptions {
  /** The S3 API's port; master, volume and filer take the next three ports' neighbours (see below). */
  s3Port: number;
  dataDir: string;
  /** The S3 access key pair the services sign with. */
  accessKey: string;
  secretKey: string;
  /** Objects under this `bucket/prefix/` are readable without a signature: the photos browsers load. */
  publicRead: string;
  echo: boolean;
}

/**
 * One `weed server -s3` on loopback: master, volume server, filer and S3 gateway in one process.
 * Its internal ports sit beside the S3 port (s3+1 master, s3+2 volume, s3+3 filer; gRPC on
 * each of the four plus 10000), so stacks on shifted ports never collide. Small volumes keep
 * the data folder small: SeaweedFS preallocates a volume's size limit lazily, and 64 MB × 20 is
 * plenty for photos in development and tests.
 */
export async function startSeaweedfs(o: SeaweedfsOptions): Promise<ManagedProcess> {
  const bin = await ensureSeaweedfs();
  mkdirSync(o.dataDir, { recursive: true });
  const config = path.join(o.dataDir, 's3.json');
  writeFileSync(
    config,
    JSON.stringify({
      identities: [
        { name: 'alliance', credentials: [{ accessKey: o.accessKey, secretKey: o.secretKey }], actions: ['Admin', 'Read', 'List', 'Tagging', 'Write'] },
        // Renditions are public (like a CDN's origin); sheets, exports and raw uploads are not.
        { name: 'anonymous', actions: [`Read:${o.publicRead}/*`] },
      ],
    }),
    { mode: 0o600 },
  );
  const proc = startProcess(
    'seaweedfs',
    bin,
    [
      'server',
      `-dir=${o.dataDir}`,
      '-ip=127.0.0.1',
      '-ip.bind=127.0.0.1',
      `-master.port=${o.s3Port + 1}`,
      `-volume.port=${o.s3Port + 2}`,
      `-filer.port=${o.s3Port + 3}`,
      '-s3',
      `-s3.port=${o.s3Port}`,
      `-s3.port.grpc=${o.s3Port + 10_000}`,
      `-master.port.grpc=${o.s3Port + 10_001}`,
      `-volume.port.grpc=${o.s3Port + 10_002}`,
      `-filer.port.grpc=${o.s3Port + 10_003}`,
      // Off: the Iceberg and Lance catalogues (fixed default ports two stacks would share) and the
      // master's telemetry (this machine has no internet, and a shop's data stays home).
      '-s3.port.iceberg=0',
      '-s3.port.lance=0',
      '-master.telemetry=false',
      `-s3.config=${config}`,
      '-master.volumeSizeLimitMB=64',
      '-volume.max=20',
    ],
    // SeaweedFS logs every heartbeat at info level; the terminal gets errors only, less the STS notice
    // (we sign with static keys and use no STS, which it reports as an error at every start).
    { echo: o.echo, echoFilter: (line) => /^[EF]\d{4}/.test(line) && !line.includes('no signing key found for STS') },
  );
  await waitFor('SeaweedFS S3', () => portInUse(o.s3Port), 60_000, proc);
  return proc;
}
