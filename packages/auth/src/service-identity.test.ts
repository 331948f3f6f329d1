import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSchema, parse, type OperationDefinitionNode } from 'graphql';
import { principalFromClaims } from './auth.js';
import { authorizeOperation, rootFieldsOf, serviceClientOf, serviceCommandsOf } from './service-identity.js';
import { resolveTenant } from './tenant.js';

const serviceClaims = { sub: 's1', azp: 'svc-promotions', preferred_username: 'service-account-svc-promotions', realm_access: { roles: ['service'] } };
const service = principalFromClaims(serviceClaims);
const shopper = principalFromClaims({ sub: 'u1', alliance_id: 'demo', realm_access: { roles: ['shopper'] } });

test('only a service account of the very client that got the token is a service', () => {
  assert.equal(service.service, 'svc-promotions');
  assert.equal(shopper.service, undefined);
  // A person given the role by mistake, or a token of another client for that account, is not.
  assert.equal(serviceClientOf({ ...serviceClaims, preferred_username: 'alice' }), undefined);
  assert.equal(serviceClientOf({ ...serviceClaims, azp: 'alliance-cli' }), undefined);
  assert.equal(serviceClientOf({ ...serviceClaims, realm_access: { roles: [] } }), undefined);
});

test('service commands are the @inaccessible root fields of the subgraph SDL', () => {
  const schema = buildSchema(`
    directive @inaccessible on FIELD_DEFINITION | OBJECT
    type Query { storefront: Int  productPrices(ids: [ID!]!): [Int!]! @inaccessible }
    type Mutation { follow: Int  reserveCoupon: Int @inaccessible }
  `);
  assert.deepEqual([...serviceCommandsOf(schema)].sort(), ['productPrices', 'reserveCoupon']);
});

const op = (src: string) => {
  const doc = parse(src);
  return rootFieldsOf(doc, doc.definitions.find((d) => d.kind === 'OperationDefinition') as OperationDefinitionNode);
};

test('root fields are found through fragments and inline fragments, each fragment once', () => {
  assert.deepEqual(op('{ a b { x } __typename }'), ['a', 'b']);
  assert.deepEqual(op('query { ...F ... on Query { c } } fragment F on Query { a ...G } fragment G on Query { b ...F }'), ['a', 'b', 'c']);
});

test('service commands for services only; services for service commands only', () => {
  const commands = new Set(['productPrices']);
  assert.deepEqual(authorizeOperation(['productPrices'], commands, service), { ok: true });
  assert.deepEqual(authorizeOperation(['storefront'], commands, shopper), { ok: true });
  assert.deepEqual(authorizeOperation(['storefront'], commands, null), { ok: true });
  const refused = (fields: string[], p: typeof service | null) => {
    const d = authorizeOperation(fields, commands, p);
    return d.ok ? 'ok' : d.code;
  };
  assert.equal(refused(['productPrices'], shopper), 'FORBIDDEN');
  assert.equal(refused(['productPrices'], null), 'UNAUTHENTICATED');
  assert.equal(refused(['storefront'], service), 'FORBIDDEN');
  assert.equal(refused(['productPrices', 'storefront'], service), 'FORBIDDEN');
  assert.equal(refused(['_entities'], service), 'FORBIDDEN');
});

test('a service acts for the signed tenant at a subgraph, and nowhere at the gateway', () => {
  assert.deepEqual(resolveTenant(service, 'demo', null, { acceptServices: true }), { ok: true, allianceId: 'demo' });
  const noTenant = resolveTenant(service, null, 'demo', { acceptServices: true });
  assert.equal(!noTenant.ok && noTenant.code, 'BAD_USER_INPUT');
  const atGateway = resolveTenant(service, 'demo', 'demo');
  assert.equal(!atGateway.ok && atGateway.code, 'FORBIDDEN');
  // People keep their token's alliance wherever they are.
  const other = resolveTenant(shopper, 'other', null, { acceptServices: true });
  assert.equal(!other.ok && other.code, 'FORBIDDEN');
});
