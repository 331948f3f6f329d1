import type { NextRequest } from 'next/server';
import { handleForm, text, type FormOutcome } from '@/lib/form-post';
import { approvePromotion, endPromotion, pausePromotion, resumePromotion, setPromotionPolicy } from '@/lib/promotions-api';

export const dynamic = 'force-dynamic';

type Payload = { userErrors: { code: string; message: string; field?: readonly string[] | null }[] };
const outcome = (back: string, payload: Payload, ok: string): FormOutcome => ({
  to: back,
  flash: payload.userErrors.length ? { errors: payload.userErrors } : { ok },
});

/** The alliance admin's promotion decisions; the promotions subgraph checks the role. */
export function POST(request: NextRequest) {
  return handleForm(request, '/admin/promotions', async (form, back) => {
    const id = text(form, 'id', 80);
    switch (text(form, 'op', 20)) {
      case 'approve': {
        const approve = text(form, 'approve', 5) === 'true';
        return outcome(back, await approvePromotion({ id, approve, note: text(form, 'note', 200) || null }), approve ? 'approved' : 'refused');
      }
      case 'policy':
        return outcome(back, await setPromotionPolicy(text(form, 'requireApproval', 5) === 'true'), 'policy');
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
