import type { RequestContext } from '@alliance/runtime/request-context';
import type { LivePromotions } from '../redemption/live-promotions.js';
import type { PromotionState } from '../promotion/promotion.rules.js';
import type { GroupRepository } from './group.repository.js';
import type { GroupState } from './group.rules.js';

export interface GroupView extends GroupState {
  promotion: PromotionState | null;
}

const OPEN_GROUPS = 10;

/**
 * Group-buy progress as anyone with the share link sees it: how many joined, how many are needed, the
 * deadline. Never who joined (a shopper's identity is not the other buyers' business).
 */
export class GroupService {
  constructor(
    private readonly request: RequestContext,
    private readonly groups: GroupRepository,
    private readonly live: LivePromotions,
  ) {}

  async get(groupId: string): Promise<GroupView | null> {
    const g = await this.groups.get(this.request.allianceId, groupId);
    return g ? { ...g, promotion: await this.live.one(this.request.allianceId, g.promotionId) } : null;
  }

  /** The newest groups of a live group-buy still open to join. */
  async open(promotionId: string): Promise<GroupView[]> {
    const promotion = await this.live.one(this.request.allianceId, promotionId);
    if (!promotion || promotion.terms.kind !== 'GROUP_BUY') return [];
    const groups = await this.groups.newestOfPromotion(this.request.allianceId, promotionId, OPEN_GROUPS);
    return groups.filter((g) => g.status === 'OPEN').map((g) => ({ ...g, promotion }));
  }
}
