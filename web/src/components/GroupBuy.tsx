import type { Dictionary } from '@/i18n/dictionary';
import { formatFen } from '@/lib/money';
import { groupPhase, groupProgressPercent, MAX_GROUP_BUY_QUANTITY } from '@/lib/group-buy';
import type { GroupBuyView, SpecGroupPrice } from '@/lib/group-buy-api';
import { Countdown } from './Countdown';

/**
 * A group price per unit. The struck-through "original" beside it is only ever the lowest price of the 7
 * days before (referencePrice, 明码标价); without one above the group price nothing is struck through.
 */
export function GroupPrice({ t, price, unit }: { t: Dictionary; price: SpecGroupPrice; unit?: string }) {
  if (!price.group) {
    return <span className="price">{formatFen(price.priceFen)}</span>;
  }
  return (
    <span className="groupbuy-price" data-testid="group-price" data-spec-id={price.specId} data-group-fen={price.group.groupFen}>
      <span className="small">{t.groupBuy.groupPrice}</span> <span className="price">{formatFen(price.group.groupFen)}</span>
      {price.group.struckFen !== null && (
        <>
          {' '}
          <s className="muted small" data-testid="reference-price" data-reference-fen={price.group.struckFen} title={t.groupBuy.referenceHint}>
            {formatFen(price.group.struckFen)}
          </s>
        </>
      )}
      {unit && <span className="muted small"> / {unit}</span>}
    </span>
  );
}

/**
 * Goes to the group-buy checkout (a GET: nothing is bought until the checkout is placed): opens a group,
 * or joins `groupId`. One product at a time; the cart is not touched.
 */
export function GroupBuyForm({
  t,
  promotionId,
  groupId,
  productId,
  prices,
  submitLabel,
  testId,
}: {
  t: Dictionary;
  promotionId: string;
  groupId: string | null;
  productId: string;
  prices: readonly SpecGroupPrice[];
  submitLabel: string;
  testId: string;
}) {
  const inStock = prices.filter((p) => p.stock > 0);
  const first = inStock[0] ?? prices[0];
  return (
    <form method="get" action="/checkout" className="groupbuy-form" data-testid={testId}>
      <input type="hidden" name="gb" value={promotionId} />
      {groupId && <input type="hidden" name="group" value={groupId} />}
      <input type="hidden" name="product" value={productId} />
      {prices.length > 1 ? (
        <fieldset className="spec-choice">
          <legend className="small muted">{t.product.chooseSpec}</legend>
          {prices.map((p) => (
            <label key={p.specId} className="spec-option">
              <input type="radio" name="spec" value={p.specId} defaultChecked={p.specId === first?.specId} disabled={p.stock <= 0} required />
              <span>{p.name}</span>
              <GroupPrice t={t} price={p} />
            </label>
          ))}
        </fieldset>
      ) : (
        first && <input type="hidden" name="spec" value={first.specId} />
      )}
      <div className="groupbuy-form-row">
        <label className="quantity-field">
          <span className="small muted">{t.product.quantity}</span>
          <input type="number" name="qty" defaultValue={1} min={1} max={MAX_GROUP_BUY_QUANTITY} inputMode="numeric" required data-testid={`${testId}-quantity`} />
        </label>
        <button type="submit" className="button" disabled={inStock.length === 0} data-testid={`${testId}-submit`}>
          {inStock.length === 0 ? t.product.soldOut : submitLabel}
        </button>
      </div>
    </form>
  );
}

/** A group's progress: joined of size, the bar, who is still needed and the time left. */
export function GroupProgress({ t, group, nowMs }: { t: Dictionary; group: GroupBuyView; nowMs: number }) {
  const phase = groupPhase(group, nowMs);
  return (
    <div className={`groupbuy-progress groupbuy-${phase}`} data-testid="group-progress" data-status={group.status} data-phase={phase} data-joined={group.joined} data-size={group.size} data-needed={group.needed}>
      <p className="groupbuy-progress-head">
        <span className={`tag groupbuy-status-${group.status.toLowerCase()}`} data-testid="group-status">
          {t.groupBuy.status[group.status] ?? group.status}
        </span>{' '}
        <span data-testid="group-joined">{t.groupBuy.joinedOf(group.joined, group.size)}</span>
        {phase === 'open' && <span className="muted"> · {t.groupBuy.needed(group.needed)}</span>}
      </p>
      <div className="groupbuy-bar" role="progressbar" aria-valuemin={0} aria-valuemax={group.size} aria-valuenow={group.joined} aria-label={t.groupBuy.joinedOf(group.joined, group.size)}>
        <span style={{ width: `${groupProgressPercent(group.joined, group.size)}%` }} />
      </div>
      {group.status === 'OPEN' && typeof group.deadline === 'string' && (
        <p className="small">
          {t.groupBuy.timeLeft} <Countdown deadline={group.deadline} endedLabel={t.groupBuy.closing} />
        </p>
      )}
    </div>
  );
}

/**
 * The group-buy on a product page: the group price per unit, "发起拼团", and the groups still open to
 * join (how many joined of how many, time left), each linking to its page.
 */
export function GroupBuyOffer({
  t,
  promotionId,
  summary,
  productId,
  unit,
  prices,
  openGroups,
  nowMs,
}: {
  t: Dictionary;
  promotionId: string;
  summary: string;
  productId: string;
  unit: string;
  prices: readonly SpecGroupPrice[];
  openGroups: readonly GroupBuyView[];
  nowMs: number;
}) {
  const joinable = openGroups.filter((g) => groupPhase(g, nowMs) === 'open');
  const shown = prices.find((p) => p.stock > 0 && p.group) ?? prices.find((p) => p.group);
  return (
    <section className="panel groupbuy-offer" data-testid="groupbuy-offer" data-promotion-id={promotionId}>
      <h2>
        <span className="tag tag-promo">{t.promo.kinds.GROUP_BUY}</span> <span data-testid="groupbuy-summary">{summary}</span>
      </h2>
      {shown && (
        <p className="groupbuy-headline">
          <GroupPrice t={t} price={shown} unit={unit} />
        </p>
      )}
      <p className="small muted">{t.groupBuy.rules}</p>
      <GroupBuyForm t={t} promotionId={promotionId} groupId={null} productId={productId} prices={prices} submitLabel={t.groupBuy.open} testId="groupbuy-open" />
      <h3 className="small">{t.groupBuy.openGroups}</h3>
      {joinable.length === 0 ? (
        <p className="small muted" data-testid="groupbuy-no-groups">
          {t.groupBuy.noOpenGroups}
        </p>
      ) : (
        <ul className="groupbuy-groups" data-testid="groupbuy-groups">
          {joinable.map((g) => (
            <li key={g.id} data-testid="groupbuy-group" data-group-id={g.id} data-joined={g.joined} data-needed={g.needed}>
              <span>
                {t.groupBuy.joinedOf(g.joined, g.size)} · {t.groupBuy.needed(g.needed)}
                <span className="small muted block">
                  {t.groupBuy.timeLeft} {typeof g.deadline === 'string' ? <Countdown deadline={g.deadline} endedLabel={t.groupBuy.closing} /> : null}
                </span>
              </span>
              <a className="button button-ghost button-sm" href={`/groups/${encodeURIComponent(g.id)}`} data-testid="groupbuy-group-link">
                {t.groupBuy.join}
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
