/**
 * A statement download (server-only): the route's query read, the statement fetched through the
 * gateway with the member's own token (so the commissions subgraph authorizes it: an admin any party,
 * a shop's staff their shop, a member her own), and the CSV or PDF answered.
 */
import { readFile } from 'node:fs/promises';
import type { NextRequest } from 'next/server';
import { getConfig } from '@/config';
import { getAccessToken } from './auth';
import { PERIOD_ID } from './commission-view';
import { getStatementDownload } from './commission-reports-api';
import { errorCode } from './gateway';
import type { PartyKind } from './generated/operations';
import { statementCsv, statementFilename } from './statement-export';
import { statementPdf } from './statement-pdf';

const KINDS: readonly PartyKind[] = ['SHOP', 'MEMBER', 'ALLIANCE', 'CLEARING'];
const PARTY_ID = /^[A-Za-z0-9._:-]{1,80}$/;
const STATUS: Record<string, number> = { FORBIDDEN: 403, UNAUTHENTICATED: 401, BAD_USER_INPUT: 400 };

/** `?kind=SHOP&id=m-fruit`; neither: the signed-in member's own. */
export function partyParam(params: URLSearchParams): { kind: PartyKind; id: string } | null | 'invalid' {
  const kind = params.get('kind');
  const id = params.get('id');
  if (kind === null && id === null) return null;
  if (!kind || !id || !(KINDS as readonly string[]).includes(kind) || !PARTY_ID.test(id)) return 'invalid';
  return { kind: kind as PartyKind, id };
}

/** Read once per path: a CJK collection is ~20 MB. */
const fonts = new Map<string, Promise<Buffer>>();
function fontData(path: string): Promise<Buffer> {
  let font = fonts.get(path);
  if (!font) {
    font = readFile(path);
    fonts.set(path, font);
    font.catch(() => fonts.delete(path));
  }
  return font;
}

const plain = (status: number, text: string) => new Response(text, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } });

export async function statementDownload(request: NextRequest, periodId: string, format: 'csv' | 'pdf'): Promise<Response> {
  if (!(await getAccessToken())) {
    const back = `${request.nextUrl.pathname}${request.nextUrl.search}`;
    return new Response(null, { status: 303, headers: { location: `/auth/login?returnTo=${encodeURIComponent(back)}` } });
  }
  if (!PERIOD_ID.test(periodId)) return plain(400, 'A period is an ISO week like 2026-W48');
  const party = partyParam(request.nextUrl.searchParams);
  if (party === 'invalid') return plain(400, 'A party is kind (SHOP, MEMBER, ALLIANCE, CLEARING) and id, or neither for your own');

  let data;
  try {
    data = await getStatementDownload(periodId, party);
  } catch (err) {
    const code = errorCode(err);
    return plain(STATUS[code] ?? 502, `Statement not available: ${code}`);
  }
  const s = data.statement;
  if (!s) return plain(404, `No statement for ${party ? `${party.kind}:${party.id}` : 'you'} in ${periodId}`);
  const shopName = s.partyKind === 'SHOP' ? (data.merchants.find((m) => m.id === s.partyId)?.name ?? null) : null;
  const { allianceId, statementFont } = getConfig();
  const headers = (type: string) => ({ 'content-type': type, 'content-disposition': `attachment; filename="${statementFilename(s, format)}"`, 'cache-control': 'no-store' });

  if (format === 'csv') return new Response(statementCsv(s, allianceId, shopName), { headers: headers('text/csv; charset=utf-8') });

  let font: Buffer;
  try {
    font = await fontData(statementFont.path);
  } catch {
    console.error(`[statements] CJK font missing at ${statementFont.path}`);
    return plain(500, `Statement PDFs need a CJK font: none at ${statementFont.path} (install Debian's fonts-noto-cjk, or set STATEMENT_FONT_PATH and STATEMENT_FONT_FAMILY)`);
  }
  try {
    const pdf = await statementPdf(s, allianceId, { data: font, family: statementFont.family }, shopName);
    return new Response(new Uint8Array(pdf), { headers: headers('application/pdf') });
  } catch (err) {
    // A wrong face name in a collection, or a file that is not a font.
    console.error(`[statements] PDF failed with font ${statementFont.path} (${statementFont.family}): ${err instanceof Error ? err.message : String(err)}`);
    return plain(500, `Statement PDF failed: the font ${statementFont.path} (${statementFont.family}) cannot be used; check STATEMENT_FONT_PATH and STATEMENT_FONT_FAMILY`);
  }
}
