/** Chips for the live promotions covering a product (满减, 跨店券, 拼团…); the summary is the chip's title. */
export function PromotionTags({ tags, detailed = false }: { tags: readonly { kind: string; label: string; summary: string; promotionId: string }[] | undefined; detailed?: boolean }) {
  if (!tags || tags.length === 0) return null;
  return (
    <ul className={detailed ? 'promo-tags promo-tags-detailed' : 'promo-tags'} data-testid="promotion-tags">
      {tags.map((tag) => (
        <li key={`${tag.promotionId}:${tag.kind}`} className={`promo-tag promo-tag-${tag.kind.toLowerCase()}`} data-testid="promotion-tag" data-kind={tag.kind} data-promotion-id={tag.promotionId} title={tag.summary}>
          <span className="promo-tag-label">{tag.label}</span>
          {detailed && <span className="promo-tag-summary">{tag.summary}</span>}
        </li>
      ))}
    </ul>
  );
}
