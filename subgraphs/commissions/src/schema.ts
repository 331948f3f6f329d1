import { readFileSync } from 'node:fs';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { resolvers } from './resolvers.js';

/** The SDL in schemas/ is the source of truth; resolvers attach to it here. */
export const typeDefs = parse(readFileSync(new URL('../../../schemas/commissions.graphql', import.meta.url), 'utf8'));
// The module list form: its resolver map takes our typed context (the single-module form wants `unknown`).
export const schema = buildSubgraphSchema([{ typeDefs, resolvers }]);
