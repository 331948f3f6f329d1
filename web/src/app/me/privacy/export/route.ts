import type { NextRequest } from 'next/server';
import { respond } from '@/lib/form-post';
import { errorCode } from '@/lib/gateway';
import { exportMyData } from '@/lib/privacy-api';
import { combineExport, exportFileName } from '@/lib/privacy-view';

export const dynamic = 'force-dynamic';

/**
 * 导出我的数据: everything the alliance holds about her, from every subgraph, as one JSON file she
 * downloads. A POST (the page's form): exportMyData is a mutation, and a cross-site link must not start
 * one. The browser stays on the page; a failure goes back to it with the error's code.
 */
export async function POST(_request: NextRequest): Promise<Response> {
  const back = '/me/privacy';
  let payload;
  try {
    payload = await exportMyData();
  } catch (err) {
    const code = errorCode(err);
    if (code === 'UNAUTHENTICATED') return new Response(null, { status: 303, headers: { location: `/auth/login?returnTo=${encodeURIComponent(back)}`, 'cache-control': 'no-store' } });
    console.error(`[privacy] export failed: ${code}`);
    return respond({ to: back, flash: { code } });
  }
  if (payload.userErrors.length || !payload.member) return respond({ to: back, flash: { errors: payload.userErrors, values: { form: 'export' } } });
  const doc = combineExport(payload);
  return new Response(`${JSON.stringify(doc, null, 2)}\n`, {
    status: 200,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="${exportFileName(doc.exportedAt, Date.now())}"`,
      // Her personal data: never kept by a cache on the way.
      'cache-control': 'no-store, private',
      'x-content-type-options': 'nosniff',
    },
  });
}
