import { getConfig } from '@/config';

export const dynamic = 'force-dynamic';

/** Ready when the gateway it renders from answers; orchestrators hold traffic until then. */
export async function GET(): Promise<Response> {
  const ready = await fetch(new URL('/healthz', getConfig().gatewayUrl), { signal: AbortSignal.timeout(2000), cache: 'no-store' })
    .then((r) => r.ok)
    .catch(() => false);
  return Response.json(
    { status: ready ? 'ready' : 'gateway unavailable' },
    { status: ready ? 200 : 503, headers: { 'cache-control': 'no-store' } },
  );
}
