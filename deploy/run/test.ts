/**
 * `npm test`: every tier in one node:test run — unit, subgraph integration on FerretDB, API through the
 * gateway with real Keycloak tokens, end-to-end in headless Chromium. It provisions a throw-away
 * FerretDB and Keycloak (unless MONGODB_URI / KEYCLOAK_URL name running ones), starts the services
 * on test ports beside any `npm start`, and cleans everything up afterwards.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { withDatabase } from '@alliance/store';
import { DATA_DIR, REPO_ROOT } from './paths.js';
import { LaunchError, step } from './log.js';
import { onShutdownSignals, run, stopAll } from './processes.js';
import { dropDatabase, startStack, type StackPorts } from './stack.js';
import { findTests, tierOrder } from './test-files.js';

// TEST_PORT_OFFSET shifts every port, so two suites (two checkouts, two engineers) can run side by side.
const offset = Number(process.env.TEST_PORT_OFFSET ?? 0);
const TEST_PORTS = Object.fromEntries(
  Object.entries({ ferretdb: 27117, nats: 14222, natsMonitor: 18222, keycloak: 18080, keycloakManagement: 19000, merchants: 14001, members: 14002, promotions: 14003, commissions: 14004, gateway: 14000, web: 13000, s3: 15333 }).map(([k, v]) => [k, v + offset]),
) as unknown as StackPorts;

const only = process.argv.slice(2);
const files = (only.length ? only : findTests()).sort(tierOrder);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'alliance-test-'));
const gatewaySecret = randomBytes(32).toString('hex');
const database = `alliance_test_${Date.now().toString(36)}`;

const externalMongo = process.env.MONGODB_URI ? withDatabase(process.env.MONGODB_URI, database) : undefined;

let exitCode = 1;

/** Where the stack's services log (appended across runs): this run's part starts at these sizes. */
const LOGS = path.join(DATA_DIR, 'logs');
const logSize = (file: string) => (existsSync(path.join(LOGS, file)) ? statSync(path.join(LOGS, file)).size : 0);
const logStart = new Map<string, number>(existsSync(LOGS) ? readdirSync(LOGS).map((f) => [f, logSize(f)]) : []);

/**
 * After a failed run, what the stack's services logged as errors during it is printed (CI's output is
 * all a reader gets), and this run's part of each log is kept in test-results/stack-logs/.
 */
function keepStackLogs(): void {
  if (!existsSync(LOGS)) return;
  const kept = path.join(REPO_ROOT, 'test-results', 'stack-logs');
  rmSync(kept, { recursive: true, force: true });
  mkdirSync(kept, { recursive: true });
  for (const file of readdirSync(LOGS)) {
    const text = readFileSync(path.join(LOGS, file)).subarray(logStart.get(file) ?? 0).toString('utf8');
    writeFileSync(path.join(kept, file), text);
    const errors = text.split('\n').filter((line) => /"level":(50|60)/.test(line));
    if (!errors.length) continue;
    console.error(`\n${file}: ${errors.length} error lines${errors.length > 20 ? ' (the last 20)' : ''}`);
    for (const line of errors.slice(-20)) console.error(`  ${line.slice(0, 2000)}`);
  }
  step(`This run's stack logs are kept in ${path.relative(REPO_ROOT, kept)}/`);
}

async function cleanUp(): Promise<void> {
  step('Stopping the test stack and removing its data…');
  await stopAll();
  if (exitCode !== 0) keepStackLogs();
  rmSync(tmp, { recursive: true, force: true });
  // On a server we did not start, leave nothing behind but what was there before.
  if (externalMongo) await dropDatabase(externalMongo).catch((err) => console.error(`could not drop ${database}: ${(err as Error).message}`));
}
onShutdownSignals(cleanUp);

try {
  step(`npm test: ${files.length} test files; throw-away data in ${tmp}`);
  // A run of chosen files is a quick iteration (tsx strips types); the full suite type-checks first.
  if (!only.length) {
    step('Type-checking the services and the portal (tsc --noEmit)…');
    await run('tsc (services)', path.join(REPO_ROOT, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json', '--noEmit'], { cwd: REPO_ROOT });
    await run('tsc (portal)', path.join(REPO_ROOT, 'node_modules/.bin/tsc'), ['-p', 'web/tsconfig.json', '--noEmit'], { cwd: REPO_ROOT });
  }
  const stack = await startStack({
    ports: TEST_PORTS,
    mongodbUri: externalMongo,
    // An existing NATS is shared safely: events carry unique ids and tests filter by their own.
    natsUrl: process.env.NATS_URL || undefined,
    keycloakUrl: process.env.KEYCLOAK_URL || undefined,
    s3Endpoint: process.env.S3_ENDPOINT || undefined,
    dataDir: tmp,
    database,
    reset: false,
    // The portal (and its next build) only when an end-to-end test will use it.
    web: files.some((f) => f.includes('.e2e.')),
    echo: false,
    seed: true,
    serviceEnv: { GATEWAY_SECRET: gatewaySecret, EXPOSE_METRICS: 'true', LOG_LEVEL: 'warn', CLOCK_CONTROL: 'true', PROMOTION_SWEEP_INTERVAL_MS: '1000' },
  });
  step('Stack up; running the tests…');
  exitCode = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...files], {
      cwd: REPO_ROOT,
      stdio: 'inherit',
      env: {
        ...process.env,
        TEST_MONGODB_URI: stack.mongodbUri,
        TEST_NATS_URL: stack.natsUrl,
        TEST_KEYCLOAK_URL: stack.keycloakUrl,
        TEST_GATEWAY_URL: stack.gatewayUrl,
        TEST_PORTAL_URL: stack.portalUrl,
        TEST_MERCHANTS_URL: stack.merchantsUrl,
        TEST_MEMBERS_URL: stack.membersUrl,
        TEST_PROMOTIONS_URL: stack.promotionsUrl,
        TEST_COMMISSIONS_URL: stack.commissionsUrl,
        TEST_SMS_FILE: stack.smsFile,
        TEST_S3_ENDPOINT: stack.s3Endpoint,
        TEST_GATEWAY_SECRET: gatewaySecret,
        PORTAL_URL: stack.portalUrl,
      },
    });
    child.on('exit', (code) => resolve(code ?? 1));
  });
} catch (err) {
  console.error(`\n✖ ${err instanceof LaunchError || err instanceof Error ? err.message : String(err)}`);
  exitCode = 1;
} finally {
  await cleanUp();
}
process.exit(exitCode);
