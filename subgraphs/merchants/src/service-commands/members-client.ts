import type { ServiceClient } from '@alliance/auth';

/**
 * What checkout asks the members subgraph about alliance points (service commands, with merchants'
 * own service account, for the tenant of the request): redeem over the checkout's shop orders, and
 * give back when the checkout fails. Both are idempotent by the checkout id.
 */
export interface PointsSource {
  redeem(allianceId: string, checkoutId: string, memberSubject: string, points: number, orders: { orderId: string; merchantId: string; totalFen: number }[]): Promise<{ ok: true; orders: { orderId: string; points: number }[] } | { ok: false; code: string; message: string }>;
  release(allianceId: string, checkoutId: string, memberSubject: string): Promise<void>;
}

/** The members service could not answer: the checkout is refused (nothing was redeemed). */
export class MembersUnavailable extends Error {
  override readonly name = 'MembersUnavailable';
}

export function membersClient(client: ServiceClient): PointsSource {
  async function call<T>(allianceId: string, query: string, variables: Record<string, unknown>, field: string): Promise<T> {
    let r;
    try {
      r = await client.call<Record<string, T>>('members', allianceId, query, variables);
    } catch (err) {
      throw new MembersUnavailable(`members unreachable: ${(err as Error).message}`);
    }
    if (r.errors?.length || !r.data) throw new MembersUnavailable(`members refused: ${r.errors?.map((e) => e.message).join('; ') ?? 'no data'}`);
    return r.data[field]!;
  }
  return {
    async redeem(allianceId, checkoutId, memberSubject, points, orders) {
      const r = await call<{ ok: boolean; code: string | null; message: string | null; orders: { orderId: string; points: number }[] }>(
        allianceId,
        'mutation Redeem($c: ID!, $m: ID!, $p: Int!, $o: [PointsOrderInput!]!) { redeemPoints(checkoutId: $c, memberSubject: $m, points: $p, orders: $o) { ok code message orders { orderId points } } }',
        { c: checkoutId, m: memberSubject, p: points, o: orders },
        'redeemPoints',
      );
      return r.ok ? { ok: true, orders: r.orders } : { ok: false, code: r.code ?? 'POINTS_REFUSED', message: r.message ?? 'the points could not be redeemed' };
    },
    async release(allianceId, checkoutId, memberSubject) {
      await call(allianceId, 'mutation Release($c: ID!, $m: ID!) { releasePoints(checkoutId: $c, memberSubject: $m) }', { c: checkoutId, m: memberSubject }, 'releasePoints');
    },
  };
}
