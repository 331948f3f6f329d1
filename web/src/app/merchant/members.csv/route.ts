import type { NextRequest } from 'next/server';
import { getLang } from '@/i18n/server';
import { getPrincipal } from '@/lib/auth';
import { CSV_BOM, csvRow } from '@/lib/csv';
import { todayInShanghai } from '@/lib/datetime';
import { errorCode } from '@/lib/gateway';
import { isShopStaff } from '@/lib/principal';
import { getShopMembers } from '@/lib/shop-members-api';
import { SHOP_MEMBER_CSV_COLUMNS, parseMemberFilter, shopMemberCsvRow } from '@/lib/shop-members-view';

export const dynamic = 'force-dynamic';

/** The gateway's list limit. */
const PAGE = 100;
/** An export is bounded (a request path stays bounded): 50 pages are 5,000 members. */
const MAX_PAGES = 50;

/**
 * The shop's consenting members as CSV for Excel (UTF-8 with a BOM), with the page's filters: only what
 * each member consented to — the members subgraph sends the rest as null, which stays an empty cell.
 */
export async function GET(request: NextRequest): Promise<Response> {
  const principal = await getPrincipal();
  if (!principal) return new Response(null, { status: 303, headers: { location: '/auth/login?returnTo=%2Fmerchant%2Fmembers' } });
  const shop = request.nextUrl.searchParams.get('shop') ?? '';
  if (!isShopStaff(principal) || !principal.merchantIds.includes(shop)) return new Response('Forbidden', { status: 403 });
  const filter = parseMemberFilter(request.nextUrl.searchParams);
  const lang = await getLang();

  // The first page is read before answering, so a failure is a proper error status, not a cut-off file.
  let firstPage;
  try {
    firstPage = (await getShopMembers(shop, filter, PAGE, null)).page;
  } catch (err) {
    const code = errorCode(err);
    return new Response(`Export failed: ${code}`, { status: code === 'FORBIDDEN' ? 403 : code === 'UNAUTHENTICATED' ? 401 : 502 });
  }

  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      controller.enqueue(encoder.encode(CSV_BOM + csvRow(SHOP_MEMBER_CSV_COLUMNS[lang === 'en' ? 'en' : 'zh'])));
      let page = firstPage;
      try {
        for (let n = 1; ; n++) {
          controller.enqueue(encoder.encode(page.edges.map((e) => shopMemberCsvRow(e.node)).join('')));
          if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) break;
          if (n >= MAX_PAGES) {
            controller.enqueue(encoder.encode(csvRow([`# export stopped after ${MAX_PAGES * PAGE} members: narrow the filters`])));
            break;
          }
          page = (await getShopMembers(shop, filter, PAGE, page.pageInfo.endCursor)).page;
        }
        controller.close();
      } catch (err) {
        // Headers are gone already: end the file visibly incomplete rather than silently short.
        console.error(`[csv] member export of ${shop} broke off: ${errorCode(err)}`);
        controller.enqueue(encoder.encode(csvRow([`# export incomplete: ${errorCode(err)}`])));
        controller.close();
      }
    },
  });
  const filename = `members-${shop}-${todayInShanghai()}.csv`.replace(/[^A-Za-z0-9_.-]/g, '_');
  return new Response(stream, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'no-store',
    },
  });
}
