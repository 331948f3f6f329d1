import type { PromotionKind } from '../pricing/pricing.types.js';
import { summary, type PromotionState } from './promotion.rules.js';

export const TAG_LABELS: Record<PromotionKind, string> = {
  SPEND_ACROSS_SHOPS: '满减',
  CROSS_STORE_COUPON: '跨店券',
  BUNDLE: '组合价',
  NEW_MEMBER: '新人价',
  GROUP_BUY: '拼团',
  PRESALE: '预售',
};

export interface TaggedProduct {
  id: string;
  category: string;
  merchantId: string;
}

export interface PromotionTag {
  kind: PromotionKind;
  label: string;
  summary: string;
  promotionId: string;
}

/**
 * The tags a product card shows: one per kind of live promotion that can discount this product (its
 * shop takes part and, where the promotion names products or categories, the product is among them).
 * A coupon shows at the shop that redeems it. Ordered by kind, then the lowest promotion id.
 */
export function promotionTags(product: TaggedProduct, live: readonly PromotionState[]): PromotionTag[] {
  const byKind = new Map<PromotionKind, PromotionState>();
  for (const p of [...live].sort((a, b) => a.id.localeCompare(b.id))) {
    const t = p.terms;
    const shops = t.kind === 'CROSS_STORE_COUPON' ? t.merchantIds.slice(1) : t.merchantIds;
    if (!shops.includes(product.merchantId)) continue;
    const products = t.productIds?.length ? t.productIds : null;
    const categories = t.categories?.length ? t.categories : null;
    if ((products || categories) && !(products?.includes(product.id) || categories?.includes(product.category))) continue;
    if (!byKind.has(t.kind)) byKind.set(t.kind, p);
  }
  return (Object.keys(TAG_LABELS) as PromotionKind[])
    .filter((k) => byKind.has(k))
    .map((k) => {
      const p = byKind.get(k)!;
      return { kind: k, label: TAG_LABELS[k], summary: summary(p.terms), promotionId: p.id };
    });
}
