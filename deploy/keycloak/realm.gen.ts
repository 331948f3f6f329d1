/**
 * Writes the realms Keycloak imports. Edit this file, not the output: `npx tsx deploy/keycloak/realm.gen.ts`.
 * A test checks every output is what this writes.
 *
 * - alliance-realm.json: the development realm (`npm start`, `npm test`): demo users, password-grant
 *   test clients, published secrets.
 * - alliance-realm.prod.json: what docker-compose imports. No users, no test clients, and every secret
 *   and URL is a `${NAME}` placeholder Keycloak resolves from its environment at import.
 * - ../k8s/keycloak-realm-import.yaml: the same production realm as a Keycloak operator
 *   KeycloakRealmImport whose placeholders come from a Secret.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';

export const REALM_PATH = fileURLToPath(new URL('./alliance-realm.json', import.meta.url));
export const PROD_REALM_PATH = fileURLToPath(new URL('./alliance-realm.prod.json', import.meta.url));
export const K8S_REALM_IMPORT_PATH = fileURLToPath(new URL('../k8s/keycloak-realm-import.yaml', import.meta.url));
export const DEMO_PASSWORD = 'demo1234';
export const API_AUDIENCE = 'alliance-api';

const ROLES = ['shopper', 'merchant-owner', 'merchant-staff', 'alliance-admin', 'group-leader'];
/** Held only by service accounts; subgraphs accept it for service commands only (packages/auth/src/service-identity.ts). */
export const SERVICE_ROLE = 'service';
/** Subgraphs that call other subgraphs' service commands, each with its own client-credentials account. */
export const CALLING_SERVICES = ['merchants', 'members', 'promotions', 'commissions'] as const;
export const serviceClientId = (service: string) => `svc-${service}`;
export const DEV_PORTAL_SECRET = 'alliance-portal-dev-secret';

export type RealmKind = 'dev' | 'prod';

/** Environment variables the production realm reads at import (Keycloak resolves `${NAME}`). */
export const PROD_REALM_ENV = ['PORTAL_URL', 'PORTAL_CLIENT_SECRET', ...CALLING_SERVICES.map((s) => serviceSecretEnv(s))];
export function serviceSecretEnv(service: string): string {
  return `SVC_${service.toUpperCase()}_CLIENT_SECRET`;
}
const placeholder = (name: string) => `\${${name}}`;

const users = [
  { username: 'alice', firstName: 'Alice', lastName: 'Wang', roles: ['shopper'], merchants: [] },
  { username: 'bob', firstName: 'Bob', lastName: 'Li', roles: ['shopper'], merchants: [] },
  { username: 'fruit-owner', firstName: '果果', lastName: '陈', roles: ['merchant-owner', 'shopper'], merchants: ['m-fruit'] },
  { username: 'bakery-owner', firstName: '麦麦', lastName: '刘', roles: ['merchant-owner', 'shopper'], merchants: ['m-bakery'] },
  { username: 'admin', firstName: 'Alliance', lastName: 'Admin', roles: ['alliance-admin'], merchants: [] },
  // 团长: runs the pickup point of 翠苑一区 (seeded by the merchants subgraph).
  { username: 'leader', firstName: '团团', lastName: '王', roles: ['group-leader', 'shopper'], merchants: [] },
  // 团长 of 文新小区's pickup point.
  { username: 'leader2', firstName: '小文', lastName: '李', roles: ['group-leader', 'shopper'], merchants: [] },
];

const attributeMapper = (name: string, attribute: string, multivalued: boolean) => ({
  name,
  protocol: 'openid-connect',
  protocolMapper: 'oidc-usermodel-attribute-mapper',
  config: {
    'user.attribute': attribute,
    'claim.name': attribute,
    'jsonType.label': 'String',
    multivalued: String(multivalued),
    'access.token.claim': 'true',
    'id.token.claim': 'true',
    'userinfo.token.claim': 'true',
  },
});

const audienceMapper = {
  name: 'alliance-api audience',
  protocol: 'openid-connect',
  protocolMapper: 'oidc-audience-mapper',
  config: { 'included.custom.audience': API_AUDIENCE, 'access.token.claim': 'true', 'id.token.claim': 'false' },
};

/** Claims every token for our API carries: the API audience, the tenant and the shops a user runs. */
const apiMappers = [
  audienceMapper,
  attributeMapper('alliance id', 'alliance_id', false),
  attributeMapper('merchant ids', 'merchant_ids', true),
];

