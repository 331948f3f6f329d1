import { existsSync, mkdirSync, copyFileSync, readdirSync, chmodSync, renameSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { CACHE_DIR, KEYCLOAK_VERSION, REALM_FILE } from './paths.js';
import { step } from './log.js';
import { httpOk, run, startProcess, waitFor, type ManagedProcess } from './processes.js';

const ARTIFACT = `org.keycloak:keycloak-quarkus-dist:${KEYCLOAK_VERSION}:zip`;

function keycloakHome(): string {
  return path.join(CACHE_DIR, 'keycloak', `keycloak-${KEYCLOAK_VERSION}`);
}

/** Downloads the Keycloak distribution from Maven Central once and unpacks it into the cache. */
export async function ensureKeycloak(): Promise<string> {
  const home = keycloakHome();
  if (existsSync(path.join(home, 'bin', 'kc.sh'))) return home;
  const dl = path.join(CACHE_DIR, 'dl');
  const zip = path.join(dl, `keycloak-quarkus-dist-${KEYCLOAK_VERSION}.zip`);
  if (!existsSync(zip)) {
    step(`Downloading Keycloak ${KEYCLOAK_VERSION} from Maven Central (first run only, ~200 MB)…`);
    await run('mvn dependency:copy', 'mvn', ['-q', '-B', 'dependency:copy', `-Dartifact=${ARTIFACT}`, `-DoutputDirectory=${dl}`]);
  }
  step('Unpacking Keycloak…');
  const target = path.dirname(home);
  const tmp = path.join(target, `.unpack-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const hasUnzip = spawnSync('unzip', ['-v']).status === 0;
  if (hasUnzip) await run('unzip', 'unzip', ['-q', zip, '-d', tmp]);
  else await run('unzip (python)', 'python3', ['-m', 'zipfile', '-e', zip, tmp]);
  const unpacked = path.join(tmp, readdirSync(tmp)[0] ?? '');
  for (const f of readdirSync(path.join(unpacked, 'bin'))) if (f.endsWith('.sh')) chmodSync(path.join(unpacked, 'bin', f), 0o755);
  rmSync(home, { recursive: true, force: true });
  renameSync(unpacked, home);
  rmSync(tmp, { recursive: true, force: true });
  return home;
}

export interface KeycloakOptions {
  port: number;
  managementPort: number;
  /** H2 database folder: kept for `npm start`, fresh for each test run. */
  dataDir: string;
  echo: boolean;
}

/** Keycloak in dev mode with realm `alliance` imported from deploy/keycloak/. */
export async function startKeycloak(opts: KeycloakOptions): Promise<{ proc: ManagedProcess; url: string }> {
  const home = await ensureKeycloak();
  const importDir = path.join(home, 'data', 'import');
  mkdirSync(importDir, { recursive: true });
  copyFileSync(REALM_FILE, path.join(importDir, 'alliance-realm.json'));
  mkdirSync(opts.dataDir, { recursive: true });
  const fresh = !existsSync(path.join(opts.dataDir, 'keycloakdb.mv.db'));
  step(`Starting Keycloak ${KEYCLOAK_VERSION} on :${opts.port}${fresh ? ' (new data: importing realm alliance)' : ''}, usually 30–90 s…`);
  const proc = startProcess(
    'keycloak',
    path.join(home, 'bin', 'kc.sh'),
    [
      'start-dev',
      '--import-realm',
      `--http-port=${opts.port}`,
      `--http-management-port=${opts.managementPort}`,
      `--db-url=jdbc:h2:file:${path.join(opts.dataDir, 'keycloakdb')};NON_KEYWORDS=VALUE;AUTO_SERVER=TRUE`,
      '--health-enabled=true',
    ],
    {
      echo: opts.echo,
      echoFilter: (l) => /ERROR|started in|imported|Listening/.test(l),
      env: {
        ...process.env,
        KC_BOOTSTRAP_ADMIN_USERNAME: 'kcadmin',
        KC_BOOTSTRAP_ADMIN_PASSWORD: process.env.KEYCLOAK_ADMIN_PASSWORD ?? 'kcadmin',
      },
    },
  );
  const url = `http://localhost:${opts.port}`;
  await waitFor('Keycloak', httpOk(`${url}/realms/alliance/.well-known/openid-configuration`), 240_000, proc);
  return { proc, url };
}
