import Link from 'next/link';
import type { ComponentProps } from 'react';
import { NavPending } from './NavPending';

/** The portal's client-side link: a next/link that shows the pending-navigation bar while the next page loads. */
export function NavLink({ children, ...props }: ComponentProps<typeof Link>) {
  return (
    <Link {...props}>
      {children}
      <NavPending />
    </Link>
  );
}
