import type { Metadata } from 'next';
import { ErrorState } from '@/components/ErrorState';
import { CartIcon } from '@/components/Icons';
import { FieldErrors, FlashNotice } from '@/components/Notices';
import { ShopBadge } from '@/components/ShopBadge';
import { StatePanel } from '@/components/StatePanel';
import { getI18n } from '@/i18n/server';
import { getAccessToken } from '@/lib/auth';
import { getCheckoutPage, type CheckoutPageData } from '@/lib/checkout-api';
import { defaultPickupPoint, deliveryFeeFen } from '@/lib/checkout-form';
import { errorCode } from '@/lib/gateway';
import { formatFen } from '@/lib/money';
import { randomToken } from '@/lib/oidc';
import { getFlash } from '@/lib/page-state';
import { errorsAt, unclaimedErrors } from '@/lib/user-errors';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.checkout.title };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function CheckoutPage({ searchParams }: Props) {
  const { t } = await getI18n();
  if (!(await getAccessToken())) {
    return (
      <StatePanel testId="checkout-login" icon="?" title={t.cart.loginToCheckout} actions={[{ href: '/auth/login?returnTo=%2Fcheckout', label: t.auth.login, plain: true }]} />
    );
  }
  const flash = await getFlash((await searchParams).flash);
  let data: CheckoutPageData;
  try {
    data = await getCheckoutPage();
  } catch (err) {
    return <ErrorState t={t} code={errorCode(err)} retryHref="/checkout" />;
  }
  const { cart, me, pickupPoints } = data;
  const groups = cart.groups.map((g) => ({ ...g, lines: g.lines.filter((l) => l.product && !l.unavailable) })).filter((g) => g.lines.length > 0);
  if (groups.length === 0) {
    return (
      <div className="page">
        <h1 className="page-title">{t.checkout.title}</h1>
        <StatePanel testId="checkout-empty" icon={<CartIcon />} title={t.checkout.emptyCart} actions={[{ href: '/', label: t.cart.browse }]} />
      </div>
    );
  }

  const errors = flash?.errors ?? [];
  const values = flash?.values ?? {};
  const fulfilment = values.fulfilment === 'DELIVERY' ? 'DELIVERY' : 'PICKUP';
  const payment = values.paymentMethod === 'ON_HANDOVER' ? 'ON_HANDOVER' : 'ONLINE';
  const openPoints = pickupPoints.filter((p) => p.open);
  const chosenPoint = defaultPickupPoint(openPoints, me.homeNeighborhood, values.pickupPointId);
  // "Make it my neighbourhood" is offered when she may pick up outside it (or has none yet).
  const offerHome = openPoints.some((p) => p.neighborhood !== me.homeNeighborhood);
  // One key per rendering of the form = per checkout attempt: a double submit replays it.
  const idempotencyKey = `co-${randomToken(18)}`;

  let index = 0;
  const numbered = groups.map((g) => ({ ...g, lines: g.lines.map((l) => ({ line: l, i: index++ })) }));
  const shown: (string | number)[][] = [
    ...numbered.flatMap((g) => g.lines.map(({ i }) => ['lines', i])),
    ['pickupPointId'],
    ['contactPhone'],
    ['delivery', 'address'],
    ['delivery', 'contactName'],
    ['delivery', 'phone'],
    ['delivery', 'slots'],
    ['paymentMethod'],
  ];
  const unclaimed = unclaimedErrors(errors, shown);
  const goodsFen = groups.reduce((sum, g) => sum + g.subtotal.amountFen, 0);

  return (
    <div className="page checkout-page" data-testid="checkout-page">
      <h1 className="page-title">{t.checkout.title}</h1>
      <FlashNotice t={t} flash={flash} unclaimed={unclaimed} heading={t.checkout.fixErrors} />
      {cart.hasProblems && (
        <p className="notice notice-warn" role="status" data-testid="cart-problems">
          {t.cart.problems} <a href="/cart">{t.checkout.backToCart}</a>
        </p>
      )}
      <form method="post" action="/checkout/place" className="checkout-form" data-testid="checkout-form">
        <input type="hidden" name="idempotencyKey" value={idempotencyKey} data-testid="idempotency-key" />
        <input type="hidden" name="lineCount" value={index} />

        <section className="panel">
          <h2>{t.checkout.fulfilment}</h2>
          <div className="choice-row">
            <label className="choice">
              <input type="radio" name="fulfilment" value="PICKUP" id="f-pickup" defaultChecked={fulfilment === 'PICKUP'} data-testid="fulfilment-pickup" />
              {t.checkout.pickup}
            </label>
            <label className="choice">
              <input type="radio" name="fulfilment" value="DELIVERY" id="f-delivery" defaultChecked={fulfilment === 'DELIVERY'} data-testid="fulfilment-delivery" />
              {t.checkout.delivery}
            </label>
          </div>

          <fieldset className="pickup-fields" data-testid="pickup-points">
            <legend className="small muted">{t.checkout.pickupPoint}</legend>
            {openPoints.length === 0 && <p className="muted">{t.checkout.noPickupPoints}</p>}
            {openPoints.map((p) => (
              <label key={p.id} className="pickup-option" data-testid="pickup-point" data-pickup-point-id={p.id}>
                <input type="radio" name="pickupPointId" value={p.id} defaultChecked={p.id === chosenPoint} data-home={p.neighborhood === me.homeNeighborhood ? 'true' : 'false'} />
                <span>
                  <strong>{p.name}</strong>
                  {p.neighborhood === me.homeNeighborhood && <span className="tag">{t.checkout.homeTag}</span>}
                  <span className="small muted block">
                    {p.neighborhood} · {p.address}
                  </span>
                  <span className="small muted block">
                    {t.checkout.hours}: {p.openingHours}
                  </span>
                </span>
              </label>
            ))}
            {openPoints.map((p) => (
              <input key={p.id} type="hidden" name={`ppn.${p.id}`} value={p.neighborhood} />
            ))}
            <FieldErrors t={t} errors={errorsAt(errors, 'pickupPointId')} />
            {offerHome && (
              // Hidden by CSS while a point of her home neighbourhood is the chosen one.
              <label className="choice remember-home" data-testid="remember-home">
                <input type="checkbox" name="rememberHome" value="true" defaultChecked={values.rememberHome === 'true'} data-testid="remember-home-check" />
                <span>
                  {t.checkout.rememberHome}
                  <span className="small muted block">{t.checkout.rememberHomeHint}</span>
                </span>
              </label>
            )}
            <label className="field">
              <span>
                {t.checkout.contactPhone} <span className="small muted">{t.checkout.contactPhoneHint}</span>
              </span>
              <input name="contactPhone" type="tel" defaultValue={values.contactPhone ?? ''} maxLength={20} autoComplete="tel" inputMode="tel" data-testid="contact-phone" />
              <FieldErrors t={t} errors={errorsAt(errors, 'contactPhone')} />
            </label>
          </fieldset>

          <fieldset className="delivery-fields" data-testid="delivery-fields">
            <label className="field">
              <span>{t.checkout.address}</span>
              <input name="address" defaultValue={values.address ?? ''} maxLength={200} autoComplete="street-address" data-testid="delivery-address" />
              <FieldErrors t={t} errors={errorsAt(errors, 'delivery', 'address')} />
            </label>
            <label className="field">
              <span>{t.checkout.contactName}</span>
              <input name="contactName" defaultValue={values.contactName ?? me.displayName} maxLength={50} autoComplete="name" data-testid="delivery-contact" />
              <FieldErrors t={t} errors={errorsAt(errors, 'delivery', 'contactName')} />
            </label>
            <label className="field">
              <span>{t.checkout.phone}</span>
              <input name="phone" type="tel" defaultValue={values.phone ?? ''} maxLength={20} autoComplete="tel" inputMode="tel" data-testid="delivery-phone" />
              <FieldErrors t={t} errors={errorsAt(errors, 'delivery', 'phone')} />
            </label>
            <FieldErrors t={t} errors={errorsAt(errors, 'delivery', 'slots')} />
          </fieldset>
        </section>

        {numbered.map((g) => {
          const terms = g.merchant.delivery;
          const fee = deliveryFeeFen(terms, g.subtotal.amountFen);
          return (
            <section key={g.merchant.id} className="panel checkout-shop" data-testid="checkout-shop" data-merchant-id={g.merchant.id}>
              <h2>
                <ShopBadge badge={g.merchant.badge} kind={g.merchant.kind} /> {g.merchant.name}
              </h2>
              <ul className="checkout-lines">
                {g.lines.map(({ line, i }) => (
                  <li key={i} data-testid="checkout-line" data-product-id={line.product?.id} data-spec-id={line.spec?.id ?? ''}>
                    <input type="hidden" name={`line.${i}.productId`} value={line.product?.id ?? ''} />
                    {line.spec && <input type="hidden" name={`line.${i}.specId`} value={line.spec.id} />}
                    <input type="hidden" name={`line.${i}.quantity`} value={line.quantity} />
                    <input type="hidden" name={`line.${i}.unitFen`} value={line.unitPrice.amountFen} />
                    <span className="checkout-line-name">
                      {line.product?.name}
                      {line.spec && (line.product?.specs.length ?? 0) > 1 && <span className="muted"> · {line.spec.name}</span>}
                    </span>
                    <span className="muted">×{line.quantity}</span>
                    <span className="price">{formatFen(line.lineTotal.amountFen)}</span>
                    {line.priceChanged && (
                      <span className="small warn block">
                        {t.cart.priceChanged}: <s>{formatFen(line.addedPrice.amountFen)}</s> → {formatFen(line.unitPrice.amountFen)}
                      </span>
                    )}
                    {line.soldOut && <span className="small warn block">{t.cart.soldOut}</span>}
                    <FieldErrors t={t} errors={errorsAt(errors, 'lines', i)} />
                  </li>
                ))}
              </ul>
              <p className="checkout-shop-foot">
                <span>
                  {t.cart.subtotal} <span className="price">{formatFen(g.subtotal.amountFen)}</span>
                </span>
              </p>
              <div className="delivery-fields shop-delivery">
                {terms ? (
                  <>
                    <p className="small">
                      {t.checkout.deliveryFee}: {formatFen(fee ?? 0)}
                      {terms.freeFrom && <span className="muted"> · {t.checkout.freeFrom(formatFen(terms.freeFrom.amountFen))}</span>}
                    </p>
                    {terms.slots.length > 0 && (
                      <label className="field">
                        <span>{t.checkout.slot}</span>
                        <select name={`slot.${g.merchant.id}`} defaultValue={values[`slot.${g.merchant.id}`] ?? terms.slots[0]?.id} data-testid="delivery-slot">
                          {terms.slots.map((s) => (
                            <option key={s.id} value={s.id}>
                              {s.label}
                            </option>
                          ))}
                        </select>
                      </label>
                    )}
                  </>
                ) : (
                  <p className="small warn">{t.checkout.noDelivery}</p>
                )}
              </div>
            </section>
          );
        })}

        <section className="panel">
          <h2>{t.checkout.payment}</h2>
          <label className="choice choice-block">
            <input type="radio" name="paymentMethod" value="ONLINE" defaultChecked={payment === 'ONLINE'} data-testid="payment-online" />
            <span>
              {t.checkout.online}
              <span className="small muted block">{t.checkout.onlineHint}</span>
            </span>
          </label>
          <label className="choice choice-block">
            <input type="radio" name="paymentMethod" value="ON_HANDOVER" defaultChecked={payment === 'ON_HANDOVER'} data-testid="payment-on-handover" />
            <span>
              {t.checkout.onHandover}
              <span className="small muted block">{t.checkout.onHandoverHint}</span>
            </span>
          </label>
          <FieldErrors t={t} errors={errorsAt(errors, 'paymentMethod')} />
          <label className="field">
            <span>{t.checkout.note}</span>
            <input name="note" defaultValue={values.note ?? ''} maxLength={200} placeholder={t.checkout.notePlaceholder} />
          </label>
        </section>

        <div className="cart-bar" data-testid="checkout-bar">
          <div className="cart-bar-total">
            <span>{t.checkout.total}</span> <span className="price" data-testid="checkout-total">{formatFen(goodsFen)}</span>
            <span className="muted small block">{t.checkout.shopCount(groups.length)}</span>
          </div>
          <button type="submit" className="button" data-testid="place-order">
            {t.checkout.place}
          </button>
        </div>
      </form>
    </div>
  );
}
