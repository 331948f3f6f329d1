import type { PhotoLoading } from '@/lib/product-image';

export interface PhotoView {
  url: string;
  width: number;
  height: number;
  srcset: string;
}

/**
 * A product photo. A plain <img>, not next/image: the merchants subgraph already made the WebP
 * renditions (200, 400, 800 px) and gives their srcset; next/image would fetch and resize them again
 * on this server. width and height reserve the box before the bytes arrive (no layout shift).
 */
export function ProductPhoto({ image, alt, sizes, loading, className, testId }: { image: PhotoView; alt: string; sizes: string; loading: PhotoLoading; className?: string; testId?: string }) {
  return (
    <img
      className={className ?? 'product-photo'}
      src={image.url}
      srcSet={image.srcset}
      sizes={sizes}
      width={image.width}
      height={image.height}
      alt={alt}
      loading={loading === 'lazy' ? 'lazy' : 'eager'}
      decoding={loading === 'lazy' ? 'async' : 'auto'}
      fetchPriority={loading === 'high' ? 'high' : undefined}
      data-testid={testId}
    />
  );
}
