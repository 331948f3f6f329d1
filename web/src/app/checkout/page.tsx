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
import { AppliedPromotions, PromotionsUnavailable } from '@/components/AppliedPromotions';
import { afterDiscount, lineDiscounts } from '@/lib/promotion-view';
import { getCartQuote, type QuoteView } from '@/lib/quote-api';
import type { Dictionary } from '@/i18n/dictionary';
import { groupBuyCheckoutOf, groupBuyCheckoutPath, groupUnitPrice, type GroupBuyCheckout } from '@/lib/group-buy';
import { getGroupBuyCheckout, type GroupBuyCheckoutData } from '@/lib/group-buy-api';
import type { Flash } from '@/lib/flash';
import type { UserErrorLike } from '@/lib/user-errors';
import { getPointsBalance } from '@/lib/points-api';
import { maxRedeemable, pointsToFen } from '@/lib/points-view';
import { getMyStoredValue } from '@/lib/stored-value-api';
import { storedValueOffer, type StoredValueOffer } from '@/lib/stored-value-view';
import { paymentChoiceOf } from '@/lib/checkout-form';
import { ActionForm } from '@/components/ActionForm';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.checkout.title };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

type CheckoutGroups = CheckoutPageData['cart']['groups'];

interface CheckoutData {
  groups: CheckoutGroups;
  hasProblems: boolean;
  me: CheckoutPageData['me'];
  pickupPoints: CheckoutPageData['pickupPoints'];
  quote: Promise<QuoteView | null>;
  /** A group-buy checkout (one product at the group price, outside the cart). */
  groupBuy: { asked: GroupBuyCheckout; data: GroupBuyCheckoutData } | null;
}

/** The cart's checkout, or a group-buy's (拼团: one product, the cart left alone). */
async function loadCheckout(groupBuy: GroupBuyCheckout | null): Promise<CheckoutData | null> {
  if (groupBuy) {
    const data = await getGroupBuyCheckout(groupBuy);
    if (!data) return null;
    return { groups: data.groups, hasProblems: false, me: data.me, pickupPoints: data.pickupPoints, quote: Promise.resolve(data.quote), groupBuy: { asked: groupBuy, data } };
  }
  // The discounts placeOrder will give, asked beside the page; without them the page still works.
  const quote = getCartQuote();
  const { cart, me, pickupPoints } = await getCheckoutPage();
  return { groups: cart.groups, hasProblems: cart.hasProblems, me, pickupPoints, quote, groupBuy: null };
}

