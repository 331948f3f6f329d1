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

/** One burst's figures: throughput and latency percentiles, failures and why the first one failed. */
export interface Figures {
  label: string;
  count: number;
  rps: number;
  p50: number;
  p95: number;
  errors: number;
  /** What the first failed request answered, to say why. */
  firstFailure?: string;
}

/** A burst of `count` requests at `concurrency`, as figures. */
export async function load(label: string, count: number, concurrency: number, send: (i: number) => Promise<GqlResponse>, failed: (r: GqlResponse) => boolean): Promise<Figures> {
  const latencies: number[] = [];
  const { seconds, errors, firstFailure } = await burst(count, send, latencies, concurrency, failed);
  const sorted = latencies.sort((a, b) => a - b);
  return { label, count, rps: count / seconds, p50: pct(sorted, 50), p95: pct(sorted, 95), errors, ...(firstFailure ? { firstFailure } : {}) };
}

/** One line of a figures table. */
export function figuresRow(f: Figures): string {
  return `  ${f.label.padEnd(36)} ${String(f.count).padStart(5)}   ${f.rps.toFixed(1).padStart(6)} /s   p50 ${f.p50.toFixed(1).padStart(6)} ms   p95 ${f.p95.toFixed(1).padStart(6)} ms   errors ${f.errors}`;
}

