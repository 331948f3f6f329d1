/**
 * Composes the supergraph from the subgraph SDL files in this folder. The output is checked in and a
 * test fails when it is stale, so run `npm run compose` after changing any *.graphql here.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';

export const SUBGRAPHS = [
  { name: 'merchants', url: 'http://merchants.invalid/graphql' },
  { name: 'members', url: 'http://members.invalid/graphql' },
  { name: 'promotions', url: 'http://promotions.invalid/graphql' },
  { name: 'commissions', url: 'http://commissions.invalid/graphql' },
] as const;

const here = (f: string) => fileURLToPath(new URL(f, import.meta.url));
export const SUPERGRAPH_PATH = here('./supergraph.graphql');

export function composeSupergraph(): string {
  const result = composeServices(
    SUBGRAPHS.map((s) => ({ name: s.name, url: s.url, typeDefs: parse(readFileSync(here(`./${s.name}.graphql`), 'utf8')) })),
  );
  if (result.errors?.length || !result.supergraphSdl) {
    throw new Error(`Composition failed:\n${(result.errors ?? []).map((e) => `  ${e.message}`).join('\n')}`);
  }
  return `${result.supergraphSdl.trimEnd()}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(SUPERGRAPH_PATH, composeSupergraph());
  console.log(`wrote ${SUPERGRAPH_PATH}`);
}
