import type { EventBus } from '@alliance/events';
import type { PromotionRepository } from './promotion.repository.js';
import type { PromotionState } from './promotion.rules.js';

/**
 * The live set follows the workflow: a promotion is in it while ACTIVE and out otherwise, and each
 * change is published (promotion.activated, or promotion.ended for an end or a pause). Event ids are
 * the promotion's workflow version, so a replay republishes the same event.
 */
export async function syncLive(repo: PromotionRepository, events: Pick<EventBus, 'publish'>, state: PromotionState, version: number, now: () => Date): Promise<void> {
  const wanted = state.status === 'ACTIVE';
  if (!wanted && version === 1) return;
  const allianceId = state.allianceId;
  await repo.setLive(allianceId, state.id, wanted, version);
  const at = state.audit.at(-1)?.at ?? now().toISOString();
  const id = `${allianceId}:promotion:${state.id}:${String(version).padStart(10, '0')}`;
  if (wanted) {
    const t = state.terms;
    await events.publish({ id, type: 'promotion.activated', allianceId, data: { allianceId, promotionId: state.id, kind: t.kind, title: t.title, merchantIds: t.merchantIds, startsAt: new Date(t.startsAt).toISOString(), endsAt: new Date(t.endsAt).toISOString(), at } });
  } else if (state.status === 'ENDED' || state.status === 'PAUSED') {
    await events.publish({ id, type: 'promotion.ended', allianceId, data: { allianceId, promotionId: state.id, reason: state.status, at } });
  }
}
