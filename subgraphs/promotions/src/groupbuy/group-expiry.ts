import type { Logger } from 'pino';
import type { EventBus } from '@alliance/events';
import { BackgroundLoop } from '@alliance/store';
import type { GroupRepository } from './group.repository.js';

/**
 * Fails the groups still open past their deadline and says so (group_buy.failed): the merchants
 * subgraph cancels every order of the group and releases its stock. Background work: it scans the
 * open groups' heads.
 */
export class GroupExpiry {
  private readonly loop: BackgroundLoop;

  constructor(
    private readonly groups: GroupRepository,
    private readonly events: Pick<EventBus, 'publish'>,
    private readonly now: () => Date,
    intervalMs: number,
    logger: Logger,
  ) {
    this.loop = new BackgroundLoop(() => this.runOnce(), intervalMs, (err) => logger.error({ err }, 'group-buy expiry pass failed'));
  }

  async runOnce(): Promise<number> {
    let failed = 0;
    for (const g of await this.groups.scanOpen()) {
      const nowMs = this.now().getTime();
      if (Date.parse(g.deadline) > nowMs) continue;
      const closed = await this.groups.failIfExpired(g.allianceId, g.groupId, nowMs, this.now().toISOString());
      // Also republished for a group another pass failed first: the id makes it one event.
      const state = closed ?? (await this.groups.get(g.allianceId, g.groupId));
      if (state?.status !== 'FAILED') continue;
      await this.events.publish({
        id: `${g.allianceId}:group:${g.groupId}:failed`,
        type: 'group_buy.failed',
        allianceId: g.allianceId,
        data: { allianceId: g.allianceId, groupId: g.groupId, promotionId: g.promotionId, checkoutIds: state.checkoutIds, at: state.closedAt ?? this.now().toISOString() },
      });
      failed += 1;
    }
    return failed;
  }

  start(): this {
    this.loop.start();
    return this;
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }
}
