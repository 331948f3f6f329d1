import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import mongoose from 'mongoose';
import type { StackEndpoints } from '@alliance/testing';
import { REPO_ROOT } from './paths.js';
import { step } from './log.js';
import { checkPrerequisites, requireFreePorts } from './prereqs.js';
import { startFerretdb } from './ferretdb.js';
import { startKeycloak } from './keycloak.js';
import { startNats } from './nats.js';
import { startSeaweedfs } from './seaweedfs.js';
import { DEV_S3_ACCESS_KEY_ID, DEV_S3_BUCKET, DEV_S3_SECRET_ACCESS_KEY } from '../../subgraphs/merchants/src/config.js';
import { httpOk, run, startProcess, waitFor } from './processes.js';

export interface StackPorts {
  ferretdb: number;
  nats: number;
  natsMonitor: number;
  keycloak: number;
  keycloakManagement: number;
  merchants: number;
  members: number;
  promotions: number;
  commissions: number;
  gateway: number;
  web: number;
  /** SeaweedFS's S3 API; its master, volume and filer take the next three ports. */
  s3: number;
}

export const DEV_PORTS: StackPorts = { ferretdb: 27017, nats: 4222, natsMonitor: 8222, keycloak: 8080, keycloakManagement: 9000, merchants: 4001, members: 4002, promotions: 4003, commissions: 4004, gateway: 4000, web: 3000, s3: 8333 };

export interface StackOptions {
  ports: StackPorts;
  /** Existing servers to use instead of the embedded ones. */
  mongodbUri?: string;
  natsUrl?: string;
  keycloakUrl?: string;
  /** An existing S3-compatible storage (with S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY in the environment). */
  s3Endpoint?: string;
  /** Folder for embedded FerretDB, NATS and Keycloak data. */
  dataDir: string;
  database: string;
  reset: boolean;
  web: boolean;
  /** Start (or use) Keycloak; the benchmark's anonymous storefront load needs none. */
  identity?: boolean;
  echo: boolean;
  seed: boolean;
  /** Extra environment for the Node services (tests turn metrics on). */
  serviceEnv?: Record<string, string>;
}

export type Stack = StackEndpoints;

const tsx = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (['node_modules', '.next', 'e2e', 'test-results'].includes(entry.name)) continue;
    const p = path.join(dir, entry.name);
    // A directory's own time too: removing a file changes nothing else.
    newest = Math.max(newest, statSync(p).mtimeMs, entry.isDirectory() ? newestMtime(p) : 0);
  }
  return newest;
}

/** Builds the portal when it has never been built or its sources changed since the last build. */
async function ensurePortalBuild(): Promise<void> {
  const web = path.join(REPO_ROOT, 'web');
  const buildId = path.join(web, '.next', 'BUILD_ID');
  if (existsSync(buildId) && statSync(buildId).mtimeMs > newestMtime(web)) return;
  step('Building the portal (next build, about a minute)…');
  await run('next build', 'npm', ['run', 'build', '--workspace', '@alliance/web'], {
    cwd: REPO_ROOT,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
  });
}

