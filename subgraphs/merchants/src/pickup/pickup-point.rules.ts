import type { UserError } from '@alliance/runtime/domain-error';

/**
 * Pickup points (自提点): where a neighbourhood collects its orders, each run by a group leader (团长).
 * An alliance's pickup points are one short stream of facts; its head holds the list, so reading them
 * is an `_id` read and two admins editing at once are decided by the stream's expected version.
 */
export interface PickupPoint {
  id: string;
  name: string;
  neighborhood: string;
  address: string;
  /** e.g. 每天 08:00–21:00 */
  openingHours: string;
  /** The Keycloak username of the group leader who runs it, if one is assigned. */
  leaderUsername: string | null;
  open: boolean;
}

export interface PickupPointInput {
  name: string;
  neighborhood: string;
  address: string;
  openingHours: string;
  leaderUsername?: string | null;
}

export type PickupPointFact =
  | { added: PickupPoint }
  | { updated: { id: string } & PickupPointInput }
  | { closed: string }
  | { reopened: string };

export const pickupPointsProjection = {
  initial: [] as PickupPoint[],
  evolve(points: PickupPoint[], fact: PickupPointFact): PickupPoint[] {
    if ('added' in fact) return [...points.filter((p) => p.id !== fact.added.id), fact.added];
    if ('updated' in fact) {
      const { id, ...fields } = fact.updated;
      return points.map((p) => (p.id === id ? { ...p, ...fields, leaderUsername: fields.leaderUsername ?? null } : p));
    }
    const id = 'closed' in fact ? fact.closed : fact.reopened;
    return points.map((p) => (p.id === id ? { ...p, open: 'reopened' in fact } : p));
  },
};

const USERNAME = /^[a-z0-9._-]{3,64}$/;

export function pickupPointProblems(input: PickupPointInput): UserError[] {
  const problems: UserError[] = [];
  const need = (field: keyof PickupPointInput, max: number) => {
    const v = String(input[field] ?? '').trim();
    if (!v || v.length > max) problems.push({ code: 'INVALID_FIELD', message: `${field} must be 1 to ${max} characters`, field: ['input', field] });
  };
  need('name', 40);
  need('neighborhood', 40);
  need('address', 100);
  need('openingHours', 60);
  if (input.leaderUsername != null && input.leaderUsername !== '' && !USERNAME.test(input.leaderUsername)) {
    problems.push({ code: 'INVALID_FIELD', message: 'leaderUsername is not a username', field: ['input', 'leaderUsername'] });
  }
  return problems;
}

export function normalizeInput(input: PickupPointInput): PickupPointInput {
  return {
    name: input.name.trim(),
    neighborhood: input.neighborhood.trim(),
    address: input.address.trim(),
    openingHours: input.openingHours.trim(),
    leaderUsername: input.leaderUsername?.trim() || null,
  };
}

/** Open points of a neighbourhood (or of all) in the order they were added; admins also see closed ones. */
export function visiblePoints(points: readonly PickupPoint[], neighborhood: string | null | undefined, includeClosed: boolean): PickupPoint[] {
  const hood = neighborhood?.trim();
  return points.filter((p) => (includeClosed || p.open) && (!hood || p.neighborhood === hood));
}
