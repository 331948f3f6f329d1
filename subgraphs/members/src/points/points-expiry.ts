import { BackgroundLoop } from '@alliance/store';
import type { EventBus } from '@alliance/events';
import type { Logger } from 'pino';
import type { PointsRepository } from './points.repository.js';
import { expiredLots } from './points.rules.js';
import { publishPointsFact } from './points.publisher.js';

const PAGE = 100;

/** The months from `from` to `to` (YYYY-MM), both included. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  while (y < ty || (y === ty && m <= tm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m += 1;
    if (m > 12) {
      y += 1;
      m = 1;
    }
  }
  return out;
}

/**
 * Expires lots on the one clock: walks each month's list of lots (issue order is expiry order) up to
 * the first that has not expired yet, appending EXPIRED to the member's stream for lots with points
 * left (a lot spent or expired already appends nothing) and publishing `points.expired`.
 */
export class PointsExpiry {
  private readonly loop: BackgroundLoop;

  constructor(
    private readonly points: PointsRepository,
    private readonly events: Pick<EventBus, 'publish'>,
    private readonly now: () => Date,
    intervalMs: number,
    logger: Logger,
  ) {
    this.loop = new BackgroundLoop(() => this.runOnce(), intervalMs, (err) => logger.error({ err }, 'points expiry pass failed'));
  }

  start(): this {
    this.loop.start();
    return this;
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  async runOnce(): Promise<number> {
    const nowMs = this.now().getTime();
    const thisMonth = new Date(nowMs).toISOString().slice(0, 7);
    let expired = 0;
    for (const a of await this.points.expiryAlliances()) {
      let lastMonth = a.lastMonth;
      for (const month of monthsBetween(a.lastMonth, thisMonth)) {
        let next = a.position[month] ?? 1;
        let finished = true;
        for (;;) {
          const page = await this.points.expiryPage(a.allianceId, month, next, PAGE);
          if (page.length === 0) break;
          let stop = false;
          for (const e of page) {
            if (Date.parse(e.data.expiresAt) > nowMs) {
              stop = true;
              break;
            }
            const r = await this.points.decide(a.allianceId, e.data.memberId, (s) => {
              const lot = expiredLots(s, nowMs).find((l) => l.id === e.data.lotId);
              return { fact: lot ? { kind: 'EXPIRED' as const, lotId: lot.id, merchantId: lot.merchantId, points: lot.remaining, at: new Date(nowMs).toISOString() } : null, outcome: null };
            });
            if (r.fact) {
              await publishPointsFact(this.events, a.allianceId, e.data.memberId, r.version, r.fact);
              expired += 1;
            }
            next = e.version + 1;
          }
          if (stop) {
            finished = false;
            break;
          }
        }
        // A month is done once it has ended and every entry is walked; the current one is walked again.
        if (finished && month < thisMonth && lastMonth === month) lastMonth = monthsBetween(month, thisMonth)[1] ?? month;
        await this.points.markExpiry(a.allianceId, month, next, lastMonth);
        if (!finished) break;
      }
    }
    return expired;
  }
}
