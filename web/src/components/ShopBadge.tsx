import type { MerchantKind } from '@/lib/types';

/** The shop's 1–2 character badge in its kind's colour. */
export function ShopBadge({ badge, kind, size = 'sm' }: { badge: string; kind: MerchantKind | string; size?: 'sm' | 'lg' }) {
  return (
    <span className={`shop-badge shop-badge-${size} kind-${kind.toLowerCase()}`} data-testid="shop-badge">
      {badge}
    </span>
  );
}