export default async function CheckoutPage({ searchParams }: Props) {
  const { t } = await getI18n();
  const params = await searchParams;
  const askedGroupBuy = groupBuyCheckoutOf(params);
  const self = askedGroupBuy ? groupBuyCheckoutPath(askedGroupBuy) : '/checkout';
  if (!(await getAccessToken())) {
    return (
      <StatePanel testId="checkout-login" icon="?" title={t.cart.loginToCheckout} actions={[{ href: `/auth/login?returnTo=${encodeURIComponent(self)}`, label: t.auth.login, plain: true }]} />
    );
  }
  const flash = await getFlash(params.flash);
  let data: CheckoutData | null;
  try {
    data = await loadCheckout(askedGroupBuy);
  } catch (err) {
    return <ErrorState t={t} code={errorCode(err)} retryHref={self} />;
  }
  const productPath = askedGroupBuy ? `/products/${encodeURIComponent(askedGroupBuy.productId)}` : '/';
  if (!data) {
    return (
      <div className="page">
        <h1 className="page-title">{t.checkout.title}</h1>
        <StatePanel testId="groupbuy-unavailable" icon="?" title={t.groupBuy.unavailable} actions={[{ href: '/', label: t.cart.browse }]} />
      </div>
    );
  }
  const { me, pickupPoints, groupBuy } = data;
  const groups = data.groups.map((g) => ({ ...g, lines: g.lines.filter((l) => l.product && !l.unavailable) })).filter((g) => g.lines.length > 0);
  if (groups.length === 0 && groupBuy) {
    return (
      <div className="page">
        <h1 className="page-title">{t.checkout.title}</h1>
        <StatePanel testId="groupbuy-unavailable" icon="?" title={t.groupBuy.unavailable} actions={[{ href: productPath, label: t.groupBuy.backToProduct }]} />
      </div>
    );
  }
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
  const payment = paymentChoiceOf(values.paymentMethod);
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
    ['pointsToRedeem'],
    // The group-buy panel shows these beside the way on.
    ...(groupBuy ? [['groupBuy']] : []),
  ];
  const unclaimed = unclaimedErrors(errors, shown);
  const goodsFen = groups.reduce((sum, g) => sum + g.subtotal.amountFen, 0);
  // Her balance, asked beside the quote: without it she pays without points (placeOrder still decides).
  const balance = getPointsBalance().catch((err: unknown) => {
    console.error(`[checkout] points unavailable: ${errorCode(err)}`);
    return null;
  });
  // Her stored value per shop, likewise: without it 储值支付 is not offered (placeOrder still decides).
  const storedValue = getMyStoredValue().catch((err: unknown) => {
    console.error(`[checkout] stored value unavailable: ${errorCode(err)}`);
    return null;
  });
  const priced = await data.quote;
  const discounts = lineDiscounts(priced?.lines ?? []);
  const discountFen = priced?.discountTotal.amountFen ?? 0;
  const points = await balance;
  const pointsMax = points ? maxRedeemable(points.balance, goodsFen, discountFen) : 0;
  const svOffer = storedValueOffer(
    groups.map((g) => g.merchant),
    await storedValue,
    afterDiscount(goodsFen, discountFen),
  );

  return (
    <div className="page checkout-page" data-testid="checkout-page">
      <h1 className="page-title">{t.checkout.title}</h1>
      <FlashNotice t={t} flash={flash} unclaimed={unclaimed} heading={t.checkout.fixErrors} />
      {data.hasProblems && (
        <p className="notice notice-warn" role="status" data-testid="cart-problems">
          {t.cart.problems} <a href="/cart">{t.checkout.backToCart}</a>
        </p>
      )}
      <ActionForm action="/checkout/place" className="checkout-form" data-testid="checkout-form" fields={{ lineCount: index }}>
        <input type="hidden" name="idempotencyKey" value={idempotencyKey} data-testid="idempotency-key" />
        {groupBuy && <GroupBuyFields t={t} groupBuy={groupBuy} priced={priced} flash={flash} productPath={productPath} />}

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
                    {(discounts.get(`${line.product?.id ?? ''}:${line.spec?.id ?? ''}`) ?? 0) > 0 && (
                      <span className="small promo-savings block" data-testid="checkout-line-discount">
                        {t.promoCart.lineDiscount} -{formatFen(discounts.get(`${line.product?.id ?? ''}:${line.spec?.id ?? ''}`) ?? 0)}
                      </span>
                    )}
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
          <StoredValueChoice t={t} offer={svOffer} checked={payment === 'STORED_VALUE'} />
          <FieldErrors t={t} errors={errorsAt(errors, 'paymentMethod')} messages={t.storedValue.errors} />
          <PointsField t={t} balance={points?.balance ?? null} max={pointsMax} value={values.pointsToRedeem} errors={errorsAt(errors, 'pointsToRedeem')} />
          <label className="field">
            <span>{t.checkout.note}</span>
            <input name="note" defaultValue={values.note ?? ''} maxLength={200} placeholder={t.checkout.notePlaceholder} />
          </label>
        </section>

        {priced?.promotionsAvailable === false || !priced ? (
          <PromotionsUnavailable t={t} />
        ) : (
          priced.applied.length > 0 && (
            <section className="panel" data-testid="checkout-promotions" data-discount-fen={discountFen}>
              <h2>{t.promoCart.promotions}</h2>
              <AppliedPromotions t={t} applied={priced.applied} />
            </section>
          )
        )}

        <div className="cart-bar" data-testid="checkout-bar">
          <div className="cart-bar-total">
            <span>{t.checkout.total}</span> <span className="price" data-testid="checkout-total">{formatFen(afterDiscount(goodsFen, discountFen))}</span>
            {discountFen > 0 && (
              <span className="small promo-savings block" data-testid="checkout-discount" data-discount-fen={discountFen}>
                {t.promoCart.savings} {formatFen(discountFen)}
                {/* No struck-through total: the only struck price allowed is a unit's 7-day reference price (明码标价). */}
                {!groupBuy && <span className="muted"> · {t.promoCart.goods} {formatFen(goodsFen)}</span>}
              </span>
            )}
            <span className="muted small block">{t.checkout.shopCount(groups.length)}</span>
          </div>
          <button type="submit" className="button" data-testid="place-order">
            {t.checkout.place}
          </button>
        </div>
      </ActionForm>
    </div>
  );
}

/**
 * The group-buy part of a group-buy checkout: open or join, the group price per unit with the only
 * "original" that may be struck through (referencePrice), and why the group cannot be joined — with the
 * way on (open a new group).
 */
