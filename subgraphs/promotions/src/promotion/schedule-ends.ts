import type { Logger } from 'pino';
import type { EventBus } from '@alliance/events';
import { BackgroundLoop } from '@alliance/store';
import { syncLive } from './live-sync.js';
import type { PromotionRepository } from './promotion.repository.js';

/**
 * Promotions whose schedule ran out end by themselves: an ENDED fact by SYSTEM (so the audit says so),
 * out of the live set, promotion.ended published. Quotes already stop pricing with them at endsAt
 * (they check the schedule); this makes the workflow, the lists and the events say the same. Background
 * work: it scans the live sets.
 */
export class ScheduleEnds {
  private readonly loop: BackgroundLoop;

  constructor(
    private readonly repo: PromotionRepository,
    private readonly events: Pick<EventBus, 'publish'>,
    private readonly now: () => Date,
    intervalMs: number,
    logger: Logger,
  ) {
    this.loop = new BackgroundLoop(() => this.runOnce(), intervalMs, (err) => logger.error({ err }, 'promotion schedule pass failed'));
  }

  async runOnce(): Promise<number> {
    let ended = 0;
    for (const { allianceId, ids } of await this.repo.scanLiveSets()) {
      for (const id of ids) {
        const nowMs = this.now().getTime();
        const r = await this.repo.change(allianceId, id, (s) =>
          (s.status === 'ACTIVE' || s.status === 'PAUSED') && nowMs >= s.terms.endsAt ? { type: 'ENDED', at: new Date(nowMs).toISOString(), by: 'SYSTEM' } : { code: 'NOT_DUE', message: 'not due' },
        );
        if (!r || r.error) continue;
        await syncLive(this.repo, this.events, r.state, r.version, this.now);
        ended += 1;
      }
    }
    return ended;
  }

  start(): this {
    this.loop.start();
    return this;
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }
}
