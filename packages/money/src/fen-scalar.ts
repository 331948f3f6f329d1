import { GraphQLError, GraphQLScalarType, Kind, print, type ValueNode } from 'graphql';

/**
 * `Fen`: an amount of money in fen as a safe integer. GraphQL `Int` is 32-bit and overflows at
 * ¥21,474,836.47, which settlement totals pass; floats would lose fen. Inputs that are not safe
 * integers (floats, strings, numbers past ±(2^53 − 1)) are the caller's mistake: BAD_USER_INPUT.
 */
export const FenScalar = new GraphQLScalarType<number, number>({
  name: 'Fen',
  description: 'An amount in fen (CNY minor units, 1/100 yuan): an integer between -(2^53-1) and 2^53-1.',
  serialize(value) {
    const fen = asSafeInteger(value);
    // An output that is not a safe integer is our bug, not the caller's.
    if (fen === null) throw new GraphQLError(`Fen cannot represent ${describe(value)}`, { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    return fen;
  },
  parseValue(value) {
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw refuse(describe(value));
    return value + 0;
  },
  parseLiteral(ast: ValueNode) {
    if (ast.kind !== Kind.INT) throw refuse(print(ast), ast);
    // BigInt: Number('9007199254740993') would silently round to a neighbour that looks safe.
    const big = BigInt(ast.value);
    if (big > BigInt(Number.MAX_SAFE_INTEGER) || big < -BigInt(Number.MAX_SAFE_INTEGER)) throw refuse(ast.value, ast);
    return Number(big) + 0;
  },
});

function asSafeInteger(value: unknown): number | null {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value + 0;
  if (typeof value === 'bigint' && value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= -BigInt(Number.MAX_SAFE_INTEGER)) return Number(value) + 0;
  return null;
}

function refuse(shown: string, node?: ValueNode): GraphQLError {
  return new GraphQLError(`Fen must be a whole number of fen between -(2^53-1) and 2^53-1, got ${shown}`, {
    nodes: node ? [node] : undefined,
    extensions: { code: 'BAD_USER_INPUT' },
  });
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  return value === null ? 'null' : typeof value;
}