function GroupBuyFields({
  t,
  groupBuy,
  priced,
  flash,
  productPath,
}: {
  t: Dictionary;
  groupBuy: NonNullable<CheckoutData['groupBuy']>;
  priced: QuoteView | null;
  flash: Flash | undefined;
  productPath: string;
}) {
  const { asked, data } = groupBuy;
  const joining = asked.groupId !== null;
  // Refusals known now (the quote) and those placeOrder gave (the flash); placeOrder decides.
  const problems = [...errorsAt(flash?.errors ?? [], 'groupBuy'), ...errorsAt(data.quote.userErrors, 'groupBuy')].filter((e, i, all) => all.findIndex((x) => x.code === e.code) === i);
  const unit = data.unit ? groupUnitPrice(data.unit.priceFen, data.unit.referenceFen, priced?.applied ?? [], asked.promotionId, asked.quantity) : null;
  const openInstead = groupBuyCheckoutPath({ ...asked, groupId: null });
  return (
    <section className="panel groupbuy-checkout" data-testid="groupbuy-checkout" data-promotion-id={asked.promotionId} data-group-id={asked.groupId ?? ''} data-mode={joining ? 'join' : 'open'}>
      <input type="hidden" name="groupBuy.promotionId" value={asked.promotionId} />
      {asked.groupId && <input type="hidden" name="groupBuy.groupId" value={asked.groupId} />}
      <input type="hidden" name="back" value={groupBuyCheckoutPath(asked)} />
      <h2>
        <span className="tag tag-promo">{t.promo.kinds.GROUP_BUY}</span> {joining ? t.groupBuy.joinTitle : t.groupBuy.openTitle}
      </h2>
      <p className="small muted">{joining ? t.groupBuy.joinHint : t.groupBuy.openHint}</p>
      {unit && (
        <p className="groupbuy-price" data-testid="checkout-group-price" data-group-fen={unit.groupFen}>
          {t.groupBuy.groupPrice} <span className="price">{formatFen(unit.groupFen)}</span>
          {unit.struckFen !== null && (
            <s className="muted small" data-testid="reference-price" data-reference-fen={unit.struckFen} title={t.groupBuy.referenceHint}>
              {formatFen(unit.struckFen)}
            </s>
          )}
          <span className="muted small"> / {t.groupBuy.perUnit}</span>
        </p>
      )}
      <p className="small muted">{t.groupBuy.cartUntouched}</p>
      {problems.length > 0 && (
        <div className="notice notice-error" role="alert" data-testid="groupbuy-problem">
          <FieldErrors t={t} errors={problems} />
          {joining && (
            <a className="button button-ghost button-sm" href={openInstead} data-testid="groupbuy-open-instead">
              {t.groupBuy.openInstead}
            </a>
          )}{' '}
          <a className="button button-ghost button-sm" href={productPath}>
            {t.groupBuy.backToProduct}
          </a>
        </div>
      )}
    </section>
  );
}

/**
 * 储值支付: offered when every order of the checkout is at one shop and she holds a balance there (shown,
 * with a warning when it does not cover the total); otherwise why not. Paid at placement.
 */
function StoredValueChoice({ t, offer, checked }: { t: Dictionary; offer: StoredValueOffer; checked: boolean }) {
  const c = t.storedValue.checkout;
  if (offer.kind !== 'offered') {
    const why = offer.kind === 'mixed' ? c.mixed : offer.kind === 'noBalance' ? c.noBalance(offer.merchantName) : c.unavailable;
    return (
      <p className="small muted" data-testid="stored-value-not-offered" data-reason={offer.kind}>
        {c.option}: {why}
      </p>
    );
  }
  return (
    <label className="choice choice-block" data-testid="stored-value-choice" data-merchant-id={offer.merchantId} data-balance-fen={offer.balanceFen} data-enough={offer.enough}>
      <input type="radio" name="paymentMethod" value="STORED_VALUE" defaultChecked={checked} data-testid="payment-stored-value" />
      <span>
        {c.option}
        <span className="small muted block">{c.optionHint(offer.merchantName, formatFen(offer.balanceFen))}</span>
        {!offer.enough && <span className="small warn block">{c.short(formatFen(offer.balanceFen))}</span>}
      </span>
    </label>
  );
}

/**
 * 使用积分: her balance and how many she may use here (her balance, at most the goods after promotions:
 * points never pay the delivery fee). Default 0; the total below is before points — placeOrder spreads
 * them over the shop orders and the pay page and orders show what they paid.
 */
function PointsField({ t, balance, max, value, errors }: { t: Dictionary; balance: number | null; max: number; value: string | undefined; errors: readonly UserErrorLike[] }) {
  const p = t.points;
  if (balance === null) {
    return (
      <p className="small muted" data-testid="checkout-points-unavailable">
        {p.unavailable}
      </p>
    );
  }
  return (
    <label className="field" data-testid="checkout-points" data-balance={balance} data-max={max}>
      <span>
        {p.use} <span className="small muted">{p.useHint(balance, formatFen(pointsToFen(balance)), max)}</span>
      </span>
      <input name="pointsToRedeem" type="number" inputMode="numeric" min={0} max={max} step={1} defaultValue={value ?? '0'} disabled={max === 0 && !errors.length} data-testid="points-to-redeem" />
      <FieldErrors t={t} errors={errors} />
    </label>
  );
}
