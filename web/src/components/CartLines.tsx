import type { Dictionary } from '@/i18n/dictionary';
import type { CartLineVM } from '@/lib/cart-view';
import { formatFen } from '@/lib/money';
import { ProductTile } from './ProductCard';
import { ActionForm } from './ActionForm';

/** A quantity stepper: each button posts the line's new quantity (0 removes it) to /cart/update. */
function Stepper({ t, line, back }: { t: Dictionary; line: CartLineVM; back: string }) {
  const max = Math.min(99, line.stock !== undefined ? Math.max(line.stock, 1) : 99);
  return (
    <ActionForm action="/cart/update" className="stepper" data-testid="cart-stepper" fields={{ productId: line.productId, specId: line.specId || undefined, back }}>
      <button type="submit" name="quantity" value={line.quantity - 1} aria-label={t.cart.decrease} data-testid="cart-decrease">
        −
      </button>
      <span className="stepper-value" data-testid="cart-quantity">
        {line.quantity}
      </span>
      <button type="submit" name="quantity" value={line.quantity + 1} aria-label={t.cart.increase} data-testid="cart-increase" disabled={line.quantity >= max}>
        +
      </button>
    </ActionForm>
  );
}

function RemoveButton({ t, line, back }: { t: Dictionary; line: CartLineVM; back: string }) {
  return (
    <ActionForm action="/cart/update" className="inline-form" fields={{ productId: line.productId, specId: line.specId || undefined, back }}>
      <button type="submit" name="quantity" value="0" className="link-button link-danger" data-testid="cart-remove">
        {t.cart.remove}
      </button>
    </ActionForm>
  );
}

/** One cart line: what, which spec, the price now (and before, when it changed), stock problems, quantity. */
export function CartLineRow({ t, line, back, discountFen }: { t: Dictionary; line: CartLineVM; back: string; discountFen?: number }) {
  return (
    <li
      className={`cart-line${line.unavailable ? ' cart-line-off' : ''}`}
      data-testid="cart-line"
      data-product-id={line.productId}
      data-spec-id={line.specId ?? ''}
      data-price-changed={line.oldUnitFen !== undefined || undefined}
      data-sold-out={line.soldOut || undefined}
    >
      <a href={`/products/${encodeURIComponent(line.productId)}`} className="cart-line-tile">
        <ProductTile name={line.name} category={line.category} />
      </a>
      <div className="cart-line-body">
        <a href={`/products/${encodeURIComponent(line.productId)}`} className="cart-line-name" data-testid="cart-line-name">
          {line.name}
        </a>
        {line.specName && (
          <span className="tag tag-muted" data-testid="cart-line-spec">
            {line.specName}
          </span>
        )}
        {line.unavailable ? (
          <p className="small muted">{t.cart.unavailable}</p>
        ) : (
          <p className="cart-line-price">
            {line.oldUnitFen !== undefined && (
              <span className="price-change" data-testid="price-changed">
                <span className="tag tag-warn">{t.cart.priceChanged}</span> <s className="muted">{formatFen(line.oldUnitFen)}</s> →{' '}
              </span>
            )}
            <span className="price" data-testid="cart-line-price">
              {formatFen(line.unitFen)}
            </span>
            {discountFen !== undefined && discountFen > 0 && (
              <span className="tag tag-promo" data-testid="cart-line-discount" data-discount-fen={discountFen}>
                {t.promoCart.lineDiscount} -{formatFen(discountFen)}
              </span>
            )}
          </p>
        )}
        {line.soldOut && (
          <p className="small warn" data-testid="sold-out">
            {t.cart.soldOut}
            {line.stock !== undefined && line.stock > 0 ? ` · ${t.cart.stockLeft(line.stock)}` : ''}
          </p>
        )}
        <div className="cart-line-actions">
          {!line.unavailable && <Stepper t={t} line={line} back={back} />}
          <RemoveButton t={t} line={line} back={back} />
        </div>
      </div>
    </li>
  );
}
