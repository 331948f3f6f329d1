import {
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';

/** Caps the gateway enforces on every operation before planning it: no subgraph sees a huge query. */
export interface OperationLimits {
  maxDepth: number;
  maxAliases: number;
  maxListSize: number;
}

const LIST_SIZE_ARGS = new Set(['first', 'last', 'limit']);

/** An argument's value: a literal, a variable the client sent, or else that variable's declared default. */
function valueOf(node: ValueNode, variables: Record<string, unknown>, defaults: Map<string, ValueNode>): unknown {
  if (node.kind === Kind.VARIABLE) {
    const name = node.name.value;
    if (variables[name] !== undefined) return variables[name];
    const fallback = defaults.get(name);
    return fallback ? valueOf(fallback, variables, defaults) : undefined;
  }
  if (node.kind === Kind.INT) return Number(node.value);
  return undefined;
}

/** Returns one message per limit exceeded (empty when the operation is acceptable). */
export function checkOperationLimits(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  limits: OperationLimits,
): string[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);

  const defaults = new Map<string, ValueNode>();
  for (const v of operation.variableDefinitions ?? []) if (v.defaultValue) defaults.set(v.variable.name.value, v.defaultValue);

  let maxDepth = 0;
  let aliases = 0;
  const oversized: string[] = [];

  const walk = (set: SelectionSetNode, depth: number, seen: Set<string>) => {
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        if (sel.alias) aliases += 1;
        for (const arg of sel.arguments ?? []) {
          if (!LIST_SIZE_ARGS.has(arg.name.value)) continue;
          const v = valueOf(arg.value, variables, defaults);
          if (typeof v === 'number' && v > limits.maxListSize) oversized.push(`${sel.name.value}(${arg.name.value}: ${v})`);
        }
        if (sel.selectionSet) {
          maxDepth = Math.max(maxDepth, depth + 1);
          walk(sel.selectionSet, depth + 1, seen);
        }
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        walk(sel.selectionSet, depth, seen);
      } else {
        const name = sel.name.value;
        const frag = fragments.get(name);
        if (!frag || seen.has(name)) continue; // a fragment cycle is a validation error reported elsewhere
        walk(frag.selectionSet, depth, new Set([...seen, name]));
      }
    }
  };
  walk(operation.selectionSet, 0, new Set());

  const problems: string[] = [];
  if (maxDepth > limits.maxDepth) problems.push(`query depth ${maxDepth} exceeds the limit of ${limits.maxDepth}`);
  if (aliases > limits.maxAliases) problems.push(`${aliases} aliases exceed the limit of ${limits.maxAliases}`);
  for (const o of oversized) problems.push(`${o} exceeds the list size limit of ${limits.maxListSize}`);
  return problems;
}
