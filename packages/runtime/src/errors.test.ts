import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApolloServer } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { DomainError } from './domain-error.js';
import { errorCodeOf, formatError } from './errors.js';

const downstream = {
  message: 'Response not successful: Received status code 403',
  path: ['me'],
  extensions: {
    code: 'FORBIDDEN',
    serviceName: 'members',
    response: { url: 'http://members.alliance.svc:4002/graphql', status: 403, body: '…' },
    stacktrace: ['Error: …', '    at sendOperation (…)'],
  },
};

test('production keeps only the code (and field) of a known error', () => {
  assert.deepEqual(formatError(true)(downstream), { ...downstream, extensions: { code: 'FORBIDDEN' } });
  const bad = { message: 'first must be between 1 and 100', extensions: { code: 'BAD_USER_INPUT', field: 'first', stacktrace: [] } };
  assert.deepEqual(formatError(true)(bad).extensions, { code: 'BAD_USER_INPUT', field: 'first' });
});

test('unexpected errors become a generic INTERNAL_SERVER_ERROR in production', () => {
  const boom = { message: 'Cannot read properties of undefined (reading x)', extensions: { code: 'SOMETHING', stacktrace: ['TypeError'] } };
  assert.deepEqual(formatError(true)(boom), { message: 'Internal server error', locations: undefined, path: undefined, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
});

test('development keeps details for debugging', () => {
  assert.ok(formatError(false)(downstream).extensions?.stacktrace);
});

/** A resolver throws; Apollo wraps it (originalError) and the server's formatError maps it at the edge. */
async function answerOf(production: boolean, thrown: Error) {
  const server = new ApolloServer({
    typeDefs: 'type Query { storefront(first: Int): Int }',
    resolvers: { Query: { storefront: () => { throw thrown; } } },
    includeStacktraceInErrorResponses: !production,
    formatError: formatError(production),
  });
  await server.start();
  try {
    const res = await server.executeOperation({ query: '{ storefront(first: 0) }' });
    assert.equal(res.body.kind, 'single');
    return res.body.kind === 'single' ? res.body.singleResult.errors?.[0] : undefined;
  } finally {
    await server.stop();
  }
}

for (const production of [false, true]) {
  const mode = production ? 'production' : 'development';

  test(`a DomainError thrown by a resolver leaves with its code and field (${mode})`, async () => {
    const err = await answerOf(production, DomainError.badInput('first must be between 1 and 100', 'first'));
    assert.equal(err?.message, 'first must be between 1 and 100');
    assert.deepEqual(err?.extensions, { code: 'BAD_USER_INPUT', field: 'first' });
    assert.deepEqual(err?.path, ['storefront']);
  });

  test(`each DomainError code reaches the client unchanged (${mode})`, async () => {
    for (const e of [DomainError.unauthenticated(), DomainError.forbidden('not your shop'), DomainError.notFound('no such order')]) {
      assert.deepEqual((await answerOf(production, e))?.extensions, { code: e.code });
    }
  });

  test(`any other thrown error is INTERNAL_SERVER_ERROR (${mode})`, async () => {
    const err = await answerOf(production, new TypeError('Cannot read properties of undefined'));
    assert.equal(err?.extensions?.code, 'INTERNAL_SERVER_ERROR');
    assert.equal(err?.message, production ? 'Internal server error' : 'Cannot read properties of undefined');
    assert.equal(err?.extensions?.stacktrace === undefined, production);
  });
}

test('the request log sees the code of a wrapped DomainError', () => {
  const wrapped = new GraphQLError('first must be between 1 and 100', { originalError: DomainError.badInput('x', 'first') });
  assert.equal(errorCodeOf(wrapped), 'BAD_USER_INPUT');
  assert.equal(errorCodeOf(new GraphQLError('boom', { originalError: new Error('boom') })), 'INTERNAL_SERVER_ERROR');
  assert.equal(errorCodeOf(new GraphQLError('no', { extensions: { code: 'FORBIDDEN' } })), 'FORBIDDEN');
});
