import type { NextRequest } from 'next/server';
import { statementDownload } from '@/lib/statement-download';

export const dynamic = 'force-dynamic';
/** pdfkit and the font file need Node, not the edge runtime. */
export const runtime = 'nodejs';

/** A statement as CSV: `?kind=SHOP&id=m-fruit` (the subgraph authorizes), or the member's own. */
export async function GET(request: NextRequest, { params }: { params: Promise<{ periodId: string }> }): Promise<Response> {
  return statementDownload(request, (await params).periodId, 'csv');
}
