import {
  Kind,
  type ArgumentNode,
  type DirectiveNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';

/**
 * Caps the gateway enforces on every document before graphql-js validates it and before the query planner
 * sees it. Checking is linear in the document's size whatever its shape: every definition is walked once,
 * fragments are summarised once (memoised, cycles detected) and a spread costs O(1), so a fragment spread
 * twice at every level of a 27-deep chain costs 27 summaries, not 2^27 walks.
 */
export interface OperationLimits {
  maxDepth: number;
  /** Aliases as the operation expands: a fragment with 10 aliases spread 10 times counts 100. */
  maxAliases: number;
  maxListSize: number;
  /** Selections (fields, inline fragments, spreads) as the document expands through its fragments. */
  maxSelections?: number;
  /** AST nodes the check may visit before it refuses the document without looking further. */
  maxNodes?: number;
}

/** Defaults for the caps that are not settings but safety margins of the check itself. */
export const DEFAULT_MAX_SELECTIONS = 500;
export const DEFAULT_MAX_NODES = 5000;
/** Lexical tokens Apollo's parser accepts (parseOptions.maxTokens): it bounds what is ever walked. */
export const MAX_TOKENS = 5000;

export interface LimitReport {
  /** One message per limit exceeded (empty when the document or operation is acceptable). */
  problems: string[];
  /** AST nodes this check visited (the cost of checking; at most maxNodes + 1). */
  visitedNodes: number;
}

const LIST_SIZE_ARGS = new Set(['first', 'last', 'limit']);
/** Expanded counts grow exponentially with fragment fan-out; saturate instead of reaching Infinity. */
const SATURATED = Number.MAX_SAFE_INTEGER;
const add = (a: number, b: number) => Math.min(SATURATED, a + b);
const mul = (a: number, b: number) => Math.min(SATURATED, a * b);
const shown = (n: number) => (n >= SATURATED ? `more than ${SATURATED}` : String(n));

interface ListArg {
  field: string;
  arg: string;
  value: ValueNode;
}

/** What one definition (operation or fragment) holds itself, from a single walk of its selections. */
interface Local {
  depth: number;
  aliases: number;
  selections: number;
  /** Spreads in order, with the field depth at which each occurs. */
  spreads: { name: string; depth: number }[];
  listArgs: ListArg[];
}

/** What a definition amounts to once its fragments are expanded (computed once per fragment). */
interface Expanded {
  depth: number;
  aliases: number;
  selections: number;
}

interface Analysis {
  visitedNodes: number;
  overBudget: boolean;
  fragments: Map<string, FragmentDefinitionNode>;
  locals: Map<OperationDefinitionNode | FragmentDefinitionNode, Local>;
  expanded: Map<OperationDefinitionNode | FragmentDefinitionNode, Expanded>;
  cycles: string[];
}

class Budget {
  visited = 0;
  constructor(private readonly max: number) {}
  /** Counts one visited node; false once the budget is spent. */
  spend(n = 1): boolean {
    this.visited = Math.min(this.visited + n, this.max + 1);
    return this.visited <= this.max;
  }
}

/** One iterative walk (no recursion: nesting depth cannot overflow the stack) of a definition's own selections. */
function walkLocal(root: SelectionSetNode, budget: Budget): Local | null {
  const local: Local = { depth: 0, aliases: 0, selections: 0, spreads: [], listArgs: [] };
  const stack: [SelectionSetNode, number][] = [[root, 0]];
  const directives = (ds: readonly DirectiveNode[] | undefined) => {
    for (const d of ds ?? []) if (!budget.spend(1 + (d.arguments?.length ?? 0))) return false;
    return true;
  };
  while (stack.length) {
    const [set, depth] = stack.pop()!;
    for (const sel of set.selections) {
      if (!budget.spend() || !directives(sel.directives)) return null;
      local.selections += 1;
      if (sel.kind === Kind.FIELD) {
        if (sel.alias) local.aliases += 1;
        const args: readonly ArgumentNode[] = sel.arguments ?? [];
        if (!budget.spend(args.length)) return null;
        for (const arg of args) {
          if (LIST_SIZE_ARGS.has(arg.name.value)) local.listArgs.push({ field: sel.name.value, arg: arg.name.value, value: arg.value });
        }
        if (sel.selectionSet) {
          local.depth = Math.max(local.depth, depth + 1);
          stack.push([sel.selectionSet, depth + 1]);
        }
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        stack.push([sel.selectionSet, depth]);
      } else {
        local.spreads.push({ name: sel.name.value, depth });
      }
    }
  }
  return local;
}

/**
 * Walks every definition once, then expands fragments bottom-up with an iterative depth-first search
 * (grey = on the current path, so meeting a grey fragment is a cycle).
 */
function analyse(document: DocumentNode, maxNodes: number): Analysis {
  const budget = new Budget(maxNodes);
  const result: Analysis = {
    visitedNodes: 0,
    overBudget: false,
    fragments: new Map(),
    locals: new Map(),
    expanded: new Map(),
    cycles: [],
  };
  const done = (overBudget: boolean) => Object.assign(result, { visitedNodes: budget.visited, overBudget });

  for (const def of document.definitions) {
    if (!budget.spend()) return done(true);
    if (def.kind !== Kind.OPERATION_DEFINITION && def.kind !== Kind.FRAGMENT_DEFINITION) continue;
    if (!budget.spend((def.variableDefinitions?.length ?? 0) + (def.directives?.length ?? 0))) return done(true);
    // A duplicate fragment name is a validation error; the first definition stands in for both.
    if (def.kind === Kind.FRAGMENT_DEFINITION) {
      if (result.fragments.has(def.name.value)) continue;
      result.fragments.set(def.name.value, def);
    }
    const local = walkLocal(def.selectionSet, budget);
    if (!local) return done(true);
    result.locals.set(def, local);
  }

  const state = new Map<string, 'grey' | 'black'>();
  const cycles = new Set<string>();
  const expand = (def: OperationDefinitionNode | FragmentDefinitionNode): Expanded => {
    const local = result.locals.get(def)!;
    const out: Expanded = { depth: local.depth, aliases: local.aliases, selections: local.selections };
    for (const s of local.spreads) {
      const frag = result.fragments.get(s.name);
      const sub = frag && result.expanded.get(frag);
      if (!sub) continue; // unknown fragment (a validation error) or a back edge of a cycle
      out.depth = Math.max(out.depth, s.depth + sub.depth);
      out.aliases = add(out.aliases, sub.aliases);
      out.selections = add(out.selections, sub.selections);
    }
    return out;
  };
  for (const root of result.fragments.keys()) {
    if (state.has(root)) continue;
    const stack: { name: string; next: number }[] = [{ name: root, next: 0 }];
    state.set(root, 'grey');
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const frag = result.fragments.get(top.name)!;
      const spreads = result.locals.get(frag)!.spreads;
      if (top.next < spreads.length) {
        const target = spreads[top.next++]!.name;
        if (!result.fragments.has(target)) continue;
        const seen = state.get(target);
        if (seen === 'grey') cycles.add(target);
        else if (!seen) {
          state.set(target, 'grey');
          stack.push({ name: target, next: 0 });
        }
        continue;
      }
      result.expanded.set(frag, expand(frag));
      state.set(top.name, 'black');
      stack.pop();
    }
  }
  for (const def of result.locals.keys()) if (def.kind === Kind.OPERATION_DEFINITION) result.expanded.set(def, expand(def));
  result.cycles = [...cycles];
  return done(false);
}

