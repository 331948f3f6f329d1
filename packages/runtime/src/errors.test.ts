import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatError } from './errors.js';

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
