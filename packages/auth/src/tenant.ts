import type { Principal } from './auth.js';

/**
 * Which alliance a request acts in. A signed-in caller acts only in the alliance their token names —
 * a token without one belongs to no alliance and is refused, so nobody picks a tenant by header.
 * Anonymous callers read public catalogue data of the alliance they ask for (or the default).
 */
export type TenantDecision =
  | { ok: true; allianceId: string }
  | { ok: false; status: 400 | 403; code: 'BAD_USER_INPUT' | 'FORBIDDEN'; message: string };

const ALLIANCE_ID = /^[a-z0-9-]{1,40}$/;

export function resolveTenant(
  principal: Principal | null,
  requested: string | null,
  fallback: string | null,
  opts: { acceptServices?: boolean } = {},
): TenantDecision {
  if (requested !== null && !ALLIANCE_ID.test(requested)) {
    return { ok: false, status: 400, code: 'BAD_USER_INPUT', message: 'x-alliance-id is not a valid alliance id' };
  }
  if (principal?.service) {
    // A service acts for the tenant named in the request it signed; only subgraphs (which checked
    // that signature) accept services at all. The gateway has nothing for them.
    if (!opts.acceptServices) return { ok: false, status: 403, code: 'FORBIDDEN', message: 'Service accounts cannot call this endpoint' };
    if (requested === null) return { ok: false, status: 400, code: 'BAD_USER_INPUT', message: 'A service call must name its alliance' };
    return { ok: true, allianceId: requested };
  }
  if (principal) {
    if (!principal.allianceId) return { ok: false, status: 403, code: 'FORBIDDEN', message: 'Your account does not belong to an alliance' };
    if (requested !== null && requested !== principal.allianceId) {
      return { ok: false, status: 403, code: 'FORBIDDEN', message: 'Your account belongs to another alliance' };
    }
    return { ok: true, allianceId: principal.allianceId };
  }
  const allianceId = requested ?? fallback;
  if (!allianceId) return { ok: false, status: 400, code: 'BAD_USER_INPUT', message: 'No alliance selected' };
  return { ok: true, allianceId };
}
