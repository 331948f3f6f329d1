import { NextResponse, type NextRequest } from 'next/server';
import { attachProductImage, createImageUpload, createSheetUpload, importProducts } from '@/lib/catalogue-api';
import { errorCode } from '@/lib/gateway';
import { parseUploadStep } from '@/lib/direct-upload';

export const dynamic = 'force-dynamic';

/**
 * The two gateway calls around a browser's direct upload (components/DirectUpload.tsx), as JSON: `start`
 * gets the presigned PUT (the bytes then go from the browser to storage, never through the portal or the
 * gateway), `finish` attaches the photo or imports the sheet. The session's token stays on the server;
 * the merchants subgraph checks the shop, the type and the size at both steps.
 */
export async function POST(request: NextRequest): Promise<NextResponse> {
  const step = parseUploadStep(await request.json().catch(() => null));
  if (!step) return NextResponse.json({ code: 'BAD_USER_INPUT' }, { status: 400 });
  try {
    switch (step.op) {
      case 'start-image':
        return NextResponse.json(await createImageUpload(step.targetId, step.contentType, step.bytes));
      case 'start-sheet':
        return NextResponse.json(await createSheetUpload(step.targetId, step.contentType, step.bytes));
      case 'finish-image':
        return NextResponse.json(await attachProductImage(step.targetId, step.uploadId));
      case 'finish-sheet':
        return NextResponse.json(await importProducts(step.targetId, step.uploadId));
    }
  } catch (err) {
    const code = errorCode(err);
    if (code !== 'UNAUTHENTICATED') console.error(`[upload] ${step.op} failed: ${code}`);
    return NextResponse.json({ code }, { status: code === 'UNAUTHENTICATED' ? 401 : 502 });
  }
}
