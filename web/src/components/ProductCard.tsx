import type { ReactNode } from 'react';
import { preload } from 'react-dom';
import { formatFen } from '@/lib/money';
import { CARD_SIZES, cardPhotoPlan, cardSrcset } from '@/lib/product-image';
import type { ProductSummary } from '@/lib/types';
import { PinIcon } from './Icons';
import { DeferredPhoto } from './DeferredPhoto';
import { MemberPrice } from './MemberPrice';
import { ProductPhoto, type PhotoView } from './ProductPhoto';
import { PromotionTags } from './PromotionTags';
import { ShopBadge } from './ShopBadge';

export function ProductTile({ name, category, large = false }: { name: string; category: string; large?: boolean }) {
  return (
    <div className={`product-tile cat-${category.replace(/[^a-z0-9_-]/gi, '')} ${large ? 'product-tile-lg' : ''}`} aria-hidden="true">
      <span>{Array.from(name)[0] ?? '?'}</span>
    </div>
  );
}

/** `position`: the card's place on the page (0 first), which decides how eagerly its photo loads. */
export function ProductCard({ product, soldOutLabel, memberPriceLabel, tags, position }: { product: ProductSummary; soldOutLabel: string; memberPriceLabel: string; tags?: readonly { kind: string; label: string; summary: string; promotionId: string }[]; position?: number }) {
  const m = product.merchant;
  const cover = product.images[0];
  return (
    <li
      className="product-card"
      data-testid="product-card"
      data-product-id={product.id}
      data-merchant-id={m.id}
      data-category={product.category}
      data-neighborhood={m.neighborhood}
    >
      {/* No prefetch: a page of 24 cards would cost 24 requests on a phone's data plan. */}
      <a href={`/products/${encodeURIComponent(product.id)}`} className="product-link">
        {cover ? (
          <CardPhoto image={{ ...cover, srcset: cardSrcset(cover.srcset) }} alt={product.name} position={position} tile={<ProductTile name={product.name} category={product.category} />} />
        ) : (
          <ProductTile name={product.name} category={product.category} />
        )}
        <div className="product-body">
          <h3 className="product-name" data-testid="product-name">{product.name}</h3>
          <p className="product-unit">{product.unit}</p>
          <p className="product-price-row">
            <span className="price" data-testid="product-price">{formatFen(product.price.amountFen)}</span>
            {product.memberPrice && <MemberPrice fen={product.memberPrice.amountFen} label={memberPriceLabel} />}
            {product.stock <= 0 && <span className="tag tag-muted">{soldOutLabel}</span>}
          </p>
          <PromotionTags tags={tags} />
          <p className="product-shop">
            <ShopBadge badge={m.badge} kind={m.kind} />
            <span className="shop-name" data-testid="shop-name">{m.name}</span>
          </p>
          <p className="product-neighborhood" data-testid="product-neighborhood">
            <PinIcon /> {m.neighborhood}
          </p>
        </div>
      </a>
    </li>
  );
}

function CardPhoto({ image, alt, position, tile }: { image: PhotoView; alt: string; position: number | undefined; tile: ReactNode }) {
  const plan = cardPhotoPlan(position);
  const photo = { image, alt, sizes: CARD_SIZES, loading: plan.loading, testId: 'product-photo' };
  // In the head, before the page's scripts: the <img> itself is parsed only once the HTML has arrived
  // as far as the card, which on a slow link is most of a second later (measured in `npm run bench`).
  if (plan.loading === 'high') preload(image.url, { as: 'image', imageSrcSet: image.srcset, imageSizes: CARD_SIZES, fetchPriority: 'high' });
  return plan.deferred ? <DeferredPhoto {...photo} placeholder={tile} /> : <ProductPhoto {...photo} />;
}
