import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse, visit, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { checkDocumentLimits, checkOperationLimits, DEFAULT_MAX_NODES, type OperationLimits } from './limits.js';

const limits = { maxDepth: 4, maxAliases: 2, maxListSize: 100 };
const firstOperation = (doc: DocumentNode) =>
  doc.definitions.find((d) => d.kind === 'OperationDefinition') as OperationDefinitionNode;
const check = (q: string, vars: Record<string, unknown> = {}, l: OperationLimits = limits) => {
  const doc = parse(q);
  return checkOperationLimits(doc, firstOperation(doc), vars, l).problems;
};

/** Every node of the document, as graphql-js's own visitor sees it: the yardstick for "linear". */
function astNodes(doc: DocumentNode): number {
  let n = 0;
  visit(doc, { enter: () => void (n += 1) });
  return n;
}

/** The measured document: 27 fragments, each spreading the next one twice (2^26 copies of F26 once expanded). */
function fanOutChain(n: number, spreads = 2): string {
  const frags = Array.from({ length: n }, (_, i) =>
    i === n - 1 ? `fragment F${i} on Merchant { id }` : `fragment F${i} on Merchant { ${`...F${i + 1} `.repeat(spreads)}}`,
  );
  return `query { merchants { ...F0 } } ${frags.join(' ')}`;
}

test('a normal storefront query passes', () => {
  assert.deepEqual(check('{ storefront(first: 24) { edges { node { merchant { name } } } } }'), []);
});

test('depth counts through fragments', () => {
  const q = 'query { a { b { ...F } } } fragment F on B { c { d { e } } }';
  assert.equal(check(q).length, 0);
  const deeper = 'query { a { b { ...F } } } fragment F on B { c { d { e { f } } } }';
  assert.match(check(deeper).join(), /depth 5 exceeds the limit of 4/);
  // Inline fragments add no depth; a fragment reached at two depths counts at the deeper one.
  assert.equal(check('{ a { ... on A { b { c } } } }').length, 0);
  const twice = 'query { x { ...F } a { b { ...F } } } fragment F on B { c { d { e { f } } } }';
  assert.match(check(twice).join(), /depth 5/);
});

test('aliases are counted', () => {
  assert.match(check('{ a: me { id } b: me { id } c: me { id } }').join(), /3 aliases/);
});

test('aliases multiply as fragments expand: 10 aliases spread 10 times count 100', () => {
  const aliases = Array.from({ length: 10 }, (_, i) => `a${i}: id`).join(' ');
  const spreads = Array.from({ length: 10 }, (_, i) => `m${i}: merchant(id: "${i}") { ...F }`).join(' ');
  const q = `{ ${spreads} } fragment F on Merchant { ${aliases} }`;
  // 10 aliased merchant fields plus 10 x 10 aliases inside the fragment.
  assert.match(check(q, {}, { ...limits, maxAliases: 30 }).join(), /110 aliases exceed the limit of 30/);
  assert.deepEqual(check(q, {}, { ...limits, maxAliases: 110 }), []);
});

test('list sizes are capped, also through variables', () => {
  assert.match(check('{ storefront(first: 500) { totalCount } }').join(), /first: 500/);
  assert.match(check('query($n: Int) { storefront(first: $n) { totalCount } }', { n: 101 }).join(), /first: 101/);
  assert.deepEqual(check('query($n: Int) { storefront(first: $n) { totalCount } }', { n: 100 }), []);
  // A variable the client leaves out takes its declared default, which is capped too.
  assert.match(check('query($n: Int = 100000) { storefront(first: $n) { totalCount } }').join(), /first: 100000/);
  assert.deepEqual(check('query($n: Int = 100000) { storefront(first: $n) { totalCount } }', { n: 24 }), []);
});