/** Apollo hands back the same DocumentNode for a cached document, so repeated requests reuse the analysis. */
const analyses = new WeakMap<DocumentNode, { maxNodes: number; analysis: Analysis }>();
function analysisOf(document: DocumentNode, maxNodes: number): Analysis {
  const hit = analyses.get(document);
  if (hit && hit.maxNodes === maxNodes) return hit.analysis;
  const analysis = analyse(document, maxNodes);
  analyses.set(document, { maxNodes, analysis });
  return analysis;
}

function shapeProblems(e: Expanded, limits: OperationLimits): string[] {
  const problems: string[] = [];
  if (e.depth > limits.maxDepth) problems.push(`query depth ${e.depth} exceeds the limit of ${limits.maxDepth}`);
  if (e.aliases > limits.maxAliases) problems.push(`${shown(e.aliases)} aliases exceed the limit of ${limits.maxAliases}`);
  return problems;
}

const maxNodesOf = (limits: OperationLimits) => limits.maxNodes ?? DEFAULT_MAX_NODES;
const maxSelectionsOf = (limits: OperationLimits) => limits.maxSelections ?? DEFAULT_MAX_SELECTIONS;
const overBudget = (limits: OperationLimits) => `the document has more than ${maxNodesOf(limits)} nodes`;
const cycleProblems = (a: Analysis) => a.cycles.map((name) => `fragment ${name} spreads itself`);

