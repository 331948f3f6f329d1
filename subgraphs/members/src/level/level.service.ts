import type { RequestContext } from '@alliance/runtime/request-context';
import type { MemberDoc } from '../member/member.model.js';
import type { OrderHistoryRepository } from '../history/order-history.repository.js';
import { levelOf, rollingSpendFen, type Level } from './level.rules.js';

export interface LevelView {
  level: Level;
  name: string;
  spend12m: number;
  next: { level: Level; name: string; fromFen: number; toGoFen: number } | null;
}

/** A member's level, computed on the one clock from her order history's monthly spend: nothing to expire. */
export class LevelService {
  constructor(
    private readonly request: RequestContext,
    private readonly history: OrderHistoryRepository,
    private readonly now: () => Date,
  ) {}

  async of(member: Pick<MemberDoc, 'id'>): Promise<LevelView> {
    const h = await this.history.summary(this.request.allianceId, member.id);
    const spend = rollingSpendFen(h.months, this.now().getTime());
    const l = levelOf(spend);
    return { level: l.level, name: l.name, spend12m: spend, next: l.next ? { ...l.next, toGoFen: l.next.fromFen - spend } : null };
  }
}
