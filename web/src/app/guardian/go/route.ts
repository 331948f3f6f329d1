import type { NextRequest } from 'next/server';
import { seeOther } from '@/lib/form-post';
import { GUARDIAN_MEMBER_ID } from '@/lib/privacy-view';

export const dynamic = 'force-dynamic';

/** From the member-number form to that member's confirmation page. */
export function GET(request: NextRequest) {
  const member = (request.nextUrl.searchParams.get('member') ?? '').trim();
  return seeOther(GUARDIAN_MEMBER_ID.test(member) ? `/guardian/${member}` : '/guardian');
}
