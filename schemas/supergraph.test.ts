import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { composeSupergraph, SUPERGRAPH_PATH } from './compose.js';

test('the checked-in supergraph is what the subgraph SDL composes to (run `npm run compose`)', () => {
  assert.equal(readFileSync(SUPERGRAPH_PATH, 'utf8'), composeSupergraph());
});
