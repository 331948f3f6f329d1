import { NextResponse, type NextRequest } from 'next/server';
import { sheetDownload } from '@/lib/catalogue-api';
import { respond, seeOther } from '@/lib/form-post';
import { errorCode } from '@/lib/gateway';

export const dynamic = 'force-dynamic';

/**
 * The import template (`kind=template`) or the shop's catalogue as a sheet (`kind=export&shop=`): asks
 * for a fresh short-lived presigned GET and sends the browser there, so a link on the page never expires
 * and the file comes from storage, not through the portal. The subgraph checks the caller is the shop's staff.
 */
export async function GET(request: NextRequest): Promise<NextResponse> {
  const kind = request.nextUrl.searchParams.get('kind') === 'export' ? 'export' : 'template';
  const shop = request.nextUrl.searchParams.get('shop') ?? '';
  const back = `/merchant/products${shop ? `?shop=${encodeURIComponent(shop)}` : ''}`;
  try {
    const file = await sheetDownload(kind, shop);
    return NextResponse.redirect(file.url, { status: 303, headers: { 'cache-control': 'no-store' } });
  } catch (err) {
    const code = errorCode(err);
    if (code === 'UNAUTHENTICATED') return seeOther(`/auth/login?returnTo=${encodeURIComponent(back)}`);
    console.error(`[sheet] ${kind} failed: ${code}`);
    return respond({ to: back, flash: { code } });
  }
}
