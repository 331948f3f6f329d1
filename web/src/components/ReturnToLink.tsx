'use client';

import { usePathname, useSearchParams } from 'next/navigation';
import { Suspense, type ComponentProps } from 'react';

type Props = Omit<ComponentProps<'a'>, 'href'> & {
  /** Link target up to and including `returnTo=`. */
  base: string;
  /** Path + query of the page as rendered by the server (used before hydration). */
  initialPath: string;
};

function LiveLink({ base, initialPath, ...rest }: Props) {
  const pathname = usePathname();
  const search = useSearchParams().toString();
  const path = pathname ? `${pathname}${search ? `?${search}` : ''}` : initialPath;
  return <a {...rest} href={`${base}${encodeURIComponent(path)}`} />;
}

/**
 * A plain <a> to a route handler (login, language switch) that carries the current page as `returnTo`,
 * kept up to date across client-side navigations (the layout holding it is not re-rendered then).
 */
export function ReturnToLink(props: Props) {
  const { base, initialPath, ...rest } = props;
  return (
    <Suspense fallback={<a {...rest} href={`${base}${encodeURIComponent(initialPath)}`} />}>
      <LiveLink {...props} />
    </Suspense>
  );
}