/** A per-installation portal session key, kept so sign-ins survive restarts; never committed. */
function portalSessionSecret(dataDir: string): string {
  const file = path.join(dataDir, 'portal-session-secret');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

export async function dropDatabase(uri: string): Promise<void> {
  const conn = await mongoose.createConnection(uri, { serverSelectionTimeoutMS: 10_000 }).asPromise();
  await conn.dropDatabase();
  await conn.close();
}

/** Starts the whole alliance stack; `stopAll()` from processes.ts stops it. */
export async function startStack(o: StackOptions): Promise<Stack> {
  const embeddedDb = !o.mongodbUri;
  const embeddedNats = !o.natsUrl;
  const embeddedS3 = !o.s3Endpoint;
  const withIdentity = o.identity ?? true;
  const embeddedKc = withIdentity && !o.keycloakUrl;
  checkPrerequisites({ go: embeddedDb || embeddedNats || embeddedS3, java: embeddedKc });
  const ports: Record<string, number> = { merchants: o.ports.merchants, members: o.ports.members, promotions: o.ports.promotions, commissions: o.ports.commissions, gateway: o.ports.gateway };
  if (o.web) ports.portal = o.ports.web;
  if (embeddedDb) ports.FerretDB = o.ports.ferretdb;
  if (embeddedNats) {
    ports.NATS = o.ports.nats;
    ports['NATS monitoring'] = o.ports.natsMonitor;
  }
  if (embeddedS3) {
    ports['SeaweedFS S3'] = o.ports.s3;
    ports['SeaweedFS S3 gRPC'] = o.ports.s3 + 10_000;
    for (const [i, role] of ['master', 'volume', 'filer'].entries()) {
      ports[`SeaweedFS ${role}`] = o.ports.s3 + 1 + i;
      ports[`SeaweedFS ${role} gRPC`] = o.ports.s3 + 10_001 + i;
    }
  }
  if (embeddedKc) {
    ports.Keycloak = o.ports.keycloak;
    ports['Keycloak management'] = o.ports.keycloakManagement;
  }
  await requireFreePorts(ports);

  const ferretDir = path.join(o.dataDir, 'ferretdb');
  const keycloakDir = path.join(o.dataDir, 'keycloak');
  const natsDir = path.join(o.dataDir, 'nats');
  const s3Dir = path.join(o.dataDir, 'seaweedfs');
  if (o.reset && embeddedDb) rmSync(ferretDir, { recursive: true, force: true });
  if (o.reset && embeddedNats) rmSync(natsDir, { recursive: true, force: true });
  if (o.reset && embeddedKc) rmSync(keycloakDir, { recursive: true, force: true });
  if (o.reset && embeddedS3) rmSync(s3Dir, { recursive: true, force: true });

  // Keycloak is the slow one: start it first and bring up everything else while it boots.
  const keycloak = embeddedKc
    ? startKeycloak({ port: o.ports.keycloak, managementPort: o.ports.keycloakManagement, dataDir: keycloakDir, echo: o.echo })
    : Promise.resolve({ url: o.keycloakUrl ?? 'http://127.0.0.1:9' });
  keycloak.catch(() => undefined); // observed below; avoid an unhandled rejection while we wait on others

  let natsUrl = o.natsUrl ?? '';
  if (embeddedNats) {
    step(`Starting NATS JetStream on :${o.ports.nats} (data in ${path.relative(REPO_ROOT, natsDir) || natsDir}, monitoring on :${o.ports.natsMonitor})…`);
    await startNats({ port: o.ports.nats, monitorPort: o.ports.natsMonitor, dataDir: natsDir, echo: o.echo });
    natsUrl = `nats://127.0.0.1:${o.ports.nats}`;
  }

  let s3Endpoint = o.s3Endpoint ?? '';
  if (embeddedS3) {
    step(`Starting SeaweedFS (S3) on :${o.ports.s3} (data in ${path.relative(REPO_ROOT, s3Dir) || s3Dir})…`);
    await startSeaweedfs({ s3Port: o.ports.s3, dataDir: s3Dir, accessKey: DEV_S3_ACCESS_KEY_ID, secretKey: DEV_S3_SECRET_ACCESS_KEY, publicRead: `${DEV_S3_BUCKET}/public`, echo: o.echo });
    s3Endpoint = `http://127.0.0.1:${o.ports.s3}`;
  }

  let mongodbUri = o.mongodbUri ?? '';
  if (embeddedDb) {
    step(`Starting FerretDB on :${o.ports.ferretdb} (SQLite data in ${path.relative(REPO_ROOT, ferretDir) || ferretDir})…`);
    await startFerretdb(o.ports.ferretdb, ferretDir, o.echo);
    mongodbUri = `mongodb://127.0.0.1:${o.ports.ferretdb}/${o.database}`;
  } else if (o.reset) {
    step(`--reset: dropping database of ${mongodbUri.replace(/\/\/[^@]*@/, '//***@')}`);
    await dropDatabase(mongodbUri);
  }
  if (o.seed) {
    step('Seeding the demo alliance…');
    await run('seed', tsx, ['subgraphs/merchants/src/seed/seed.cli.ts'], { cwd: REPO_ROOT, env: { ...process.env, MONGODB_URI: mongodbUri } });
  }
  if (o.web) await ensurePortalBuild();
  const { url: keycloakUrl } = await keycloak;

  const common = {
    ...process.env,
    ...o.serviceEnv,
    MONGODB_URI: mongodbUri,
    NATS_URL: natsUrl,
    KEYCLOAK_URL: keycloakUrl,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
  };
  const storageEnv = { S3_ENDPOINT: s3Endpoint, ...(o.web ? { PORTAL_URL: `http://localhost:${o.ports.web}` } : {}) };
  const merchantsUrl = `http://localhost:${o.ports.merchants}/graphql`;
  const membersUrl = `http://localhost:${o.ports.members}/graphql`;
  const promotionsUrl = `http://localhost:${o.ports.promotions}/graphql`;
  const commissionsUrl = `http://localhost:${o.ports.commissions}/graphql`;
  // The development SMS provider writes here (and to the members log): where a demo user finds a code.
  const smsFile = path.join(o.dataDir, 'sms.jsonl');
  step('Starting the merchants, members, promotions and commissions subgraphs…');
  const merchants = startProcess('merchants', tsx, ['subgraphs/merchants/src/main.ts'], { cwd: REPO_ROOT, echo: o.echo, env: { ...common, ...storageEnv, PORT: String(o.ports.merchants), PROMOTIONS_URL: promotionsUrl, MEMBERS_URL: membersUrl } });
  const members = startProcess('members', tsx, ['subgraphs/members/src/main.ts'], { cwd: REPO_ROOT, echo: o.echo, env: { ...common, PORT: String(o.ports.members), MERCHANTS_URL: merchantsUrl, DEV_SMS_FILE: smsFile, ...(o.web ? { PORTAL_URL: `http://localhost:${o.ports.web}` } : {}) } });
  const promotions = startProcess('promotions', tsx, ['subgraphs/promotions/src/main.ts'], { cwd: REPO_ROOT, echo: o.echo, env: { ...common, PORT: String(o.ports.promotions), MERCHANTS_URL: merchantsUrl, MEMBERS_URL: membersUrl } });
  const commissions = startProcess('commissions', tsx, ['subgraphs/commissions/src/main.ts'], { cwd: REPO_ROOT, echo: o.echo, env: { ...common, PORT: String(o.ports.commissions), ...(o.web ? { PORTAL_URL: `http://localhost:${o.ports.web}` } : {}) } });
  await Promise.all([
    waitFor('commissions subgraph', httpOk(`http://localhost:${o.ports.commissions}/readyz`), 60_000, commissions),
    waitFor('merchants subgraph', httpOk(`http://localhost:${o.ports.merchants}/readyz`), 60_000, merchants),
    waitFor('members subgraph', httpOk(`http://localhost:${o.ports.members}/readyz`), 60_000, members),
    waitFor('promotions subgraph', httpOk(`http://localhost:${o.ports.promotions}/readyz`), 60_000, promotions),
  ]);
  step('Starting the gateway…');
  const gateway = startProcess('gateway', tsx, ['gateway/src/main.ts'], {
    cwd: REPO_ROOT,
    echo: o.echo,
    env: { ...common, PORT: String(o.ports.gateway), MERCHANTS_URL: merchantsUrl, MEMBERS_URL: membersUrl, PROMOTIONS_URL: promotionsUrl, COMMISSIONS_URL: commissionsUrl },
  });
  await waitFor('gateway', httpOk(`http://localhost:${o.ports.gateway}/readyz`), 60_000, gateway);
  const gatewayUrl = `http://localhost:${o.ports.gateway}/graphql`;
  const portalUrl = `http://localhost:${o.ports.web}`;
  if (o.web) {
    step('Starting the portal…');
    const web = startProcess('web', 'npm', ['run', 'start', '--workspace', '@alliance/web'], {
      cwd: REPO_ROOT,
      echo: o.echo,
      env: {
        ...process.env,
        ...o.serviceEnv,
        NODE_ENV: 'production',
        NEXT_TELEMETRY_DISABLED: '1',
        PORT: String(o.ports.web),
        GATEWAY_URL: gatewayUrl,
        KEYCLOAK_URL: keycloakUrl,
        PORTAL_URL: portalUrl,
        // Its CSP lets the browser PUT photos and sheets to storage and load the photos from it.
        S3_ENDPOINT: s3Endpoint,
        SESSION_SECRET: process.env.SESSION_SECRET ?? portalSessionSecret(o.dataDir),
        // A production build against the development realm (its published portal secret), on
        // localhost; the portal refuses that secret in production without this flag.
        ...(process.env.PORTAL_CLIENT_SECRET ? {} : { PORTAL_DEV_REALM: 'true' }),
      },
    });
    await waitFor('portal', httpOk(`${portalUrl}/healthz`), 60_000, web);
  }
  return { mongodbUri, natsUrl, keycloakUrl, gatewayUrl, portalUrl, merchantsUrl, membersUrl, promotionsUrl, commissionsUrl, smsFile, s3Endpoint };
}