const userProfile = {
  attributes: [
    { name: 'username', displayName: '${username}', validations: { length: { min: 3, max: 255 }, 'username-prohibited-characters': {}, 'up-username-not-idn-homograph': {} }, permissions: { view: ['admin', 'user'], edit: ['admin', 'user'] }, multivalued: false },
    { name: 'email', displayName: '${email}', validations: { email: {}, length: { max: 255 } }, permissions: { view: ['admin', 'user'], edit: ['admin', 'user'] }, multivalued: false },
    { name: 'firstName', displayName: '${firstName}', validations: { length: { max: 255 }, 'person-name-prohibited-characters': {} }, permissions: { view: ['admin', 'user'], edit: ['admin', 'user'] }, multivalued: false },
    { name: 'lastName', displayName: '${lastName}', validations: { length: { max: 255 }, 'person-name-prohibited-characters': {} }, permissions: { view: ['admin', 'user'], edit: ['admin', 'user'] }, multivalued: false },
  ],
  groups: [{ name: 'user-metadata', displayHeader: 'User metadata', displayDescription: 'Attributes, which refer to user metadata' }],
  // alliance_id / merchant_ids are set by admins and read by mappers; users cannot edit them.
  unmanagedAttributePolicy: 'ADMIN_EDIT',
};

/** Development: the local portals of `npm start` (:3000) and `npm test` (:13000, shifted by TEST_PORT_OFFSET up to 1000). */
const DEV_PORTAL_ORIGINS = ['http://localhost:3000', ...Array.from({ length: 10 }, (_, i) => `http://localhost:${13000 + i * 100}`)];

function portalClient(kind: RealmKind) {
  const origins = kind === 'dev' ? DEV_PORTAL_ORIGINS : [placeholder('PORTAL_URL')];
  return {
    clientId: 'alliance-portal',
    name: 'Alliance portal',
    enabled: true,
    publicClient: false,
    secret: kind === 'dev' ? DEV_PORTAL_SECRET : placeholder('PORTAL_CLIENT_SECRET'),
    standardFlowEnabled: true,
    directAccessGrantsEnabled: false,
    implicitFlowEnabled: false,
    redirectUris: origins.map((o) => `${o}/*`),
    webOrigins: origins,
    attributes: { 'pkce.code.challenge.method': 'S256', 'post.logout.redirect.uris': origins.map((o) => `${o}/*`).join('##') },
    protocol: 'openid-connect',
    protocolMappers: apiMappers,
  };
}

/**
 * One confidential client per calling service, client-credentials only. Its tokens carry the API
 * audience and the `service` role, and no alliance: the tenant comes from the signed request.
 */
function serviceClient(service: string, kind: RealmKind) {
  const clientId = serviceClientId(service);
  return {
    clientId,
    name: `Service account of the ${service} subgraph`,
    enabled: true,
    publicClient: false,
    clientAuthenticatorType: 'client-secret',
    secret: kind === 'dev' ? `${clientId}-dev-secret` : placeholder(serviceSecretEnv(service)),
    standardFlowEnabled: false,
    implicitFlowEnabled: false,
    directAccessGrantsEnabled: false,
    serviceAccountsEnabled: true,
    protocol: 'openid-connect',
    protocolMappers: [audienceMapper],
  };
}

/**
 * Keycloak's own admin roles a service account holds: the member pool deletes a member's login when
 * she erases herself (PIPL), and the merchants subgraph makes shop owners' and staff accounts
 * (onboarding, invitations), so `svc-members` and `svc-merchants` may manage users (which includes
 * finding them); no other service touches accounts.
 */
const ACCOUNT_ADMIN: Partial<Record<string, Record<string, string[]>>> = {
  members: { 'realm-management': ['manage-users'] },
  merchants: { 'realm-management': ['manage-users'] },
};

const serviceAccountUser = (service: string) => ({
  username: `service-account-${serviceClientId(service)}`,
  enabled: true,
  serviceAccountClientId: serviceClientId(service),
  realmRoles: [SERVICE_ROLE],
  ...(ACCOUNT_ADMIN[service] ? { clientRoles: ACCOUNT_ADMIN[service] } : {}),
});

/** Development realm only: clients that make tests and scripts possible, and must never reach production. */
const devOnlyClients = [
  {
    // Password grant so scripts and API tests can get tokens.
    clientId: 'alliance-cli',
    name: 'Alliance CLI (dev only, direct access grants)',
    enabled: true,
    publicClient: true,
    standardFlowEnabled: false,
    directAccessGrantsEnabled: true,
    protocol: 'openid-connect',
    protocolMappers: apiMappers,
  },
  {
    // Tokens that expire after 2 s, so tests prove expired tokens are refused.
    clientId: 'short-lived-cli',
    name: 'Short-lived tokens (dev only, expiry tests)',
    enabled: true,
    publicClient: true,
    standardFlowEnabled: false,
    directAccessGrantsEnabled: true,
    attributes: { 'access.token.lifespan': '2' },
    protocol: 'openid-connect',
    protocolMappers: apiMappers,
  },
  {
    // Issues tokens WITHOUT the API audience, so tests prove they are refused.
    clientId: 'other-app',
    name: 'Unrelated app (dev only, wrong-audience tests)',
    enabled: true,
    publicClient: true,
    standardFlowEnabled: false,
    directAccessGrantsEnabled: true,
    protocol: 'openid-connect',
  },
];

