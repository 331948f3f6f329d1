import { randomUUID } from 'node:crypto';
import { hasRole } from '@alliance/auth';
import { DomainError, type UserError } from '@alliance/runtime/domain-error';
import type { RequestContext } from '@alliance/runtime/request-context';
import type { PickupPointRepository } from './pickup-point.repository.js';
import { normalizeInput, pickupPointProblems, visiblePoints, type PickupPoint, type PickupPointInput } from './pickup-point.rules.js';

export interface PickupPointPayload {
  pickupPoint: PickupPoint | null;
  userErrors: UserError[];
}

const notFound = (): PickupPointPayload => ({ pickupPoint: null, userErrors: [{ code: 'UNKNOWN_PICKUP_POINT', message: 'No such pickup point in this alliance', field: ['id'] }] });

/** Pickup points as one request sees them: anyone lists the open ones; alliance admins manage them. */
export class PickupPointService {
  constructor(
    private readonly request: RequestContext,
    private readonly repo: PickupPointRepository,
  ) {}

  private get isAdmin(): boolean {
    return hasRole(this.request.principal, 'alliance-admin');
  }

  private requireAdmin(): void {
    if (!this.request.principal) throw DomainError.unauthenticated('Sign in as an alliance admin to manage pickup points');
    if (!this.isAdmin) throw DomainError.forbidden('Only alliance admins manage pickup points');
  }

  async list(neighborhood: string | null | undefined): Promise<PickupPoint[]> {
    return visiblePoints(await this.repo.list(this.request.allianceId), neighborhood, this.isAdmin);
  }

  private all: Promise<PickupPoint[]> | undefined;

  /** Any point of the alliance, closed ones too: an order names the point it was placed for. Read once per request. */
  async byId(id: string): Promise<PickupPoint | null> {
    return (await (this.all ??= this.repo.list(this.request.allianceId))).find((p) => p.id === id) ?? null;
  }

  async add(input: PickupPointInput): Promise<PickupPointPayload> {
    this.requireAdmin();
    const problems = pickupPointProblems(input);
    if (problems.length) return { pickupPoint: null, userErrors: problems };
    const fields = normalizeInput(input);
    const point: PickupPoint = { id: `pp-${randomUUID().slice(0, 8)}`, ...fields, leaderUsername: fields.leaderUsername ?? null, open: true };
    const points = await this.repo.change(this.request.allianceId, () => ({ added: point }));
    return { pickupPoint: points.find((p) => p.id === point.id) ?? null, userErrors: [] };
  }

  async update(id: string, input: PickupPointInput): Promise<PickupPointPayload> {
    this.requireAdmin();
    const problems = pickupPointProblems(input);
    if (problems.length) return { pickupPoint: null, userErrors: problems };
    let known = true;
    const points = await this.repo.change(this.request.allianceId, (current) => {
      known = current.some((p) => p.id === id);
      return known ? { updated: { id, ...normalizeInput(input) } } : null;
    });
    return known ? { pickupPoint: points.find((p) => p.id === id) ?? null, userErrors: [] } : notFound();
  }

  async setOpen(id: string, open: boolean): Promise<PickupPointPayload> {
    this.requireAdmin();
    let known = true;
    const points = await this.repo.change(this.request.allianceId, (current) => {
      const point = current.find((p) => p.id === id);
      known = !!point;
      if (!point || point.open === open) return null;
      return open ? { reopened: id } : { closed: id };
    });
    return known ? { pickupPoint: points.find((p) => p.id === id) ?? null, userErrors: [] } : notFound();
  }
}
