import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { requestIdFrom } from './request-context.js';

test('a plain request id from the caller is kept; anything else gets a fresh one', () => {
  assert.equal(requestIdFrom('gw-1f2e:7'), 'gw-1f2e:7');
  for (const bad of [undefined, '', 'a b', 'x'.repeat(65), 'line\nbreak', ['a', 'b']]) {
    assert.match(requestIdFrom(bad), /^[0-9a-f-]{36}$/);
  }
  assert.notEqual(requestIdFrom(undefined), requestIdFrom(undefined));
});

test('what services import from the runtime (domain errors, the request context) never loads GraphQL', () => {
  for (const file of ['./domain-error.ts', './request-context.ts']) {
    const source = readFileSync(new URL(file, import.meta.url), 'utf8');
    assert.doesNotMatch(source, /from ['"](graphql|@apollo\/[^'"]+)['"]/, file);
  }
});
