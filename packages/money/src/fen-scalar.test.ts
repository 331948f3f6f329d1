import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSchema, graphql, GraphQLError, GraphQLObjectType, GraphQLSchema, GraphQLNonNull, parseValue } from 'graphql';
import { FenScalar } from './fen-scalar.js';

const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      echo: {
        type: FenScalar,
        args: { amount: { type: new GraphQLNonNull(FenScalar) } },
        resolve: (_: unknown, args: { amount: number }) => args.amount,
      },
      broken: { type: FenScalar, resolve: () => 12.5 },
    },
  }),
});
const run = (source: string, variableValues?: Record<string, unknown>) => graphql({ schema, source, variableValues });
const codes = (r: { errors?: readonly GraphQLError[] }) => (r.errors ?? []).map((e) => e.extensions?.code);

test('safe integers pass both ways, past the 32-bit Int range', async () => {
  for (const v of [0, -1, 2_147_483_648, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER]) {
    assert.deepEqual({ ...(await run(`{ echo(amount: ${v}) }`)).data }, { echo: v });
    assert.deepEqual({ ...(await run('query($a: Fen!) { echo(amount: $a) }', { a: v })).data }, { echo: v });
  }
});

test('literal floats, strings and out-of-range numbers get BAD_USER_INPUT', async () => {
  for (const lit of ['12.5', '"100"', '9007199254740992', '-9007199254740992', '9007199254740993', '1e3', 'true', '[1]']) {
    const r = await run(`{ echo(amount: ${lit}) }`);
    assert.equal(r.data, undefined, lit);
    assert.deepEqual(codes(r), ['BAD_USER_INPUT'], lit);
  }
});

test('variable floats, strings and out-of-range numbers get BAD_USER_INPUT', async () => {
  for (const v of [12.5, '100', 2 ** 53, -(2 ** 53), 1e300, Number.NaN, Infinity, true, { a: 1 }]) {
    const r = await run('query($a: Fen!) { echo(amount: $a) }', { a: v });
    assert.equal(r.data, undefined, String(v));
    assert.deepEqual(codes(r), ['BAD_USER_INPUT'], String(v));
  }
});

test('parseLiteral and parseValue refuse directly too', () => {
  assert.throws(() => FenScalar.parseLiteral(parseValue('1.0')), (e: GraphQLError) => e.extensions.code === 'BAD_USER_INPUT');
  assert.throws(() => FenScalar.parseValue('5'), (e: GraphQLError) => e.extensions.code === 'BAD_USER_INPUT');
  assert.equal(FenScalar.parseValue(-0), 0);
});

test('serializing a non-integer is a server fault, not the caller’s', async () => {
  const r = await run('{ broken }');
  assert.deepEqual(codes(r), ['INTERNAL_SERVER_ERROR']);
  assert.equal(FenScalar.serialize(10n), 10);
  assert.equal(FenScalar.serialize(42), 42);
});

test('works from SDL with `scalar Fen` once the resolver map names it', () => {
  const s = buildSchema('scalar Fen type Query { a: Fen }');
  assert.ok(s.getType('Fen'));
  assert.equal(FenScalar.name, 'Fen');
});
