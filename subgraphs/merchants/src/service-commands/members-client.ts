import type { ServiceClient } from '@alliance/auth';

/**
 * What checkout asks the members subgraph (service commands, with merchants' own service account, for
 * the tenant of the request): redeem alliance points over the checkout's shop orders, pay a one-shop
 * checkout from stored value, and give either back when the checkout fails. All idempotent by the
 * checkout id.
 */
export interface PointsSource {
  redeem(allianceId: string, checkoutId: string, memberSubject: string, points: number, orders: { orderId: string; merchantId: string; totalFen: number }[]): Promise<{ ok: true; orders: { orderId: string; points: number }[] } | { ok: false; code: string; message: string }>;
  release(allianceId: string, checkoutId: string, memberSubject: string): Promise<void>;
  /** Stored value (储值): pays a one-shop checkout from her balance there, once per checkout. */
  payStoredValue(allianceId: string, checkoutId: string, memberSubject: string, merchantId: string, orders: { orderId: string; amountFen: number }[]): Promise<{ ok: true } | { ok: false; code: string; message: string }>;
  releaseStoredValue(allianceId: string, checkoutId: string, memberSubject: string, merchantId: string): Promise<void>;
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
    async payStoredValue(allianceId, checkoutId, memberSubject, merchantId, orders) {
      const r = await call<{ ok: boolean; code: string | null; message: string | null }>(
        allianceId,
        'mutation Pay($c: ID!, $m: ID!, $s: ID!, $o: [StoredValueOrderInput!]!) { payWithStoredValue(checkoutId: $c, memberSubject: $m, merchantId: $s, orders: $o) { ok code message } }',
        { c: checkoutId, m: memberSubject, s: merchantId, o: orders },
        'payWithStoredValue',
      );
      return r.ok ? { ok: true } : { ok: false, code: r.code ?? 'STORED_VALUE_REFUSED', message: r.message ?? 'the stored value could not pay' };
    },
    async releaseStoredValue(allianceId, checkoutId, memberSubject, merchantId) {
      await call(allianceId, 'mutation ReleaseSv($c: ID!, $m: ID!, $s: ID!) { releaseStoredValue(checkoutId: $c, memberSubject: $m, merchantId: $s) }', { c: checkoutId, m: memberSubject, s: merchantId }, 'releaseStoredValue');
    },
  };
}