/**
 * The shape of the whole document, before validation: node budget, fragment cycles, and for every operation
 * its depth and aliases, and the selections the document expands to (graphql-js validation, the planner and
 * the executor all work on every operation of it).
 */
export function checkDocumentLimits(document: DocumentNode, limits: OperationLimits): LimitReport {
  const a = analysisOf(document, maxNodesOf(limits));
  if (a.overBudget) return { problems: [overBudget(limits)], visitedNodes: a.visitedNodes };
  const problems = cycleProblems(a);
  let selections = 0;
  for (const [def, e] of a.expanded) {
    // Validation walks every fragment too, spread or not: a fragment counts with its own expansion.
    selections = add(selections, e.selections);
    if (def.kind === Kind.OPERATION_DEFINITION) problems.push(...shapeProblems(e, limits));
  }
  if (selections > maxSelectionsOf(limits)) {
    problems.push(`the document expands to ${shown(selections)} selections, over the limit of ${maxSelectionsOf(limits)}`);
  }
  return { problems: [...new Set(problems)], visitedNodes: a.visitedNodes };
}

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

/**
 * The operation the request runs, with its variables: its shape as above, plus list sizes (`first`, `last`,
 * `limit`) in it and in every fragment it reaches, each reached fragment looked at once.
 */
export function checkOperationLimits(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  limits: OperationLimits,
): LimitReport {
  const a = analysisOf(document, maxNodesOf(limits));
  if (a.overBudget) return { problems: [overBudget(limits)], visitedNodes: a.visitedNodes };
  const e = a.expanded.get(operation);
  if (!e) return { problems: ['the operation is not part of the document'], visitedNodes: a.visitedNodes };
  const problems = [...cycleProblems(a), ...shapeProblems(e, limits)];
  if (e.selections > maxSelectionsOf(limits)) {
    problems.push(`the operation expands to ${shown(e.selections)} selections, over the limit of ${maxSelectionsOf(limits)}`);
  }

  const defaults = new Map<string, ValueNode>();
  for (const v of operation.variableDefinitions ?? []) if (v.defaultValue) defaults.set(v.variable.name.value, v.defaultValue);
  const reached = new Set<string>();
  const queue: (OperationDefinitionNode | FragmentDefinitionNode)[] = [operation];
  while (queue.length) {
    const local = a.locals.get(queue.pop()!)!;
    for (const l of local.listArgs) {
      const v = valueOf(l.value, variables, defaults);
      if (typeof v === 'number' && v > limits.maxListSize) problems.push(`${l.field}(${l.arg}: ${v}) exceeds the list size limit of ${limits.maxListSize}`);
    }
    for (const s of local.spreads) {
      const frag = a.fragments.get(s.name);
      if (frag && !reached.has(s.name)) {
        reached.add(s.name);
        queue.push(frag);
      }
    }
  }
  return { problems, visitedNodes: a.visitedNodes };
}
