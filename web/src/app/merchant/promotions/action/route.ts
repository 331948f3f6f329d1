import type { NextRequest } from 'next/server';
import { handleForm, text, type FormOutcome } from '@/lib/form-post';
import { parseProposal, placeProposalErrors, proposalFormValues } from '@/lib/promotion-form';
import { answerPromotion, endPromotion, pausePromotion, proposePromotion, resumePromotion, type PromotionPayload } from '@/lib/promotions-api';

export const dynamic = 'force-dynamic';

const FALLBACK = '/merchant/promotions';

const outcome = (back: string, payload: PromotionPayload, ok: string): FormOutcome => ({
  to: back,
  flash: payload.userErrors.length ? { errors: payload.userErrors } : { ok },
});

/** The page of a view of the same shop, e.g. after proposing: its promotions. */
function viewOf(back: string, view: string): string {
  const [path, query = ''] = back.split('?', 2) as [string, string?];
  const params = new URLSearchParams(query);
  params.set('view', view);
  params.delete('counter');
  return `${path}?${params.toString()}`;
}

/** The promotions console's forms. The promotions subgraph decides whether this member may act for that shop. */
export function POST(request: NextRequest) {
  return handleForm(request, FALLBACK, async (form, back) => {
    const id = text(form, 'id', 80);
    switch (text(form, 'op', 20)) {
      case 'propose': {
        const parsed = parseProposal(form);
        if (!parsed.ok) return { to: back, flash: { errors: parsed.errors, values: proposalFormValues(form) } };
        const payload = await proposePromotion(parsed.input);
        if (payload.userErrors.length) {
          return { to: back, flash: { errors: placeProposalErrors(payload.userErrors, parsed.input.funding), values: proposalFormValues(form) } };
        }
        return { to: viewOf(back, 'mine'), flash: { ok: 'proposed' } };
      }
      case 'answer': {
        const accept = text(form, 'accept', 5) === 'true';
        const payload = await answerPromotion({ id, accept, note: text(form, 'note', 200) || null, merchantId: text(form, 'merchantId', 80) || null });
        return outcome(payload.userErrors.length ? back : viewOf(back, accept ? 'mine' : 'inbox'), payload, accept ? 'accepted' : 'declined');
      }
      case 'pause':
        return outcome(back, await pausePromotion(id), 'paused');
      case 'resume':
        return outcome(back, await resumePromotion(id), 'resumed');
      case 'end':
        return outcome(back, await endPromotion(id), 'ended');
      default:
        return { to: back };
    }
  });
}
