import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse, type OperationDefinitionNode } from 'graphql';
import { checkOperationLimits } from './limits.js';

const limits = { maxDepth: 4, maxAliases: 2, maxListSize: 100 };
const check = (q: string, vars: Record<string, unknown> = {}) => {
  const doc = parse(q);
  const op = doc.definitions.find((d) => d.kind === 'OperationDefinition') as OperationDefinitionNode;
  return checkOperationLimits(doc, op, vars, limits);
};

test('a normal storefront query passes', () => {
  assert.deepEqual(check('{ storefront(first: 24) { edges { node { merchant { name } } } } }'), []);
});

test('depth counts through fragments', () => {
  const q = 'query { a { b { ...F } } } fragment F on B { c { d { e } } }';
  assert.equal(check(q).length, 0);
  const deeper = 'query { a { b { ...F } } } fragment F on B { c { d { e { f } } } }';
  assert.match(check(deeper).join(), /depth 5 exceeds the limit of 4/);
});

test('aliases are counted', () => {
  assert.match(check('{ a: me { id } b: me { id } c: me { id } }').join(), /3 aliases/);
});

test('list sizes are capped, also through variables', () => {
  assert.match(check('{ storefront(first: 500) { totalCount } }').join(), /first: 500/);
  assert.match(check('query($n: Int) { storefront(first: $n) { totalCount } }', { n: 101 }).join(), /first: 101/);
  assert.deepEqual(check('query($n: Int) { storefront(first: $n) { totalCount } }', { n: 100 }), []);
  // A variable the client leaves out takes its declared default, which is capped too.
  assert.match(check('query($n: Int = 100000) { storefront(first: $n) { totalCount } }').join(), /first: 100000/);
  assert.deepEqual(check('query($n: Int = 100000) { storefront(first: $n) { totalCount } }', { n: 24 }), []);
});

test('fragment cycles do not hang the check', () => {
  assert.doesNotThrow(() => check('query { a { ...F } } fragment F on A { b { ...F } }'));
});
