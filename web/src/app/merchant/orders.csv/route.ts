import type { NextRequest } from 'next/server';
import { getLang } from '@/i18n/server';
import { getPrincipal } from '@/lib/auth';
import { CSV_BOM, ORDER_CSV_COLUMNS, csvRow, orderCsvRow } from '@/lib/csv';
import { todayInShanghai } from '@/lib/datetime';
import { getOrderDesk } from '@/lib/desk-api';
import { errorCode } from '@/lib/gateway';
import { parseDeskStatus } from '@/lib/order-tabs';
import { isShopStaff } from '@/lib/principal';

export const dynamic = 'force-dynamic';

const PAGE = 100;
/** An export is bounded (a request path stays bounded); 200 pages are 20,000 orders. */
const MAX_PAGES = 200;

/**
 * The shop's orders as CSV for Excel (UTF-8 with a BOM), newest first: pages through the order desk on
 * the server and streams each page as it comes.
 */
export async function GET(request: NextRequest): Promise<Response> {
  const principal = await getPrincipal();
  if (!principal) return new Response(null, { status: 303, headers: { location: '/auth/login?returnTo=%2Fmerchant' } });
  const shop = request.nextUrl.searchParams.get('shop') ?? '';
  if (!isShopStaff(principal) || !principal.merchantIds.includes(shop)) return new Response('Forbidden', { status: 403 });
  const status = parseDeskStatus(request.nextUrl.searchParams.get('status') ?? undefined);
  const lang = await getLang();

  // The first page is read before answering, so a failure is a proper error status, not a cut-off file.
  let firstPage;
  try {
    firstPage = await getOrderDesk(shop, status ? [status] : [], PAGE, null);
  } catch (err) {
    const code = errorCode(err);
    return new Response(`Export failed: ${code}`, { status: code === 'FORBIDDEN' ? 403 : code === 'UNAUTHENTICATED' ? 401 : 502 });
  }

  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      controller.enqueue(encoder.encode(CSV_BOM + csvRow(ORDER_CSV_COLUMNS[lang === 'en' ? 'en' : 'zh'])));
      let page = firstPage.orders;
      try {
        for (let n = 1; ; n++) {
          controller.enqueue(encoder.encode(page.edges.map((e) => orderCsvRow(e.node)).join('')));
          if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor || n >= MAX_PAGES) break;
          page = (await getOrderDesk(shop, status ? [status] : [], PAGE, page.pageInfo.endCursor)).orders;
        }
        controller.close();
      } catch (err) {
        // Headers are gone already: end the file visibly incomplete rather than silently short.
        console.error(`[csv] export of ${shop} broke off: ${errorCode(err)}`);
        controller.enqueue(encoder.encode(csvRow([`# export incomplete: ${errorCode(err)}`])));
        controller.close();
      }
    },
  });
  const filename = `orders-${shop}-${todayInShanghai()}.csv`.replace(/[^A-Za-z0-9_.-]/g, '_');
  return new Response(stream, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'no-store',
    },
  });
}
