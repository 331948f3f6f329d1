import { NextResponse, type NextRequest } from 'next/server';
import { errorCode } from '@/lib/gateway';
import { createLicenceUpload } from '@/lib/shop-admin-api';

export const dynamic = 'force-dynamic';

const json = (body: unknown, status = 200) => NextResponse.json(body, { status, headers: { 'cache-control': 'no-store' } });

/**
 * A presigned PUT for one licence photo of the onboarding form (alliance admins; the subgraph checks the
 * role, type and size). JSON in, JSON out: the browser's upload field calls it, then PUTs the file.
 */
export async function POST(request: NextRequest) {
  let body: { contentType?: unknown; bytes?: unknown };
  try {
    body = (await request.json()) as typeof body;
  } catch {
    return json({ code: 'BAD_REQUEST' }, 400);
  }
  const contentType = typeof body.contentType === 'string' ? body.contentType.slice(0, 100) : '';
  const bytes = typeof body.bytes === 'number' && Number.isSafeInteger(body.bytes) ? body.bytes : -1;
  try {
    const payload = await createLicenceUpload(contentType, Math.min(bytes, 2 ** 31 - 1));
    return json(payload);
  } catch (err) {
    const code = errorCode(err);
    return json({ code }, code === 'UNAUTHENTICATED' ? 401 : code === 'FORBIDDEN' ? 403 : 502);
  }
}
