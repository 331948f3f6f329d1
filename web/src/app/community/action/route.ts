import type { NextRequest } from 'next/server';
import { createGroup, postToGroup, setJoined } from '@/lib/community-api';
import { postFieldsOf } from '@/lib/community-view';
import { handleForm, text, type FormOutcome } from '@/lib/form-post';

export const dynamic = 'force-dynamic';

const groupPath = (id: string) => `/community/${encodeURIComponent(id)}`;

/**
 * 社群's forms: join and leave (any member), post (the group's leader), start a group (group leaders and
 * admins). The members subgraph decides who may do what; refusals come back as userErrors or a code.
 */
export function POST(request: NextRequest) {
  return handleForm(request, '/community', async (form, back): Promise<FormOutcome> => {
    const groupId = text(form, 'groupId', 80);
    switch (text(form, 'op', 20)) {
      case 'join':
      case 'leave': {
        const join = text(form, 'op', 20) === 'join';
        const r = await setJoined(groupId, join);
        return { to: back, flash: r.userErrors.length ? { errors: r.userErrors } : { ok: join ? 'joined' : 'left' } };
      }
      case 'post': {
        const fields = postFieldsOf(form);
        const r = await postToGroup({ groupId, ...fields });
        if (r.userErrors.length) return { to: back, flash: { errors: r.userErrors, values: { form: 'post', kind: fields.kind, text: fields.text, promotionId: fields.promotionId ?? '' } } };
        return { to: back, flash: { ok: 'posted' } };
      }
      case 'create': {
        const input = { name: text(form, 'name', 30), neighborhood: text(form, 'neighborhood', 40), interest: text(form, 'interest', 20) };
        const r = await createGroup(input);
        if (r.userErrors.length || !r.group) return { to: back, flash: { errors: r.userErrors, values: { form: 'create', ...input } } };
        return { to: groupPath(r.group.id), flash: { ok: 'created' } };
      }
      default:
        return { to: back };
    }
  });
}