const demoUsers = () =>
  users.map((u) => ({
    username: u.username,
    enabled: true,
    email: `${u.username}@demo.alliance.local`,
    emailVerified: true,
    firstName: u.firstName,
    lastName: u.lastName,
    attributes: { alliance_id: ['demo'], ...(u.merchants.length ? { merchant_ids: u.merchants } : {}) },
    credentials: [{ type: 'password', value: DEMO_PASSWORD, temporary: false }],
    realmRoles: u.roles,
  }));

export interface RealmClient {
  clientId: string;
  publicClient?: boolean;
  secret?: string;
  standardFlowEnabled?: boolean;
  directAccessGrantsEnabled?: boolean;
  serviceAccountsEnabled?: boolean;
  redirectUris?: string[];
  protocolMappers?: { protocolMapper: string }[];
}

export interface RealmUser {
  username: string;
  serviceAccountClientId?: string;
  attributes?: Record<string, string[]>;
  realmRoles: string[];
  clientRoles?: Record<string, string[]>;
  credentials?: unknown[];
}

export function buildRealm(kind: RealmKind = 'dev') {
  const clients: RealmClient[] = [
    {
      clientId: API_AUDIENCE,
      name: 'Alliance GraphQL API (token audience)',
      enabled: true,
      bearerOnly: true,
      protocol: 'openid-connect',
    } as RealmClient,
    portalClient(kind),
    ...CALLING_SERVICES.map((s) => serviceClient(s, kind)),
    ...(kind === 'dev' ? devOnlyClients : []),
  ];
  const realmUsers: RealmUser[] = [...(kind === 'dev' ? demoUsers() : []), ...CALLING_SERVICES.map(serviceAccountUser)];
  return {
    realm: 'alliance',
    displayName: '邻里联盟 Neighbourhood Alliance',
    enabled: true,
    sslRequired: 'external',
    registrationAllowed: false,
    loginWithEmailAllowed: true,
    internationalizationEnabled: true,
    supportedLocales: ['zh-CN', 'en'],
    defaultLocale: 'zh-CN',
    accessTokenLifespan: 300,
    ssoSessionIdleTimeout: 1800,
    bruteForceProtected: true,
    ...(kind === 'prod' ? { passwordPolicy: 'length(12) and notUsername and notEmail' } : {}),
    roles: {
      realm: [
        ...ROLES.map((name) => ({ name, description: `alliance role ${name}` })),
        { name: SERVICE_ROLE, description: 'calling subgraph (service accounts only): may run service commands, nothing else' },
      ],
    },
    components: {
      'org.keycloak.userprofile.UserProfileProvider': [
        { providerId: 'declarative-user-profile', subComponents: {}, config: { 'kc.user.profile.config': [JSON.stringify(userProfile)] } },
      ],
    },
    clients,
    users: realmUsers,
  };
}

/** The production realm as a Keycloak operator KeycloakRealmImport; placeholders come from a Secret. */
export function buildK8sRealmImport() {
  return {
    apiVersion: 'k8s.keycloak.org/v2alpha1',
    kind: 'KeycloakRealmImport',
    metadata: { name: 'alliance-realm', namespace: 'keycloak', labels: { 'app.kubernetes.io/part-of': 'alliance' } },
    spec: {
      keycloakCRName: 'keycloak',
      placeholders: Object.fromEntries(PROD_REALM_ENV.map((name) => [name, { secret: { name: 'alliance-realm-secrets', key: name } }])),
      realm: buildRealm('prod'),
    },
  };
}

export const realmJson = (kind: RealmKind = 'dev') => `${JSON.stringify(buildRealm(kind), null, 2)}\n`;
export const k8sRealmImportYaml = () =>
  `# GENERATED by deploy/keycloak/realm.gen.ts (do not edit). The production realm for the Keycloak operator;\n` +
  `# not in kustomization.yaml (it lives in Keycloak's namespace and needs the operator's CRDs). See README.md.\n` +
  stringify(buildK8sRealmImport(), { lineWidth: 0 });

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(REALM_PATH, realmJson('dev'));
  writeFileSync(PROD_REALM_PATH, realmJson('prod'));
  writeFileSync(K8S_REALM_IMPORT_PATH, k8sRealmImportYaml());
  console.log(`wrote ${REALM_PATH}, ${PROD_REALM_PATH}, ${K8S_REALM_IMPORT_PATH}`);
}
