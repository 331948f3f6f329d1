import type { GqlResponse } from '@alliance/testing';

/** The p-th percentile of latencies sorted ascending. */
export const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/**
 * Sends `count` requests (`send` gets each one's index) at `concurrency`, recording each latency into
 * `into` and counting failures; the first failure's answer is kept to say why.
 */
export async function burst(
  count: number,
  send: (i: number) => Promise<GqlResponse>,
  into: number[],
  concurrency: number,
  failed: (r: GqlResponse) => boolean,
): Promise<{ seconds: number; errors: number; firstFailure?: string }> {
  let errors = 0;
  let firstFailure: string | undefined;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < count; i = next++) {
        const t = performance.now();
        const r = await send(i);
        into.push(performance.now() - t);
        if (failed(r)) {
          errors += 1;
          firstFailure ??= JSON.stringify(r.errors ?? r.data).slice(0, 400);
        }
      }
    }),
  );
  return { seconds: (performance.now() - started) / 1000, errors, ...(firstFailure ? { firstFailure } : {}) };
}

export { tokenCache } from '@alliance/testing';
