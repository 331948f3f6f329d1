import { Kind, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import type { Principal } from './auth.js';

/**
 * Service identity: a subgraph calling another one (checkout asking promotions for a quote) does so
 * with its own Keycloak service account (client credentials, `svc-<name>`), acting for the tenant of
 * the signed request, and only for the operations the target marks as service commands.
 *
 * A service command is a root field the subgraph's SDL marks `@inaccessible`: federation keeps it
 * out of the public API, so the gateway can never plan it, and a root field nobody outside can reach
 * has no caller but another service. The SDL is thus the one list of service commands.
 */

/** Realm role only service accounts hold (see deploy/keycloak/realm.gen.ts). */
export const SERVICE_ROLE = 'service';
const SERVICE_ACCOUNT_PREFIX = 'service-account-';

interface ServiceClaims {
  azp?: string;
  preferred_username?: string;
  realm_access?: { roles?: string[] };
}

/**
 * The calling service's client id when a token is a service account's, else undefined. It takes the
 * service role *and* Keycloak's service-account user of the very client that obtained the token, so a
 * person's token never passes for a service even if someone gave their account the role.
 */
export function serviceClientOf(c: ServiceClaims): string | undefined {
  if (!c.azp || !(c.realm_access?.roles ?? []).includes(SERVICE_ROLE)) return undefined;
  return c.preferred_username === `${SERVICE_ACCOUNT_PREFIX}${c.azp}` ? c.azp : undefined;
}

/** Root fields (Query / Mutation) marked `@inaccessible` in the subgraph's SDL. */
export function serviceCommandsOf(schema: GraphQLSchema): Set<string> {
  const out = new Set<string>();
  for (const type of [schema.getQueryType(), schema.getMutationType()]) {
    for (const field of Object.values(type?.getFields() ?? {})) {
      if (field.astNode?.directives?.some((d) => d.name.value === 'inaccessible')) out.add(field.name);
    }
  }
  return out;
}

/** Names of the root fields an operation selects, through fragments; `__typename` is not a field. */
export function rootFieldsOf(document: DocumentNode, operation: OperationDefinitionNode): string[] {
  const fragments = new Map(
    document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d.selectionSet] as const),
  );
  const names = new Set<string>();
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode) => {
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        if (s.name.value !== '__typename') names.add(s.name.value);
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        walk(s.selectionSet);
      } else if (!seen.has(s.name.value)) {
        // Each fragment once: linear in the document whatever its shape.
        seen.add(s.name.value);
        const f = fragments.get(s.name.value);
        if (f) walk(f);
      }
    }
  };
  walk(operation.selectionSet);
  return [...names];
}

export type OperationDecision = { ok: true } | { ok: false; code: 'FORBIDDEN' | 'UNAUTHENTICATED'; message: string };

/**
 * Who may run an operation: service commands only for service accounts, everything else only for
 * people and anonymous callers. Mixing both kinds of field in one operation is refused.
 */
export function authorizeOperation(rootFields: readonly string[], serviceCommands: ReadonlySet<string>, principal: Principal | null): OperationDecision {
  const commands = rootFields.filter((f) => serviceCommands.has(f));
  if (principal?.service) {
    if (commands.length === 0 || commands.length !== rootFields.length) {
      return { ok: false, code: 'FORBIDDEN', message: 'Service accounts may call service commands only' };
    }
    return { ok: true };
  }
  if (commands.length > 0) {
    return principal
      ? { ok: false, code: 'FORBIDDEN', message: 'This operation is for services only' }
      : { ok: false, code: 'UNAUTHENTICATED', message: 'This operation is for services only' };
  }
  return { ok: true };
}
