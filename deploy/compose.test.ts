/**
 * Static checks of the deployment files: docker-compose.yml, the Dockerfiles under deploy/docker/,
 * .dockerignore and the Kubernetes manifests under deploy/k8s/. Nothing is started: the point is
 * that the production-like stack is wired the way the architecture says (MongoDB replica set,
 * official Keycloak 26 image with the realm import, subgraphs reachable only through the gateway,
 * every service configured with the settings its config validates) and that a broken edit fails
 * here instead of at `docker compose up` or in a cluster.
 *
 *   node --import tsx --test deploy/compose.test.ts
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';

const repoRoot = new URL('../', import.meta.url);
const repoUrl = (path: string): URL => new URL(path.replace(/^\.\//, ''), repoRoot);
const readRepoFile = (path: string): string => readFileSync(repoUrl(path), 'utf8');

// ---------------------------------------------------------------------------------------------
// Compose model and helpers
// ---------------------------------------------------------------------------------------------

type EnvValue = string | number | boolean | null;
type PortSpec = string | number | { target: number | string; published?: number | string; host_ip?: string };
type VolumeSpec = string | { type?: string; source?: string; target: string; read_only?: boolean };

interface ComposeService {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  command?: string | string[];
  environment?: Record<string, EnvValue> | string[];
  ports?: PortSpec[];
  volumes?: VolumeSpec[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[]; disable?: boolean };
}

interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

/** Parses compose YAML the way Compose does, including `<<` merge keys of `x-` anchors. */
function parseCompose(text: string): ComposeFile {
  const doc = parse(text, { merge: true }) as ComposeFile;
  assert.ok(doc && typeof doc.services === 'object', 'docker-compose.yml has a services map');
  return doc;
}

function service(compose: ComposeFile, name: string): ComposeService {
  const svc = compose.services[name];
  assert.ok(svc, `service ${name} is defined`);
  return svc;
}

/** A service's environment as a map, whichever of the two Compose syntaxes it uses. */
function environmentOf(svc: ComposeService): Record<string, string | null> {
  const env: Record<string, string | null> = {};
  if (Array.isArray(svc.environment)) {
    for (const entry of svc.environment) {
      const eq = entry.indexOf('=');
      if (eq === -1) env[entry] = null;
      else env[entry.slice(0, eq)] = entry.slice(eq + 1);
    }
  } else if (svc.environment) {
    for (const [key, value] of Object.entries(svc.environment)) {
      env[key] = value === null ? null : String(value);
    }
  }
  return env;
}

/** Names in `required` that the service does not set, or sets to an empty value. */
function findMissingEnv(svc: ComposeService, required: readonly string[]): string[] {
  const env = environmentOf(svc);
  return required.filter((name) => env[name] === undefined || env[name] === null || env[name] === '');
}

/** `${NAME:?message}` / `${NAME?message}`: a variable Compose refuses to run without. */
function requiredVariableName(value: string | null | undefined): string | null {
  const match = /^\$\{([A-Za-z_][A-Za-z0-9_]*):?\?[^}]*\}$/.exec(value ?? '');
  return match?.[1] ?? null;
}

/**
 * Expected value of a setting: a literal, a required host variable of the same name, a required host
 * variable of another name (a service account's SERVICE_CLIENT_SECRET is SVC_<NAME>_CLIENT_SECRET, the
 * variable Keycloak's realm import reads), or "set".
 */
const SECRET = Symbol('required ${NAME:?...} variable');
const PRESENT = Symbol('set; checked by a dedicated test');
interface SecretFrom {
  secretFrom: string;
}
const secretFrom = (variable: string): SecretFrom => ({ secretFrom: variable });
type Expectation = string | typeof SECRET | typeof PRESENT | SecretFrom;

/** The required host variable (Compose) or Secret key (Kubernetes) a secret setting must come from. */
function secretSource(name: string, expected: Expectation): string | null {
  if (expected === SECRET) return name;
  if (typeof expected === 'object') return expected.secretFrom;
  return null;
}