test('list sizes are capped inside fragments the operation reaches, each reported once', () => {
  const q = 'query($n: Int) { a { ...F ...F } b { ...F } } fragment F on A { storefront(first: $n) { totalCount } }';
  assert.deepEqual(check(q, { n: 200 }), ['storefront(first: 200) exceeds the list size limit of 100']);
  assert.deepEqual(check(q, { n: 20 }), []);
});

test('fragment cycles are refused, not walked forever', () => {
  assert.match(check('query { a { ...F } } fragment F on A { b { ...F } }').join(), /fragment F spreads itself/);
  const doc = parse('query { a { ...A } } fragment A on A { ...B } fragment B on A { ...C } fragment C on A { ...A }');
  assert.equal(checkDocumentLimits(doc, limits).problems.length, 1);
});

test('regression: the 27-fragment fan-out chain (58 s before) is refused after visiting ~100 nodes', () => {
  const q = fanOutChain(27);
  assert.ok(q.length > 1000 && q.length < 1300, `about 1.1 KB (${q.length} bytes)`);
  const doc = parse(q);
  const started = performance.now();
  const docReport = checkDocumentLimits(doc, { maxDepth: 10, maxAliases: 30, maxListSize: 100 });
  const opReport = checkOperationLimits(doc, firstOperation(doc), {}, { maxDepth: 10, maxAliases: 30, maxListSize: 100 });
  const ms = performance.now() - started;
  assert.match(docReport.problems.join(), /expands to \d+ selections, over the limit of 500/);
  assert.match(opReport.problems.join(), /expands to \d+ selections/);
  // Two spreads per fragment plus one definition each: linear, and no more than the document holds.
  assert.ok(docReport.visitedNodes <= astNodes(doc), `${docReport.visitedNodes} visited of ${astNodes(doc)} nodes`);
  assert.equal(docReport.visitedNodes, 1 + 2 + 26 * 3 + 2);
  assert.ok(ms < 1000, `informative only: ${ms.toFixed(2)} ms`);
});

test('the visit count grows linearly with the fan-out chain, not with its expansion', () => {
  const counts = [10, 20, 40, 80].map((n) => checkDocumentLimits(parse(fanOutChain(n, 3)), limits).visitedNodes);
  assert.deepEqual(counts.slice(1).map((c, i) => c - counts[i]!), [40, 80, 160]); // 4 nodes per fragment
});

test('operations are checked before the client picks one: every operation of a document counts', () => {
  const doc = parse('query A { me { id } } query B { a: me { id } b: me { id } c: me { id } }');
  assert.match(checkDocumentLimits(doc, limits).problems.join(), /3 aliases/);
});

/** Hostile shapes, each generated at a size far beyond what any client needs. */
const hostile: Record<string, string> = {
  fanOutChain27: fanOutChain(27),
  fanOutChain200x4: fanOutChain(200, 4),
  deepNesting: `{ ${'a { '.repeat(1500)} b ${'} '.repeat(1500)} }`,
  deepNestingSmall: `{ ${'a { '.repeat(11)} b ${'} '.repeat(11)} }`,
  wideFragments: `{ merchants { ${Array.from({ length: 2000 }, (_, i) => `...F${i}`).join(' ')} } } ${Array.from({ length: 2000 }, (_, i) => `fragment F${i} on Merchant { id name }`).join(' ')}`,
  sameFragmentManyTimes: `{ merchants { ${'...F '.repeat(600)}} } fragment F on Merchant { id }`,
  manyAliases: `{ ${Array.from({ length: 3000 }, (_, i) => `a${i}: merchants { id }`).join(' ')} }`,
  aliasesThroughFragments: `{ ${'...F '.repeat(40)}} fragment F on Query { ${Array.from({ length: 40 }, (_, i) => `a${i}: me { id }`).join(' ')} }`,
  manyOperations: Array.from({ length: 1500 }, (_, i) => `query Q${i} { me { id } }`).join(' '),
  manyOperationsSharingAChain: `${Array.from({ length: 300 }, (_, i) => `query Q${i} { ...F${i} }`).join(' ')} ${Array.from({ length: 300 }, (_, i) => `fragment F${i} on Query { me { id } ${i < 299 ? `...F${i + 1}` : ''} }`).join(' ')}`,
  hugeDirectiveList: `{ me ${'@skip(if: false) '.repeat(5000)} { id } }`,
  manyVariables: `query(${Array.from({ length: 5000 }, (_, i) => `$v${i}: Int`).join(' ')}) { me { id } }`,
  longInlineFragmentChain: `{ ${'... on Query { '.repeat(1500)} me { id } ${'} '.repeat(1500)} }`,
  manyDuplicateFields: `{ ${'merchants { id } '.repeat(1000)} }`,
  bigCycle: `{ ...F0 } ${Array.from({ length: 1000 }, (_, i) => `fragment F${i} on Query { me { id } ...F${(i + 1) % 1000} }`).join(' ')}`,
  selfCycles: `{ ${Array.from({ length: 300 }, (_, i) => `...F${i}`).join(' ')} } ${Array.from({ length: 300 }, (_, i) => `fragment F${i} on Query { ...F${i} ...F${i} }`).join(' ')}`,
};

