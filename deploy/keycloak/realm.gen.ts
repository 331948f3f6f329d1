/**
 * Writes deploy/keycloak/alliance-realm.json, the development realm Keycloak imports. Edit this file,
 * not the JSON: `npx tsx deploy/keycloak/realm.gen.ts`. A test checks the JSON is what this writes.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const REALM_PATH = fileURLToPath(new URL('./alliance-realm.json', import.meta.url));
export const DEMO_PASSWORD = 'demo1234';
export const API_AUDIENCE = 'alliance-api';

const ROLES = ['shopper', 'merchant-owner', 'merchant-staff', 'alliance-admin', 'group-leader'];

const users = [
  { username: 'alice', firstName: 'Alice', lastName: 'Wang', roles: ['shopper'], merchants: [] },
  { username: 'bob', firstName: 'Bob', lastName: 'Li', roles: ['shopper'], merchants: [] },
  { username: 'fruit-owner', firstName: '果果', lastName: '陈', roles: ['merchant-owner', 'shopper'], merchants: ['m-fruit'] },
  { username: 'bakery-owner', firstName: '麦麦', lastName: '刘', roles: ['merchant-owner', 'shopper'], merchants: ['m-bakery'] },
  { username: 'admin', firstName: 'Alliance', lastName: 'Admin', roles: ['alliance-admin'], merchants: [] },
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

/** Claims every token for our API carries: the API audience, the tenant and the shops a user runs. */
const apiMappers = [
  {
    name: 'alliance-api audience',
    protocol: 'openid-connect',
    protocolMapper: 'oidc-audience-mapper',
    config: { 'included.custom.audience': API_AUDIENCE, 'access.token.claim': 'true', 'id.token.claim': 'false' },
  },
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

export function buildRealm() {
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
    roles: { realm: ROLES.map((name) => ({ name, description: `alliance role ${name}` })) },
    components: {
      'org.keycloak.userprofile.UserProfileProvider': [
        { providerId: 'declarative-user-profile', subComponents: {}, config: { 'kc.user.profile.config': [JSON.stringify(userProfile)] } },
      ],
    },
    clients: [
      {
        clientId: API_AUDIENCE,
        name: 'Alliance GraphQL API (token audience)',
        enabled: true,
        bearerOnly: true,
        protocol: 'openid-connect',
      },
      {
        clientId: 'alliance-portal',
        name: 'Alliance portal',
        enabled: true,
        publicClient: false,
        secret: 'alliance-portal-dev-secret',
        standardFlowEnabled: true,
        directAccessGrantsEnabled: false,
        // :3000 is `npm start`'s portal, :13000 the one `npm test` starts beside it.
        redirectUris: ['http://localhost:3000/*', 'http://localhost:13000/*'],
        webOrigins: ['http://localhost:3000', 'http://localhost:13000'],
        attributes: { 'pkce.code.challenge.method': 'S256', 'post.logout.redirect.uris': 'http://localhost:3000/*##http://localhost:13000/*' },
        protocol: 'openid-connect',
        protocolMappers: apiMappers,
      },
      {
        // Development realm only: password grant so scripts and API tests can get tokens.
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
        // Development realm only: tokens that expire after 2 s, so tests prove expired tokens are refused.
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
        // Development realm only: issues tokens WITHOUT the API audience, so tests prove they are refused.
        clientId: 'other-app',
        name: 'Unrelated app (dev only, wrong-audience tests)',
        enabled: true,
        publicClient: true,
        standardFlowEnabled: false,
        directAccessGrantsEnabled: true,
        protocol: 'openid-connect',
      },
    ],
    users: users.map((u) => ({
      username: u.username,
      enabled: true,
      email: `${u.username}@demo.alliance.local`,
      emailVerified: true,
      firstName: u.firstName,
      lastName: u.lastName,
      attributes: { alliance_id: ['demo'], ...(u.merchants.length ? { merchant_ids: u.merchants } : {}) },
      credentials: [{ type: 'password', value: DEMO_PASSWORD, temporary: false }],
      realmRoles: u.roles,
    })),
  };
}

export const realmJson = () => `${JSON.stringify(buildRealm(), null, 2)}\n`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(REALM_PATH, realmJson());
  console.log(`wrote ${REALM_PATH}`);
}