function findEnvMismatches(svc: ComposeService, contract: Record<string, Expectation>): string[] {
  const env = environmentOf(svc);
  const problems = findMissingEnv(svc, Object.keys(contract)).map((name) => `${name} is missing`);
  for (const [name, expected] of Object.entries(contract)) {
    const actual = env[name];
    if (actual === undefined || actual === null || actual === '') continue;
    const source = secretSource(name, expected);
    if (source !== null) {
      if (requiredVariableName(actual) !== source) {
        problems.push(`${name} must come from the required variable \${${source}:?...}, got ${JSON.stringify(actual)}`);
      }
    } else if (expected !== PRESENT && actual !== expected) {
      problems.push(`${name} should be ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
    }
  }
  return problems;
}

function commandWords(command: string | string[] | undefined): string[] {
  if (Array.isArray(command)) return command.map(String);
  return (command ?? '').split(/\s+/).filter(Boolean);
}

interface PublishedPort {
  service: string;
  /** Host port; null when Compose would pick a random one (still published!). */
  published: string | null;
  target: string;
}

function publishedPorts(compose: ComposeFile): PublishedPort[] {
  const out: PublishedPort[] = [];
  for (const [name, svc] of Object.entries(compose.services)) {
    for (const spec of svc.ports ?? []) {
      if (typeof spec === 'object') {
        out.push({ service: name, published: spec.published === undefined ? null : String(spec.published), target: String(spec.target) });
        continue;
      }
      // [host_ip:][published:]target[/protocol]; host_ip may be a bracketed IPv6 address.
      const withoutProto = String(spec).replace(/\/(tcp|udp|sctp)$/, '');
      const withoutIp = withoutProto.replace(/^\[[^\]]*\]:/, '');
      const parts = withoutIp.split(':');
      const target = parts[parts.length - 1] ?? '';
      const published = parts.length >= 2 ? (parts[parts.length - 2] ?? null) : null;
      out.push({ service: name, published: published === '' ? null : published, target });
    }
  }
  return out;
}

interface Dependency {
  name: string;
  condition: string;
}

function dependenciesOf(svc: ComposeService): Dependency[] {
  const deps = svc.depends_on;
  if (!deps) return [];
  if (Array.isArray(deps)) return deps.map((name) => ({ name, condition: 'service_started' }));
  return Object.entries(deps).map(([name, spec]) => ({ name, condition: spec?.condition ?? 'service_started' }));
}

function hasHealthcheck(svc: ComposeService | undefined): boolean {
  const hc = svc?.healthcheck;
  if (!hc || hc.disable) return false;
  const words = commandWords(hc.test);
  return words.length > 0 && words[0] !== 'NONE';
}

/** depends_on targets that do not exist, and service_healthy targets without a healthcheck. */
function findDependencyProblems(compose: ComposeFile): string[] {
  const problems: string[] = [];
  for (const [name, svc] of Object.entries(compose.services)) {
    for (const dep of dependenciesOf(svc)) {
      const target = compose.services[dep.name];
      if (!target) {
        problems.push(`${name} depends on undefined service ${dep.name}`);
      } else if (dep.condition === 'service_healthy' && !hasHealthcheck(target)) {
        problems.push(`${name} waits for ${dep.name} to be healthy, but ${dep.name} has no healthcheck`);
      }
    }
  }
  return problems;
}

/** One dependency cycle as a path (a → b → a), or null. */
function findCycle(compose: ComposeFile): string[] | null {
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (name: string): string[] | null => {
    if (state.get(name) === 'done') return null;
    if (state.get(name) === 'visiting') return [...stack.slice(stack.indexOf(name)), name];
    state.set(name, 'visiting');
    stack.push(name);
    const svc = compose.services[name];
    for (const dep of svc ? dependenciesOf(svc) : []) {
      const cycle = visit(dep.name);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(name, 'done');
    return null;
  };
  for (const name of Object.keys(compose.services)) {
    const cycle = visit(name);
    if (cycle) return cycle;
  }
  return null;
}

function healthcheckText(svc: ComposeService): string {
  return commandWords(svc.healthcheck?.test).join(' ');
}

function dockerfileOf(svc: ComposeService): string | null {
  if (!svc.build) return null;
  if (typeof svc.build === 'string') return `${svc.build.replace(/\/$/, '')}/Dockerfile`;
  const context = (svc.build.context ?? '.').replace(/\/$/, '');
  return `${context}/${svc.build.dockerfile ?? 'Dockerfile'}`;
}

/** External base images of a Dockerfile: FROM images that are not earlier stages, ARGs resolved. */
function dockerfileBaseImages(text: string): string[] {
  const args = new Map<string, string>();
  const stages = new Set<string>();
  const images: string[] = [];
  let seenFrom = false;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const arg = /^ARG\s+([A-Za-z_][A-Za-z0-9_]*)=(\S+)/i.exec(line);
    if (arg && !seenFrom) args.set(arg[1]!, arg[2]!.replace(/^["']|["']$/g, ''));
    const from = /^FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (!from) continue;
    seenFrom = true;
    const image = from[1]!.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_m, name: string) => args.get(name) ?? '');
    if (!stages.has(image)) images.push(image);
    if (from[2]) stages.add(from[2]);
  }
  return images;
}

// ---------------------------------------------------------------------------------------------
// The contract (what each service's config reads)
// ---------------------------------------------------------------------------------------------

const KEYCLOAK_ENV: Record<string, Expectation> = {
  KEYCLOAK_URL: 'http://localhost:8080',
  KEYCLOAK_INTERNAL_URL: 'http://keycloak:8080',
  KEYCLOAK_REALM: 'alliance',
};

const subgraphContract = (port: string): Record<string, Expectation> => ({
  NODE_ENV: 'production',
  PORT: port,
  MONGODB_URI: PRESENT,
  ...KEYCLOAK_ENV,
  KEYCLOAK_AUDIENCE: 'alliance-api',
  GATEWAY_SECRET: SECRET,
  LOG_LEVEL: 'info',
  NATS_URL: PRESENT,
  EVENTS_STREAM_REPLICAS: '3',
});

/** Merchants calls promotions' and members' service commands as its Keycloak service account `svc-merchants`. */
const MERCHANTS_SERVICE_ACCOUNT: Record<string, Expectation> = {
  PROMOTIONS_URL: 'http://promotions:4003/graphql',
  MEMBERS_URL: 'http://members:4002/graphql',
  SERVICE_CLIENT_ID: 'svc-merchants',
  SERVICE_CLIENT_SECRET: secretFrom('SVC_MERCHANTS_CLIENT_SECRET'),
};

/** Promotions asks merchants which shops a proposal may name, as its Keycloak service account `svc-promotions`. */
const PROMOTIONS_SERVICE_ACCOUNT: Record<string, Expectation> = {
  MERCHANTS_URL: 'http://merchants:4001/graphql',
  MEMBERS_URL: 'http://members:4002/graphql',
  SERVICE_CLIENT_ID: 'svc-promotions',
  SERVICE_CLIENT_SECRET: secretFrom('SVC_PROMOTIONS_CLIENT_SECRET'),
};

/** Members asks merchants for the alliance's shops (the consent centre) and deletes erased members' logins. */
const MEMBERS_SERVICE_ACCOUNT: Record<string, Expectation> = {
  MERCHANTS_URL: 'http://merchants:4001/graphql',
  SERVICE_CLIENT_ID: 'svc-members',
  SERVICE_CLIENT_SECRET: secretFrom('SVC_MEMBERS_CLIENT_SECRET'),
};

/** Merchants keeps photos and sheets in MinIO, signing browsers' URLs for the address they use. */
const MERCHANTS_STORAGE: Record<string, Expectation> = {
  S3_ENDPOINT: 'http://minio:9000',
  S3_PUBLIC_ENDPOINT: '${S3_PUBLIC_ENDPOINT:-http://localhost:9100}',
  S3_BUCKET: 'alliance-media',
  S3_ACCESS_KEY_ID: secretFrom('S3_ACCESS_KEY_ID'),
  S3_SECRET_ACCESS_KEY: secretFrom('S3_SECRET_ACCESS_KEY'),
  PORTAL_URL: 'http://localhost:3000',
};

const ENV_CONTRACT: Record<string, Record<string, Expectation>> = {
  merchants: { ...subgraphContract('4001'), ...MERCHANTS_SERVICE_ACCOUNT, ...MERCHANTS_STORAGE },
  members: { ...subgraphContract('4002'), ...MEMBERS_SERVICE_ACCOUNT, PORTAL_URL: 'http://localhost:3000' },
  promotions: { ...subgraphContract('4003'), ...PROMOTIONS_SERVICE_ACCOUNT },
  // Commissions consumes order and promotion events and calls no subgraph (no service account); its
  // share links point at the portal.
  commissions: { ...subgraphContract('4004'), PORTAL_URL: 'http://localhost:3000', PAYOUT_IDENTITY_KEY: SECRET },
  gateway: {
    NODE_ENV: 'production',
    PORT: '4000',
    ...KEYCLOAK_ENV,
    KEYCLOAK_AUDIENCE: 'alliance-api',
    GATEWAY_SECRET: SECRET,
    MERCHANTS_URL: 'http://merchants:4001/graphql',
    MEMBERS_URL: 'http://members:4002/graphql',
    PROMOTIONS_URL: 'http://promotions:4003/graphql',
    COMMISSIONS_URL: 'http://commissions:4004/graphql',
    DEFAULT_ALLIANCE_ID: 'demo',
  },
  web: {
    NODE_ENV: 'production',
    PORT: '3000',
    GATEWAY_URL: 'http://gateway:4000/graphql',
    ...KEYCLOAK_ENV,
    PORTAL_CLIENT_ID: 'alliance-portal',
    PORTAL_CLIENT_SECRET: SECRET,
    PORTAL_URL: 'http://localhost:3000',
    SESSION_SECRET: SECRET,
    ALLIANCE_ID: 'demo',
  },
};

const NODE_SERVICES = ['merchants', 'members', 'promotions', 'commissions', 'gateway', 'web'] as const;
const SUBGRAPHS = ['merchants', 'members', 'promotions', 'commissions'] as const;

/**
 * The subgraphs whose config reads a service account (`serviceClientEnv('<name>')`), with the client id
 * that gives them by default: the deployment files must hand each of them that account's secret.
 */
function serviceAccountCallers(): Map<string, string> {
  const callers = new Map<string, string>();
  for (const name of SUBGRAPHS) {
    // A subgraph without its config yet is reported by the "each subgraph's workspace..." test.
    const config = `subgraphs/${name}/src/config.ts`;
    if (!existsSync(repoUrl(config))) continue;
    const account = /serviceClientEnv\(\s*'([a-z0-9-]+)'\s*\)/.exec(readRepoFile(config))?.[1];
    if (account) callers.set(name, `svc-${account}`);
  }
  return callers;
}

/** Required host variables / Secret keys the service-account settings of the contract come from. */
const SERVICE_ACCOUNT_SECRETS = [MERCHANTS_SERVICE_ACCOUNT, PROMOTIONS_SERVICE_ACCOUNT].map((c) => secretSource('SERVICE_CLIENT_SECRET', c.SERVICE_CLIENT_SECRET!)!);

/** Dockerfile → what its image must run. */
const DOCKERFILES: Record<string, { workspace: string; runs: string }> = {
  'deploy/docker/merchants.Dockerfile': { workspace: '@alliance/merchants', runs: 'subgraphs/merchants/src/main.ts' },
  'deploy/docker/members.Dockerfile': { workspace: '@alliance/members', runs: 'subgraphs/members/src/main.ts' },
  'deploy/docker/promotions.Dockerfile': { workspace: '@alliance/promotions', runs: 'subgraphs/promotions/src/main.ts' },
  'deploy/docker/commissions.Dockerfile': { workspace: '@alliance/commissions', runs: 'subgraphs/commissions/src/main.ts' },
  'deploy/docker/gateway.Dockerfile': { workspace: '@alliance/gateway', runs: 'gateway/src/main.ts' },
  'deploy/docker/web.Dockerfile': { workspace: '@alliance/web', runs: 'npm", "run", "start", "--workspace", "@alliance/web' },
};

const compose = parseCompose(readRepoFile('docker-compose.yml'));

// ---------------------------------------------------------------------------------------------
// docker-compose.yml
// ---------------------------------------------------------------------------------------------

describe('docker-compose.yml', () => {
  test('defines the whole stack', () => {
    for (const name of ['mongo', 'keycloak', ...NODE_SERVICES]) service(compose, name);
  });

  test('mongo is MongoDB 7 running as a replica set with persistent data', () => {
    const mongo = service(compose, 'mongo');
    assert.match(mongo.image ?? '', /^mongo:7(\.|-|$)/);
    const words = commandWords(mongo.command);
    const replSet = words[words.indexOf('--replSet') + 1];
    assert.ok(words.includes('--replSet') && replSet, `mongo runs with --replSet <name>: ${words.join(' ')}`);
    assert.ok(words.includes('--bind_ip_all'), 'mongo listens on the compose network');
    const hc = healthcheckText(mongo);
    assert.match(hc, /mongosh/);
    assert.match(hc, /rs\.initiate\(/, 'the healthcheck initiates the replica set on first start');
    assert.ok(hc.includes(`_id:'${replSet}'`), `the replica set initiated is ${replSet}`);
    assert.ok(hc.includes('mongo:27017'), 'the member host is the service name, reachable by the other containers');
    const dataVolume = (mongo.volumes ?? []).find((v) => (typeof v === 'string' ? v.split(':')[1] : v.target) === '/data/db');
    assert.ok(dataVolume, 'mongo keeps /data/db on a volume');
    const source = typeof dataVolume === 'string' ? dataVolume.split(':')[0]! : dataVolume.source ?? '';
    assert.ok(compose.volumes && source in compose.volumes, `/data/db is the named volume ${source}`);
  });

  test('keycloak is the official Keycloak 26 image in production mode, importing the production realm only', () => {
    const kc = service(compose, 'keycloak');
    assert.match(kc.image ?? '', /^quay\.io\/keycloak\/keycloak:26(\.\d+)*$/);
    const words = commandWords(kc.command);
    assert.equal(words[0], 'start', `production mode (start, not start-dev): ${words.join(' ')}`);
    assert.ok(!words.includes('start-dev'));
    assert.ok(words.includes('--import-realm'), `keycloak imports the realm: ${words.join(' ')}`);
    const mounts = (kc.volumes ?? []).map((v) => (typeof v === 'string' ? { source: v.split(':')[0], target: v.split(':')[1] } : v));
    const imports = mounts.filter((v) => v.target?.startsWith('/opt/keycloak/data/import'));
    // One file, not the folder: the folder also holds the development realm (demo users, test clients).
    assert.deepEqual(
      imports.map((v) => [v.source, v.target]),
      [['./deploy/keycloak/alliance-realm.prod.json', '/opt/keycloak/data/import/alliance-realm.json']],
    );
    assert.ok(existsSync(repoUrl('deploy/keycloak/alliance-realm.prod.json')));
    assert.deepEqual(
      findEnvMismatches(kc, {
        KC_DB: 'postgres',
        KC_DB_PASSWORD: PRESENT,
        KC_BOOTSTRAP_ADMIN_USERNAME: 'admin',
        KC_BOOTSTRAP_ADMIN_PASSWORD: PRESENT,
        KC_HOSTNAME: 'http://localhost:8080',
        KC_HOSTNAME_BACKCHANNEL_DYNAMIC: 'true',
        KC_HEALTH_ENABLED: 'true',
        KC_METRICS_ENABLED: 'true',
        PORTAL_URL: 'http://localhost:3000',
        PORTAL_CLIENT_SECRET: SECRET,
        SVC_MERCHANTS_CLIENT_SECRET: SECRET,
        SVC_MEMBERS_CLIENT_SECRET: SECRET,
        SVC_PROMOTIONS_CLIENT_SECRET: SECRET,
        SVC_COMMISSIONS_CLIENT_SECRET: SECRET,
      }),
      [],
    );
    const env = environmentOf(kc);
    // No default admin password or database password: Compose refuses to start without them.
    assert.equal(requiredVariableName(env.KC_BOOTSTRAP_ADMIN_PASSWORD), 'KEYCLOAK_ADMIN_PASSWORD');
    assert.equal(requiredVariableName(env.KC_DB_PASSWORD), 'KEYCLOAK_DB_PASSWORD');
    // The portal's client secret in Keycloak is the very variable the portal is given.
    assert.equal(env.PORTAL_CLIENT_SECRET, environmentOf(service(compose, 'web')).PORTAL_CLIENT_SECRET);
    assert.equal(new URL(env.PORTAL_URL ?? '').origin, new URL(environmentOf(service(compose, 'web')).PORTAL_URL ?? '').origin);
    const hc = healthcheckText(kc);
    assert.ok(hc.includes('/dev/tcp/localhost/9000') && hc.includes('/health/ready'), `keycloak readiness on the management port: ${hc}`);
    assert.ok(dependenciesOf(kc).some((d) => d.name === 'keycloak-db' && d.condition === 'service_healthy'));
    assert.match(service(compose, 'keycloak-db').image ?? '', /^postgres:\d+/);
  });

  test('every placeholder of the production realm is provided to Keycloak from a required variable', () => {
    const realm = readRepoFile('deploy/keycloak/alliance-realm.prod.json');
    const env = environmentOf(service(compose, 'keycloak'));
    const placeholders = new Set([...realm.matchAll(/\$\{([A-Z][A-Z0-9_]*)\}/g)].map((m) => m[1]!));
    assert.ok(placeholders.size > 0);
    for (const name of placeholders) {
      assert.ok(env[name], `keycloak gets ${name}`);
      // An unset variable would be imported as the literal "\${NAME}", a secret anyone can read here.
      if (name !== 'PORTAL_URL') assert.equal(requiredVariableName(env[name]), name, `${name} is a required variable`);
    }
    const example = readRepoFile('deploy/docker/compose.env.example');
    for (const name of [...placeholders, 'KEYCLOAK_ADMIN_PASSWORD', 'KEYCLOAK_DB_PASSWORD'].filter((n) => n !== 'PORTAL_URL')) {
      assert.match(example, new RegExp(`^${name}=$`, 'm'), `compose.env.example lists ${name} with an empty value`);
    }
  });

  test('a service calling other subgraphs uses its own service account, with the secret Keycloak imported for it', () => {
    const realm = JSON.parse(readRepoFile('deploy/keycloak/alliance-realm.prod.json')) as { clients: Array<{ clientId: string; secret?: string; serviceAccountsEnabled?: boolean }> };
    const keycloakEnv = environmentOf(service(compose, 'keycloak'));
    const callers = Object.entries(compose.services).filter(([, svc]) => environmentOf(svc).SERVICE_CLIENT_SECRET !== undefined);
    // Merchants asks promotions for a quote's discounts, promotions and members ask merchants which
    // shops are in the alliance; the seed shares the merchants config (which refuses a development
    // secret in production), so it is configured the same way.
    assert.deepEqual(callers.map(([n]) => n).sort(), ['members', 'merchants', 'promotions', 'seed']);
    // Every subgraph whose config reads a service account is given one (and the one it is named for).
    const byConfig = serviceAccountCallers();
    assert.deepEqual([...byConfig.keys()].sort(), ['members', 'merchants', 'promotions']);
    for (const [name, clientId] of byConfig) {
      assert.equal(environmentOf(service(compose, name)).SERVICE_CLIENT_ID, clientId, `${name} calls as ${clientId}`);
      assert.ok(ENV_CONTRACT[name]?.SERVICE_CLIENT_SECRET, `${name}'s service account is in the env contract`);
    }
    assert.equal(environmentOf(service(compose, 'seed')).SERVICE_CLIENT_ID, byConfig.get('merchants'), 'the seed calls as merchants');
    for (const [name, svc] of callers) {
      const env = environmentOf(svc);
      const clientId = env.SERVICE_CLIENT_ID ?? '';
      const client = realm.clients.find((c) => c.clientId === clientId);
      assert.ok(client?.serviceAccountsEnabled, `${name}: ${clientId} is a service-account client of the production realm`);
      const variable = /^\$\{([A-Z_]+)\}$/.exec(client.secret ?? '')?.[1];
      assert.ok(variable, `${clientId}: secret from a placeholder`);
      assert.equal(requiredVariableName(env.SERVICE_CLIENT_SECRET), variable, `${name}: SERVICE_CLIENT_SECRET is \${${variable}}`);
      assert.equal(env.SERVICE_CLIENT_SECRET, keycloakEnv[variable], `${name}: the very variable Keycloak imports for ${clientId}`);
    }
  });

  test('no Compose file or env example carries a development secret', () => {
    const text = readRepoFile('docker-compose.yml') + readRepoFile('deploy/docker/compose.env.example');
    for (const known of ['alliance-portal-dev-secret', '-dev-secret', 'dev-only-gateway-secret', 'demo1234', 'deploy/keycloak/alliance-realm.json', './deploy/keycloak:', 'start-dev', 'PORTAL_DEV_REALM']) {
      assert.ok(!text.includes(known), `no ${known}`);
    }
    // Nor do the Kubernetes manifests (the local launcher's development-realm flag included).
    for (const file of k8sFiles) assert.ok(!/PORTAL_DEV_REALM|-dev-secret|dev-only-gateway-secret|demo1234/.test(readRepoFile(K8S_DIR + file)), file);
  });

  test('only the gateway, the portal, Keycloak and photo storage are published; subgraphs are reached through the gateway', () => {
    const ports = publishedPorts(compose);
    const ephemeral = ports.filter((p) => p.published === null);
    assert.deepEqual(ephemeral, [], 'no port is published on a random host port');
    assert.deepEqual(
      ports.map((p) => `${p.service} ${p.published}->${p.target}`).sort(),
      // Browsers PUT uploads to storage through presigned URLs and load photos from it.
      ['gateway 4000->4000', 'keycloak 8080->8080', 'minio 9100->9000', 'web 3000->3000'],
    );
    for (const name of [...SUBGRAPHS, 'mongo']) {
      assert.equal(service(compose, name).ports, undefined, `${name} publishes no port`);
    }
  });

  for (const [name, contract] of Object.entries(ENV_CONTRACT)) {
    test(`${name} is configured with every setting of the contract`, () => {
      assert.deepEqual(findEnvMismatches(service(compose, name), contract), []);
    });
  }

  test('MONGODB_URI points at the mongo service and its replica set', () => {
    const mongo = service(compose, 'mongo');
    const words = commandWords(mongo.command);
    const replSet = words[words.indexOf('--replSet') + 1];
    const users = Object.entries(compose.services).filter(([, svc]) => environmentOf(svc).MONGODB_URI !== undefined);
    assert.deepEqual(users.map(([n]) => n).sort(), ['commissions', 'members', 'merchants', 'promotions', 'seed']);
    for (const [name, svc] of users) {
      const uri = new URL(environmentOf(svc).MONGODB_URI ?? '');
      assert.equal(uri.protocol, 'mongodb:', `${name}: mongodb:// URI`);
      assert.equal(uri.hostname, 'mongo', `${name}: host is the mongo service`);
      assert.equal(uri.port || '27017', '27017', `${name}: MongoDB port`);
      assert.equal(uri.searchParams.get('replicaSet'), replSet, `${name}: replicaSet matches --replSet`);
      assert.ok(uri.pathname.length > 1, `${name}: names a database`);
      assert.ok(dependenciesOf(svc).some((d) => d.name === 'mongo' && d.condition === 'service_healthy'), `${name} waits for mongo`);
    }
  });

  test('the gateway and every subgraph share the one GATEWAY_SECRET variable', () => {
    const values = ['gateway', ...SUBGRAPHS].map((name) => environmentOf(service(compose, name)).GATEWAY_SECRET);
    assert.equal(requiredVariableName(values[0]), 'GATEWAY_SECRET');
    for (const value of values) assert.equal(value, values[0]);
    for (const name of Object.keys(compose.services)) {
      if (['gateway', ...SUBGRAPHS, 'seed'].includes(name)) continue;
      assert.equal(environmentOf(service(compose, name)).GATEWAY_SECRET, undefined, `${name} does not get the gateway secret`);
    }
  });

  test('service URLs point at defined services on the ports they listen on', () => {
    // [from, setting, whether `from` waits for the target]. Merchants calls promotions at checkout and
    // promotions calls merchants on a proposal, neither at start-up: they call each other, so neither
    // waits for the other (a wait each way would be a cycle); the gateway, the only way shoppers reach
    // either, waits for both. Commissions calls no subgraph (events only); the gateway waits for it too.
    const links: Array<[string, string, boolean]> = [
      ['gateway', 'MERCHANTS_URL', true],
      ['gateway', 'MEMBERS_URL', true],
      ['gateway', 'PROMOTIONS_URL', true],
      ['gateway', 'COMMISSIONS_URL', true],
      ['merchants', 'PROMOTIONS_URL', false],
      ['merchants', 'MEMBERS_URL', false],
      ['promotions', 'MERCHANTS_URL', false],
      ['members', 'MERCHANTS_URL', false],
      ['promotions', 'MEMBERS_URL', false],
      ['web', 'GATEWAY_URL', true],
    ];
    for (const [from, key, waits] of links) {
      const url = new URL(environmentOf(service(compose, from))[key] ?? '');
      const target = service(compose, url.hostname);
      assert.equal(url.port, environmentOf(target).PORT, `${from}.${key} uses ${url.hostname}'s PORT`);
      assert.equal(url.pathname, '/graphql', `${from}.${key} is a GraphQL endpoint`);
      assert.equal(
        dependenciesOf(service(compose, from)).some((d) => d.name === url.hostname && d.condition === 'service_healthy'),
        waits,
        `${from} ${waits ? 'waits' : 'does not wait'} for ${url.hostname} to be healthy`,
      );
    }
    // Every subgraph the gateway composes is one it is given a URL for.
    const gatewayEnv = environmentOf(service(compose, 'gateway'));
    for (const name of SUBGRAPHS) assert.ok(gatewayEnv[`${name.toUpperCase()}_URL`], `gateway gets ${name.toUpperCase()}_URL`);
  });

  test('every Node service has a /healthz healthcheck on its own port', () => {
    for (const name of NODE_SERVICES) {
      const svc = service(compose, name);
      const port = environmentOf(svc).PORT;
      const hc = healthcheckText(svc);
      assert.ok(hasHealthcheck(svc), `${name} has a healthcheck`);
      assert.match(hc, new RegExp(`^CMD node -e fetch\\('http://(localhost|127\\.0\\.0\\.1):${port}/healthz'\\)`), `${name}: ${hc}`);
      assert.match(hc, /process\.exit\(r\.ok\?0:1\)/);
    }
  });

  test('every Dockerfile named exists, builds from the repo root and is based on Node 20', () => {
    const named = new Set<string>();
    for (const [name, svc] of Object.entries(compose.services)) {
      const dockerfile = dockerfileOf(svc);
      if (!dockerfile) continue;
      named.add(dockerfile.replace(/^\.\//, ''));
      assert.equal(typeof svc.build === 'object' ? svc.build.context : svc.build, '.', `${name} builds with the repo root as context`);
      assert.ok(existsSync(repoUrl(dockerfile)), `${name}: ${dockerfile} exists`);
      const bases = dockerfileBaseImages(readRepoFile(dockerfile));
      assert.ok(bases.length > 0, `${dockerfile} has a FROM`);
      for (const base of bases) assert.match(base, /^node:20([.-]|$)/, `${dockerfile} FROM ${base}`);
    }
    for (const name of NODE_SERVICES) {
      assert.ok(dockerfileOf(service(compose, name)), `${name} is built from a Dockerfile`);
    }
    assert.deepEqual([...named].sort(), Object.keys(DOCKERFILES).sort());
  });

  test('each image installs only its workspace, runs as node in production mode and starts its entry', () => {
    for (const [dockerfile, { workspace, runs }] of Object.entries(DOCKERFILES)) {
      const text = readRepoFile(dockerfile);
      assert.ok(text.includes(`npm ci --workspace ${workspace} --include-workspace-root`), `${dockerfile} installs ${workspace}`);
      const users = [...text.matchAll(/^USER\s+(\S+)/gm)].map((m) => m[1]);
      assert.equal(users.at(-1), 'node', `${dockerfile} runs as the non-root user node`);
      assert.match(text, /^ENV NODE_ENV=production/m, `${dockerfile} sets NODE_ENV=production`);
      const cmd = [...text.matchAll(/^CMD\s+(.+)$/gm)].at(-1)?.[1] ?? '';
      assert.ok(cmd.includes(runs), `${dockerfile} CMD ${cmd} runs ${runs}`);
      if (runs.endsWith('.ts')) assert.ok(cmd.startsWith('["node", "--import", "tsx"'), `${dockerfile} starts with node --import tsx`);
    }
    const gateway = readRepoFile('deploy/docker/gateway.Dockerfile');
    assert.match(gateway, /^COPY schemas\//m, 'the gateway image carries schemas/');
    assert.match(gateway, /supergraph\.graphql/, 'and checks that the supergraph is there');
    assert.match(readRepoFile('deploy/docker/web.Dockerfile'), /npm run build --workspace @alliance\/web/);
    for (const subgraph of SUBGRAPHS) {
      // Subgraphs read their SDL from schemas/<name>.graphql at start-up.
      assert.match(readRepoFile(`deploy/docker/${subgraph}.Dockerfile`), /^COPY schemas\//m, `${subgraph} image carries schemas/`);
    }
  });

  test("each image's workspace and entry exist, and the gateway's config reads every subgraph's URL", () => {
    for (const [dockerfile, { workspace, runs }] of Object.entries(DOCKERFILES)) {
      if (!runs.endsWith('.ts')) continue;
      const dir = runs.replace(/\/src\/main\.ts$/, '');
      assert.ok(existsSync(repoUrl(runs)), `${dockerfile}: ${runs} exists`);
      const pkg = JSON.parse(readRepoFile(`${dir}/package.json`)) as { name?: string };
      assert.equal(pkg.name, workspace, `${dir}/package.json is ${workspace}`);
    }
    const gatewayConfig = readRepoFile('gateway/src/config.ts');
    for (const name of SUBGRAPHS) {
      assert.match(gatewayConfig, new RegExp(`\\b${name.toUpperCase()}_URL:`), `gateway/src/config.ts reads ${name.toUpperCase()}_URL`);
    }
  });

  test('the portal URL the commissions share links point at is the portal\'s own', () => {
    const portal = new URL(environmentOf(service(compose, 'web')).PORTAL_URL ?? '');
    assert.equal(new URL(environmentOf(service(compose, 'commissions')).PORTAL_URL ?? '').origin, portal.origin);
  });

  test('the seed is a one-shot run of `npm run seed` in the merchants image once mongo is healthy', () => {
    const seed = service(compose, 'seed');
    const merchants = service(compose, 'merchants');
    assert.deepEqual(commandWords(seed.command), ['npm', 'run', 'seed']);
    const rootPackage = JSON.parse(readRepoFile('package.json')) as { scripts?: Record<string, string> };
    assert.ok(rootPackage.scripts?.seed, 'the root package.json has a seed script');
    assert.equal(dockerfileOf(seed), dockerfileOf(merchants));
    assert.equal(seed.image, merchants.image);
    assert.deepEqual(dependenciesOf(seed), [{ name: 'mongo', condition: 'service_healthy' }]);
    // The seed reads the merchants config, so it needs the same settings (the service account included).
    assert.deepEqual(findEnvMismatches(seed, ENV_CONTRACT.merchants!), []);
    assert.equal(seed.ports, undefined);
  });

  test('depends_on names defined services, healthy-conditions have healthchecks, and there is no cycle', () => {
    assert.deepEqual(findDependencyProblems(compose), []);
    assert.equal(findCycle(compose), null);
  });

  test('the checks above catch a broken copy of the file (negative self-check)', () => {
    const broken = structuredClone(compose);
    const merchants = broken.services.merchants!;
    const env = merchants.environment as Record<string, EnvValue>;
    delete env.GATEWAY_SECRET;
    env.KEYCLOAK_REALM = 'master';
    assert.deepEqual(findMissingEnv(merchants, ['PORT', 'GATEWAY_SECRET', 'MONGODB_URI']), ['GATEWAY_SECRET']);
    assert.deepEqual(findEnvMismatches(merchants, ENV_CONTRACT.merchants!), [
      'GATEWAY_SECRET is missing',
      'KEYCLOAK_REALM should be "alliance", got "master"',
    ]);
    // List-syntax environment and a hard-coded secret.
    broken.services.gateway!.environment = ['PORT=4000', 'GATEWAY_SECRET=hunter2', 'NODE_ENV'];
    assert.deepEqual(findMissingEnv(broken.services.gateway!, ['PORT', 'NODE_ENV', 'GATEWAY_SECRET']), ['NODE_ENV']);
    assert.ok(findEnvMismatches(broken.services.gateway!, ENV_CONTRACT.gateway!).some((p) => p.startsWith('GATEWAY_SECRET must come from')));
    // Another service's account secret, or one named after the setting instead of the realm's variable.
    env.SERVICE_CLIENT_SECRET = '${SVC_MEMBERS_CLIENT_SECRET:?x}';
    env.GATEWAY_SECRET = '${GATEWAY_SECRET:?x}';
    env.KEYCLOAK_REALM = 'alliance';
    assert.deepEqual(findEnvMismatches(merchants, ENV_CONTRACT.merchants!), [
      'SERVICE_CLIENT_SECRET must come from the required variable ${SVC_MERCHANTS_CLIENT_SECRET:?...}, got "${SVC_MEMBERS_CLIENT_SECRET:?x}"',
    ]);
    env.SERVICE_CLIENT_SECRET = '${SERVICE_CLIENT_SECRET:?x}';
    assert.equal(findEnvMismatches(merchants, ENV_CONTRACT.merchants!).length, 1);
    // Promotions calling as merchants, or without knowing where merchants is.
    const promotions = broken.services.promotions!;
    const promotionsEnv = promotions.environment as Record<string, EnvValue>;
    promotionsEnv.SERVICE_CLIENT_ID = 'svc-merchants';
    promotionsEnv.SERVICE_CLIENT_SECRET = '${SVC_MERCHANTS_CLIENT_SECRET:?x}';
    delete promotionsEnv.MERCHANTS_URL;
    assert.deepEqual(findEnvMismatches(promotions, ENV_CONTRACT.promotions!), [
      'MERCHANTS_URL is missing',
      'SERVICE_CLIENT_ID should be "svc-promotions", got "svc-merchants"',
      'SERVICE_CLIENT_SECRET must come from the required variable ${SVC_PROMOTIONS_CLIENT_SECRET:?...}, got "${SVC_MERCHANTS_CLIENT_SECRET:?x}"',
    ]);
    // Merchants and promotions waiting for each other.
    merchants.depends_on = { ...(merchants.depends_on as object), promotions: { condition: 'service_healthy' } };
    promotions.depends_on = { ...(promotions.depends_on as object), merchants: { condition: 'service_healthy' } };
    const mutual = findCycle(broken);
    assert.ok(mutual?.includes('merchants') && mutual.includes('promotions'), `cycle found: ${mutual?.join(' -> ')}`);
    merchants.depends_on = structuredClone(compose.services.merchants!.depends_on);
    promotions.depends_on = structuredClone(compose.services.promotions!.depends_on);
    // A published subgraph, a dependency cycle, a missing target and a healthcheck-less target.
    merchants.ports = ['4001:4001', '9229'];
    assert.deepEqual(
      publishedPorts(broken).filter((p) => p.service === 'merchants'),
      [
        { service: 'merchants', published: '4001', target: '4001' },
        { service: 'merchants', published: null, target: '9229' },
      ],
    );
    broken.services.mongo!.depends_on = { web: { condition: 'service_started' } };
    const cycle = findCycle(broken);
    assert.ok(cycle && cycle[0] === cycle.at(-1) && cycle.includes('mongo') && cycle.includes('web'), `cycle found: ${cycle?.join(' -> ')}`);
    delete broken.services.keycloak!.healthcheck;
    broken.services.web!.depends_on = { ...(broken.services.web!.depends_on as object), redis: { condition: 'service_started' } };
    const problems = findDependencyProblems(broken);
    assert.ok(problems.includes('web depends on undefined service redis'), problems.join('\n'));
    assert.ok(problems.includes('gateway waits for keycloak to be healthy, but keycloak has no healthcheck'), problems.join('\n'));
    // A Dockerfile on the wrong Node line, with an ARG-parameterised FROM.
    assert.deepEqual(dockerfileBaseImages('ARG BASE=node:18-slim\nFROM ${BASE} AS deps\nFROM deps AS run\n'), ['node:18-slim']);
  });
});

// ---------------------------------------------------------------------------------------------
// NATS JetStream (events between subgraphs)
// ---------------------------------------------------------------------------------------------

const NATS_NODES = ['nats-1', 'nats-2', 'nats-3'];

/** The value after a flag (`--routes x` or `--routes=x`). */
function flagValue(words: string[], ...names: string[]): string | undefined {
  for (const [i, w] of words.entries()) {
    for (const n of names) {
      if (w === n) return words[i + 1];
      if (w.startsWith(`${n}=`)) return w.slice(n.length + 1);
    }
  }
  return undefined;
}

/** What is wrong with the compose NATS cluster: nodes, JetStream, routes, storage, health, clients. */
function findNatsProblems(c: ComposeFile): string[] {
  const problems: string[] = [];
  const clusterNames = new Set<string | undefined>();
  for (const name of NATS_NODES) {
    const svc = c.services[name];
    if (!svc) {
      problems.push(`${name} is not defined`);
      continue;
    }
    if (!/^nats:2\.(1[2-9]|[2-9]\d)([.-]|$)/.test(svc.image ?? '')) problems.push(`${name}: official nats image 2.12+, got ${svc.image}`);
    const words = commandWords(svc.command);
    if (!words.includes('--jetstream') && !words.includes('-js')) problems.push(`${name}: JetStream is off`);
    if (flagValue(words, '--name', '-n', '--server_name') !== name) problems.push(`${name}: server name is not ${name}`);
    clusterNames.add(flagValue(words, '--cluster_name'));
    if (!/^nats:\/\/0\.0\.0\.0:6222$/.test(flagValue(words, '--cluster') ?? '')) problems.push(`${name}: no cluster listener on 6222`);
    const routes = (flagValue(words, '--routes') ?? '').split(',').filter(Boolean);
    for (const peer of NATS_NODES) if (!routes.includes(`nats://${peer}:6222`)) problems.push(`${name}: no route to ${peer}`);
    const store = flagValue(words, '--store_dir', '-sd');
    const volume = (svc.volumes ?? []).find((v) => (typeof v === 'string' ? v.split(':')[1] : v.target) === store);
    const source = typeof volume === 'string' ? volume.split(':')[0] : volume?.source;
    if (!store || !source || !(c.volumes && source in c.volumes)) problems.push(`${name}: JetStream store ${store} is not on a named volume`);
    if (!/8222\/healthz/.test(healthcheckText(svc))) problems.push(`${name}: no /healthz healthcheck on the monitoring port`);
    if (svc.ports?.length) problems.push(`${name}: publishes a port`);
  }
  if (clusterNames.size !== 1 || clusterNames.has(undefined)) problems.push(`the nodes do not share one --cluster_name: ${[...clusterNames].join(', ')}`);
  for (const name of SUBGRAPHS) {
    const svc = c.services[name];
    if (!svc) continue;
    const env = environmentOf(svc);
    const servers = (env.NATS_URL ?? '').split(',').map((u) => u.trim());
    for (const node of NATS_NODES) {
      if (!servers.includes(`nats://${node}:4222`)) problems.push(`${name}: NATS_URL does not list ${node}`);
      if (!dependenciesOf(svc).some((d) => d.name === node && d.condition === 'service_healthy')) problems.push(`${name} does not wait for ${node}`);
    }
    if (env.EVENTS_STREAM_REPLICAS !== '3') problems.push(`${name}: EVENTS_STREAM_REPLICAS is ${env.EVENTS_STREAM_REPLICAS}, not 3`);
  }
  return problems;
}

describe('NATS JetStream cluster', () => {
  test('docker-compose runs 3 clustered JetStream nodes and every subgraph is wired to all of them', () => {
    assert.deepEqual(findNatsProblems(compose), []);
    // Services that do not use events are not handed the cluster.
    for (const name of ['gateway', 'web']) assert.equal(environmentOf(service(compose, name)).NATS_URL, undefined, `${name} gets no NATS_URL`);
  });

  test('the check catches a broken cluster (negative self-check)', () => {
    const broken = structuredClone(compose);
    const n2 = broken.services['nats-2']!;
    n2.command = commandWords(n2.command).filter((w) => w !== '--jetstream');
    const n3 = broken.services['nats-3']!;
    const words = commandWords(n3.command);
    words[words.indexOf('--routes') + 1] = 'nats://nats-1:6222';
    n3.command = words;
    delete broken.services['nats-1'];
    const env = broken.services.members!.environment as Record<string, EnvValue>;
    env.NATS_URL = 'nats://nats-1:4222';
    const problems = findNatsProblems(broken);
    for (const expected of ['nats-1 is not defined', 'nats-2: JetStream is off', 'nats-3: no route to nats-2', 'members: NATS_URL does not list nats-3']) {
      assert.ok(problems.includes(expected), `${expected}\n${problems.join('\n')}`);
    }
  });

  test('Kubernetes runs NATS as a 3-replica StatefulSet with JetStream, a headless Service and routes to every pod', () => {
    const objects: K8sObject[] = k8sFiles.flatMap((f) => parseAllDocuments(readRepoFile(K8S_DIR + f)).map((d) => d.toJS() as K8sObject));
    const sts = objects.find((o) => o.kind === 'StatefulSet' && o.metadata?.name === 'nats');
    assert.ok(sts, 'StatefulSet nats');
    assert.equal(sts.spec.replicas, 3);
    assert.equal(sts.spec.podManagementPolicy, 'Parallel', 'all nodes start together (quorum)');
    const headless = objects.find((o) => o.kind === 'Service' && o.metadata?.name === sts.spec.serviceName);
    assert.ok(headless, `headless Service ${sts.spec.serviceName}`);
    assert.equal(headless.spec.clusterIP, 'None');
    assert.deepEqual((headless.spec.ports as Array<{ port: number }>).map((p) => p.port).sort(), [4222, 6222, 8222]);
    const container = sts.spec.template.spec.containers[0];
    assert.match(container.image, /^nats:2\.(1[2-9]|[2-9]\d)([.-]|$)/);
    assert.equal(sts.spec.template.spec.securityContext?.runAsNonRoot, true);
    assert.equal(container.securityContext?.allowPrivilegeEscalation, false);
    assert.ok(sts.spec.volumeClaimTemplates?.some((t: { metadata: { name: string } }) => container.volumeMounts.some((m: { name: string; mountPath: string }) => m.name === t.metadata.name && m.mountPath === '/data')), 'JetStream store on a persistent volume');
    const configName = sts.spec.template.spec.volumes.find((v: { configMap?: { name: string } }) => v.configMap)?.configMap.name;
    const conf = objects.find((o) => o.kind === 'ConfigMap' && o.metadata?.name === configName)?.data?.['nats.conf'] ?? '';
    assert.match(conf, /jetstream\s*\{[^}]*store_dir:\s*\/data/);
    assert.match(conf, /cluster\s*\{[\s\S]*name:\s*alliance[\s\S]*listen:\s*0\.0\.0\.0:6222/);
    for (const i of [0, 1, 2]) assert.ok(conf.includes(`nats://nats-${i}.nats.alliance.svc.cluster.local:6222`), `route to nats-${i}`);
    assert.ok(container.readinessProbe?.httpGet?.path.startsWith('/healthz') && container.livenessProbe?.httpGet?.path.startsWith('/healthz'));
    const config = objects.find((o) => o.kind === 'ConfigMap' && o.metadata?.name === 'alliance-config')?.data ?? {};
    for (const i of [0, 1, 2]) assert.ok((config.NATS_URL ?? '').split(',').includes(`nats://nats-${i}.nats.alliance.svc:4222`), `NATS_URL lists nats-${i}`);
    assert.equal(config.EVENTS_STREAM_REPLICAS, '3');
    const kustomization = objects.find((o) => o.kind === 'Kustomization');
    assert.ok(kustomization?.resources?.includes('nats.yaml'), 'kustomize applies nats.yaml');
  });
});

// ---------------------------------------------------------------------------------------------
// .dockerignore
// ---------------------------------------------------------------------------------------------

test('.dockerignore keeps host artefacts out of the build context', () => {
  const patterns = new Set(
    readRepoFile('.dockerignore')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => l.replace(/^\*\*\//, '').replace(/\/$/, '')),
  );
  for (const required of ['node_modules', '.data', '.next', '.git', 'test-results']) {
    assert.ok(patterns.has(required), `.dockerignore excludes ${required}`);
  }
  for (const needed of ['package-lock.json', 'schemas', 'packages', 'tsconfig.base.json']) {
    assert.ok(!patterns.has(needed), `.dockerignore keeps ${needed}, the images need it`);
  }
});

// ---------------------------------------------------------------------------------------------
// deploy/k8s
// ---------------------------------------------------------------------------------------------

interface K8sObject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string> };
  spec?: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  resources?: string[];
}

const K8S_DIR = 'deploy/k8s/';
const k8sFiles = readdirSync(repoUrl(K8S_DIR)).filter((f) => /\.ya?ml$/.test(f)).sort();

function loadK8s(): Array<{ file: string; obj: K8sObject }> {
  const out: Array<{ file: string; obj: K8sObject }> = [];
  for (const file of k8sFiles) {
    for (const doc of parseAllDocuments(readRepoFile(K8S_DIR + file))) {
      assert.deepEqual(doc.errors.map(String), [], `${file} parses`);
      const obj = doc.toJS() as K8sObject | null;
      if (obj) out.push({ file, obj });
    }
  }
  return out;
}

/** What a Deployment lacks of its env contract: settings missing, secrets not from the Secret's key, a wrong service account. */
function findK8sEnvProblems(dep: K8sObject, config: Record<string, string>): string[] {
  const name = dep.metadata?.name as string;
  const container = dep.spec.template.spec.containers[0];
  const env = (container.env ?? []) as Array<{ name: string; value?: string; valueFrom?: { secretKeyRef?: { key: string } } }>;
  const provided = new Set<string>([
    ...((container.envFrom ?? []).some((f: { configMapRef?: unknown }) => f.configMapRef) ? Object.keys(config) : []),
    ...env.map((e) => e.name),
  ]);
  const contract = ENV_CONTRACT[name];
  if (!contract) return [`${name} is not in the env contract`];
  const problems: string[] = [];
  for (const [key, expected] of Object.entries(contract)) {
    if (!provided.has(key)) problems.push(`${name} does not get ${key}`);
    const entry = env.find((e) => e.name === key);
    const source = secretSource(key, expected);
    if (source !== null) {
      const ref = entry?.valueFrom?.secretKeyRef;
      if (!ref) {
        if (provided.has(key)) problems.push(`${name}.${key} does not come from the Secret`);
      } else if (ref.key !== source) {
        problems.push(`${name}.${key} is the Secret's ${ref.key}, not ${source}`);
      }
    }
    // A service identity is per Deployment (the ConfigMap is shared by all), with the contract's value.
    if (key === 'SERVICE_CLIENT_ID' && entry?.value !== expected) problems.push(`${name} calls as ${entry?.value}, not ${String(expected)}`);
  }
  return problems;
}

/** Deployments that set a service identity (SERVICE_CLIENT_ID / SERVICE_CLIENT_SECRET), sorted by name. */
function serviceAccountHolders(deps: K8sObject[]): string[] {
  return deps
    .filter((dep) => (dep.spec.template.spec.containers as Array<{ env?: Array<{ name: string }> }>).some((c) => (c.env ?? []).some((e) => e.name.startsWith('SERVICE_CLIENT_'))))
    .map((dep) => dep.metadata?.name as string)
    .sort();
}

describe('deploy/k8s manifests', () => {
  const objects = loadK8s();
  const ofKind = (kind: string) => objects.filter(({ obj }) => obj.kind === kind);
  const deployments = ofKind('Deployment');

  test('every manifest parses and names apiVersion, kind and name', () => {
    assert.ok(objects.length > 0);
    for (const { file, obj } of objects) {
      assert.ok(obj.apiVersion && obj.kind, `${file}: apiVersion and kind`);
      if (obj.kind !== 'Kustomization') assert.ok(obj.metadata?.name, `${file}: ${obj.kind} has a name`);
    }
  });

  test('the six stateless services are Deployments with 2+ replicas, readiness and liveness probes', () => {
    assert.deepEqual(deployments.map(({ obj }) => obj.metadata?.name).sort(), ['commissions', 'gateway', 'members', 'merchants', 'promotions', 'web']);
    for (const { obj } of deployments) {
      const name = obj.metadata?.name;
      assert.ok(obj.spec.replicas >= 2, `${name} runs at least 2 replicas`);
      const containers = obj.spec.template.spec.containers as Array<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
      assert.ok(containers.length > 0);
      for (const c of containers) {
        assert.equal(c.readinessProbe?.httpGet?.path, '/readyz', `${name}: readiness probe on /readyz`);
        assert.equal(c.livenessProbe?.httpGet?.path, '/healthz', `${name}: liveness probe on /healthz`);
        assert.equal(c.securityContext?.allowPrivilegeEscalation, false, `${name}: no privilege escalation`);
      }
      assert.equal(obj.spec.template.spec.securityContext?.runAsNonRoot, true, `${name} runs as non-root`);
      const selector = obj.spec.selector.matchLabels as Record<string, string>;
      const labels = obj.spec.template.metadata.labels as Record<string, string>;
      for (const [k, v] of Object.entries(selector)) assert.equal(labels[k], v, `${name}: selector matches pod labels`);
    }
  });

  test('each Deployment has a Service selecting its pods on a port the container exposes', () => {
    const services = ofKind('Service');
    for (const { obj: dep } of deployments) {
      const name = dep.metadata?.name;
      const labels = dep.spec.template.metadata.labels as Record<string, string>;
      const svc = services.find(({ obj }) => obj.metadata?.name === name)?.obj;
      assert.ok(svc, `Service ${name} exists`);
      for (const [k, v] of Object.entries(svc.spec.selector as Record<string, string>)) {
        assert.equal(labels[k], v, `Service ${name} selects the ${name} pods`);
      }
      const containerPorts = (dep.spec.template.spec.containers as Array<{ ports?: Array<{ name?: string; containerPort: number }> }>).flatMap((c) => c.ports ?? []);
      for (const port of svc.spec.ports as Array<{ port: number; targetPort?: number | string }>) {
        const target = port.targetPort ?? port.port;
        assert.ok(
          containerPorts.some((p) => p.name === target || p.containerPort === target),
          `Service ${name} targetPort ${target} is a container port`,
        );
      }
      const envPort = (dep.spec.template.spec.containers[0].env as Array<{ name: string; value?: string }>).find((e) => e.name === 'PORT')?.value;
      assert.equal(Number(envPort), containerPorts[0]?.containerPort, `${name}: PORT matches the container port`);
    }
  });

  test('Secret and ConfigMap references resolve; the Secret is a placeholder template kept out of kustomize', () => {
    const secrets = ofKind('Secret');
    assert.equal(secrets.length, 1, 'one Secret template');
    const secret = secrets[0]!;
    const secretKeys = Object.keys({ ...secret.obj.data, ...secret.obj.stringData });
    for (const key of ['GATEWAY_SECRET', 'SESSION_SECRET', 'PORTAL_CLIENT_SECRET', ...SERVICE_ACCOUNT_SECRETS]) {
      assert.ok(secretKeys.includes(key), `the Secret template has ${key}`);
      assert.match(secret.obj.stringData?.[key] ?? '', /CHANGE-ME/, `${key} is a placeholder`);
    }
    const templateText = readRepoFile(K8S_DIR + secret.file);
    assert.match(templateText, /^#.*(template|placeholder)/im, 'the template says it is one');
    // The commands that create the real Secret (the template's comment, README step 2) set every key.
    const readme = readRepoFile(K8S_DIR + 'README.md');
    const readmeSecretCommand = /create secret generic alliance-secrets[^`]*/.exec(readme)?.[0] ?? '';
    for (const key of secretKeys) {
      assert.ok(templateText.includes(`--from-literal=${key}=`), `${secret.file}'s example command sets ${key}`);
      assert.ok(readmeSecretCommand.includes(`--from-literal=${key}=`), `README's alliance-secrets command sets ${key}`);
    }
    const configMaps = new Map(ofKind('ConfigMap').map(({ obj }) => [obj.metadata?.name, obj.data ?? {}]));
    for (const { obj: dep } of deployments) {
      const name = dep.metadata?.name;
      for (const c of dep.spec.template.spec.containers as Array<Record<string, any>>) { // eslint-disable-line @typescript-eslint/no-explicit-any
        for (const from of c.envFrom ?? []) {
          if (from.configMapRef) assert.ok(configMaps.has(from.configMapRef.name), `${name}: ConfigMap ${from.configMapRef.name} exists`);
          assert.equal(from.secretRef, undefined, `${name}: secrets are referenced key by key`);
        }
        for (const e of c.env ?? []) {
          const ref = e.valueFrom?.secretKeyRef;
          if (ref) {
            assert.equal(ref.name, secret.obj.metadata?.name, `${name}.${e.name}: Secret name`);
            assert.ok(secretKeys.includes(ref.key), `${name}.${e.name}: key ${ref.key} is in the Secret template`);
          }
        }
      }
    }
    const kustomization = objects.find(({ obj }) => obj.kind === 'Kustomization')?.obj;
    assert.ok(kustomization, 'kustomization.yaml exists');
    for (const resource of kustomization.resources ?? []) assert.ok(existsSync(repoUrl(K8S_DIR + resource)), `${resource} exists`);
    assert.ok(!(kustomization.resources ?? []).includes(secret.file), 'the placeholder Secret is not applied by kustomize');
  });

  test('every service gets the settings its config reads, secrets from the Secret', () => {
    const config = ofKind('ConfigMap')[0]!.obj.data ?? {};
    for (const { obj: dep } of deployments) {
      assert.deepEqual(findK8sEnvProblems(dep, config), [], `${dep.metadata?.name}`);
    }
    // Each service account is handed to the one Deployment whose config reads it.
    for (const [name, clientId] of serviceAccountCallers()) {
      const dep = deployments.find(({ obj }) => obj.metadata?.name === name)?.obj;
      const value = (dep?.spec.template.spec.containers[0].env ?? []).find((e: { name: string }) => e.name === 'SERVICE_CLIENT_ID')?.value;
      assert.equal(value, clientId, `${name} calls as ${clientId}`);
    }
    // ...and no other Deployment gets one (commissions consumes events only).
    assert.deepEqual(serviceAccountHolders(deployments.map(({ obj }) => obj)), [...serviceAccountCallers().keys()].sort());
    for (const secretName of ['GATEWAY_SECRET', 'SESSION_SECRET', 'PORTAL_CLIENT_SECRET', 'SERVICE_CLIENT_SECRET', ...SERVICE_ACCOUNT_SECRETS]) {
      assert.equal(config[secretName], undefined, `${secretName} is not in the ConfigMap`);
    }
    // The ConfigMap goes to every service: a service identity there would let each one call as it.
    assert.equal(config.SERVICE_CLIENT_ID, undefined, 'SERVICE_CLIENT_ID is set per Deployment, not in the ConfigMap');
  });

  test('the env check catches a broken Deployment (negative self-check)', () => {
    const config = structuredClone(ofKind('ConfigMap')[0]!.obj.data ?? {});
    const promotions = structuredClone(deployments.find(({ obj }) => obj.metadata?.name === 'promotions')!.obj);
    const env = promotions.spec.template.spec.containers[0].env as Array<{ name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }>;
    // Calling as merchants with merchants' secret, and no merchants URL in the ConfigMap.
    env.find((e) => e.name === 'SERVICE_CLIENT_ID')!.value = 'svc-merchants';
    env.find((e) => e.name === 'SERVICE_CLIENT_SECRET')!.valueFrom!.secretKeyRef!.key = 'SVC_MERCHANTS_CLIENT_SECRET';
    delete config.MERCHANTS_URL;
    assert.deepEqual(findK8sEnvProblems(promotions, config), [
      'promotions does not get MERCHANTS_URL',
      'promotions calls as svc-merchants, not svc-promotions',
      'promotions.SERVICE_CLIENT_SECRET is the Secret\'s SVC_MERCHANTS_CLIENT_SECRET, not SVC_PROMOTIONS_CLIENT_SECRET',
    ]);
    // The secret as a literal value instead of a Secret reference.
    const secretEntry = env.find((e) => e.name === 'SERVICE_CLIENT_SECRET')!;
    delete secretEntry.valueFrom;
    secretEntry.value = 'hunter2-hunter2-hunter2';
    assert.ok(findK8sEnvProblems(promotions, config).includes('promotions.SERVICE_CLIENT_SECRET does not come from the Secret'));
    // A service account handed to a Deployment that calls no subgraph.
    const commissions = structuredClone(deployments.find(({ obj }) => obj.metadata?.name === 'commissions')!.obj);
    commissions.spec.template.spec.containers[0].env.push({ name: 'SERVICE_CLIENT_ID', value: 'svc-commissions' });
    assert.deepEqual(serviceAccountHolders([commissions]), ['commissions']);
  });

  test('service URLs in the ConfigMap name in-cluster Services on the ports they serve', () => {
    const config = ofKind('ConfigMap').find(({ obj }) => obj.metadata?.name === 'alliance-config')?.obj.data ?? {};
    const services = new Map(ofKind('Service').map(({ obj }) => [obj.metadata?.name, obj]));
    // HTTP URLs only (NATS_URL, a list of nats:// servers, is checked with the NATS cluster below).
    const urls = Object.entries(config).filter(([key, value]) => key.endsWith('_URL') && /^https?:\/\//.test(value));
    for (const name of SUBGRAPHS) assert.ok(config[`${name.toUpperCase()}_URL`], `alliance-config has ${name.toUpperCase()}_URL`);
    let checked = 0;
    for (const [key, value] of urls) {
      const url = new URL(value);
      // Only this namespace's Services: Keycloak and the public URLs are provisioned separately.
      const svcName = /^([a-z0-9-]+)\.alliance\.svc(\.cluster\.local)?$/.exec(url.hostname)?.[1];
      if (!svcName) continue;
      const svc = services.get(svcName);
      assert.ok(svc, `${key}: Service ${svcName} exists`);
      assert.ok((svc.spec.ports as Array<{ port: number }>).some((p) => String(p.port) === url.port), `${key}: Service ${svcName} listens on ${url.port}`);
      assert.equal(url.pathname, '/graphql', `${key} is a GraphQL endpoint`);
      checked += 1;
    }
    assert.ok(checked >= SUBGRAPHS.length + 1, `every subgraph URL and GATEWAY_URL checked (${checked})`);
  });

  test('Keycloak gets the production realm only: an operator realm import with placeholders from a Secret, outside kustomize', () => {
    const imports = ofKind('KeycloakRealmImport');
    assert.equal(imports.length, 1);
    const { file, obj } = imports[0]!;
    const kustomization = objects.find(({ obj: o }) => o.kind === 'Kustomization')?.obj;
    assert.ok(!(kustomization?.resources ?? []).includes(file), 'needs the operator CRDs: applied by hand');
    const realm = obj.spec.realm as { users: { username: string; serviceAccountClientId?: string }[]; clients: { clientId: string; secret?: string }[] };
    assert.deepEqual(realm.users.filter((u) => !u.serviceAccountClientId), [], 'no demo users');
    const ids = realm.clients.map((c) => c.clientId);
    for (const dev of ['alliance-cli', 'short-lived-cli', 'other-app']) assert.ok(!ids.includes(dev), `${dev} is development only`);
    for (const c of realm.clients) if (c.secret !== undefined) assert.match(c.secret, /^\$\{[A-Z_]+\}$/, `${c.clientId}: secret from a placeholder`);
    for (const ref of Object.values(obj.spec.placeholders as Record<string, { secret?: { name?: string } }>)) assert.ok(ref.secret?.name, 'placeholder from a Secret');
    const text = readRepoFile(K8S_DIR + file);
    for (const known of ['-dev-secret', 'demo1234', 'localhost']) assert.ok(!text.includes(known), `no ${known}`);
  });

  test('the Ingress exposes only the portal and the gateway, and MongoDB / Keycloak are not run here', () => {
    const services = new Map(ofKind('Service').map(({ obj }) => [obj.metadata?.name, obj]));
    const ingresses = ofKind('Ingress');
    assert.ok(ingresses.length > 0, 'an Ingress exists');
    const backends = new Set<string>();
    for (const { obj } of ingresses) {
      for (const rule of obj.spec.rules ?? []) {
        for (const path of rule.http?.paths ?? []) {
          const { name, port } = path.backend.service;
          const svc = services.get(name);
          assert.ok(svc, `Ingress backend ${name} is a Service`);
          assert.ok(
            (svc.spec.ports as Array<{ name?: string; port: number }>).some((p) => p.name === port.name || p.port === port.number),
            `Ingress backend ${name} port exists`,
          );
          backends.add(name);
        }
      }
    }
    assert.deepEqual([...backends].sort(), ['gateway', 'web']);
    const images = deployments.flatMap(({ obj }) => (obj.spec.template.spec.containers as Array<{ image: string }>).map((c) => c.image));
    assert.ok(!images.some((i) => /mongo|keycloak|ferretdb/i.test(i)), `no home-made database or IdP: ${images.join(', ')}`);
    // The NATS cluster is the one StatefulSet (checked below); MongoDB is provisioned separately.
    assert.deepEqual(ofKind('StatefulSet').map(({ obj }) => obj.metadata?.name), ['nats'], 'no StatefulSet but NATS');
    const readme = readRepoFile(K8S_DIR + 'README.md');
    assert.match(readme, /keycloak-realm-import\.yaml/);
    assert.match(readme, /MongoDB/);
    assert.match(readme, /replica set/i);
    assert.match(readme, /Keycloak operator/);
  });
});

// ---------------------------------------------------------------------------------------------
// The tools themselves, where installed (skipped otherwise): Compose's own model of the file, and
// kustomize's build of the manifests.
// ---------------------------------------------------------------------------------------------

function toolMissing(command: string, args: string[]): string | false {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
    return false;
  } catch {
    return `${command} ${args.join(' ')} is not available here`;
  }
}

test('docker compose config accepts docker-compose.yml once its required variables are set', { skip: toolMissing('docker', ['compose', 'version']) }, () => {
  const required = new Set([...readRepoFile('docker-compose.yml').matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*):?\?/g)].map((m) => m[1]!));
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of required) env[name] = 'placeholder-value-for-compose-config-0123456789';
  const root = fileURLToPath(repoRoot);
  const services = execFileSync('docker', ['compose', '--project-directory', root, '-f', fileURLToPath(repoUrl('docker-compose.yml')), 'config', '--services'], { env, encoding: 'utf8' });
  for (const name of ['mongo', 'keycloak', ...NATS_NODES, ...NODE_SERVICES, 'seed']) assert.ok(services.split('\n').includes(name), `compose sees ${name}`);
});

test('kubectl kustomize builds deploy/k8s with every service image', { skip: toolMissing('kubectl', ['version', '--client']) }, () => {
  const built = parseAllDocuments(execFileSync('kubectl', ['kustomize', fileURLToPath(repoUrl(K8S_DIR))], { encoding: 'utf8' })).map((d) => d.toJS() as K8sObject);
  const images = built
    .filter((o) => o.kind === 'Deployment')
    .flatMap((o) => (o.spec.template.spec.containers as Array<{ image: string }>).map((c) => c.image))
    .sort();
  assert.deepEqual(images, ['commissions', 'gateway', 'members', 'merchants', 'promotions', 'web'].map((n) => `alliance/${n}:0.1.0`));
  assert.ok(built.every((o) => o.kind === 'Namespace' || o.metadata?.namespace === 'alliance'), 'everything in namespace alliance');
});
