'use client';

import { useLinkStatus } from 'next/link';

/**
 * Inside a <Link>: while its navigation waits for the server, a thin bar across the top of the screen.
 * The portal has no route-wide loading skeleton (a cold load would then reveal the page in a batch
 * after its shell, which cost a phone about half a second of LCP), so this is what a tap shows until
 * the next page is there. Only one navigation is pending at a time, so one bar shows at most.
 */
export function NavPending() {
  const { pending } = useLinkStatus();
  return <span className={pending ? 'nav-pending active' : 'nav-pending'} aria-hidden="true" data-testid={pending ? 'nav-pending' : undefined} />;
}
