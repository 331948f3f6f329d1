'use client';

import { useEffect, useState, type ReactNode } from 'react';
import { ProductPhoto, type PhotoView } from './ProductPhoto';
import type { PhotoLoading } from '@/lib/product-image';

/**
 * A photo the browser puts in once the page has hydrated (lib/product-image.ts cardPhotoPlan): until
 * then `placeholder` holds its box. Without JavaScript the <noscript> copy shows it.
 */
export function DeferredPhoto({ placeholder, ...photo }: { image: PhotoView; alt: string; sizes: string; loading: PhotoLoading; testId?: string; placeholder: ReactNode }) {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  if (hydrated) return <ProductPhoto {...photo} />;
  return (
    <>
      {placeholder}
      <noscript>
        <ProductPhoto {...photo} testId={undefined} />
      </noscript>
    </>
  );
}