test('a corpus of hostile documents is refused within a fixed budget of visited nodes', () => {
  const prod = { maxDepth: 10, maxAliases: 30, maxListSize: 100 };
  const seen: Record<string, number> = {};
  for (const [name, q] of Object.entries(hostile)) {
    const doc = parse(q, { maxTokens: 1e7 });
    const report = checkDocumentLimits(doc, prod);
    seen[name] = report.visitedNodes;
    assert.ok(report.problems.length > 0, `${name} is refused`);
    assert.ok(report.visitedNodes <= DEFAULT_MAX_NODES + 1, `${name}: ${report.visitedNodes} visited nodes`);
    assert.ok(report.visitedNodes <= astNodes(doc), `${name}: ${report.visitedNodes} visited, document has ${astNodes(doc)} nodes`);
    const op = firstOperation(doc);
    const opReport = checkOperationLimits(doc, op, {}, prod);
    assert.ok(opReport.visitedNodes <= DEFAULT_MAX_NODES + 1, `${name} (operation check)`);
  }
  // The operation check reuses the document's analysis, and a budget below the document refuses at once.
  const smallBudget = checkDocumentLimits(parse(hostile.manyAliases!), { ...prod, maxNodes: 100 });
  assert.deepEqual(smallBudget, { problems: ['the document has more than 100 nodes'], visitedNodes: 101 });
  if (process.env.LIMITS_VERBOSE) console.log(seen);
});

test('documents a client really sends pass and cost about their size', () => {
  const q = `query PortalStorefront($first: Int!, $after: String) {
    storefront(first: $first, after: $after) { totalCount edges { node { ...Product } } pageInfo { hasNextPage endCursor } }
    categories { code name nameEn productCount }
  }
  fragment Product on Product { id name unit stock category price { amountFen currency } merchant { ...Shop } }
  fragment Shop on Merchant { id name kind neighborhood }`;
  const doc = parse(q);
  const prod = { maxDepth: 10, maxAliases: 30, maxListSize: 100 };
  const report = checkDocumentLimits(doc, prod);
  assert.deepEqual(report.problems, []);
  assert.deepEqual(checkOperationLimits(doc, firstOperation(doc), { first: 24 }, prod).problems, []);
  assert.ok(report.visitedNodes <= astNodes(doc));
});

test('a fragment no operation spreads still counts: validation walks it anyway', () => {
  const unused = `{ __typename } fragment X on Merchant { ${Array.from({ length: 1247 }, () => 'n { id }').join(' ')} }`;
  const report = checkDocumentLimits(parse(unused), { maxDepth: 10, maxAliases: 30, maxListSize: 100 });
  assert.match(report.problems.join(), /selections, over the limit/);
});
