import { FieldErrors } from '@/components/Notices';
import { ShopBadge } from '@/components/ShopBadge';
import type { Dictionary, Lang } from '@/i18n/dictionary';
import { PROMOTION_KINDS } from '@/lib/promotion-form';
import type { PromotionFormData } from '@/lib/promotions-api';
import { errorsAt, type UserErrorLike } from '@/lib/user-errors';
import { ActionForm } from './ActionForm';

/** The form's inputs that a userError can name; anything else is listed at the top. */
export const PROPOSAL_FIELDS: readonly (readonly string[])[] = [
  ['kind'],
  ['title'],
  ['partnerIds'],
  ['minSpendFen'],
  ['minShops'],
  ['discountFen'],
  ['percentOff'],
  ['maxDiscountFen'],
  ['bundlePriceFen'],
  ['groupSize'],
  ['pickupDate'],
  ['productIds'],
  ['categories'],
  ['neighborhoods'],
  ['communityGroups'],
  ['startsAt'],
  ['endsAt'],
  ['totalLimit'],
  ['perMemberLimit'],
  ['budgetFen'],
  ['funding'],
];

/** A value for a CSS attribute selector in double quotes. */
const cssString = (value: string) => value.replace(/["\\<>\n]/g, '');

type Props = {
  t: Dictionary;
  lang: Lang;
  merchantId: string;
  data: PromotionFormData;
  /** The member pool's community groups (仅限社群); null when they could not be read. */
  communityGroups?: readonly { id: string; name: string; neighborhood: string; interest: string }[] | null;
  values: Record<string, string>;
  errors: readonly UserErrorLike[];
  idempotencyKey: string;
  back: string;
  counterTitle?: string;
};

/**
 * Propose a co-launched promotion: kind, title, partner shops, the rules of its kind, schedule, limits,
 * budget and who pays what. A plain form; the rule groups a kind does not use are hidden by CSS
 * (`:has`), and still sent empty when CSS is off.
 */
export function ProposePromotionForm({ t, lang, merchantId, data, communityGroups, values, errors, idempotencyKey, back, counterTitle }: Props) {
  const v = (name: string, fallback = '') => values[name] ?? fallback;
  const kind = v('kind', 'SPEND_ACROSS_SHOPS');
  const others = data.merchants.filter((m) => m.id !== merchantId);
  const me = data.merchants.find((m) => m.id === merchantId);
  const at = (...path: string[]) => <FieldErrors t={t} errors={errorsAt(errors, ...path)} />;
  const fixed = v('fundingMode') === 'fixed';
  const rows = [...(me ? [me] : []), ...others];
  const rowIds = new Set(rows.map((m) => m.id));
  // A partner's funding row is dimmed until the shop is ticked as a partner.
  const dimRows = others.map((m) => `.promo-form:not(:has(input[name="partner"][value="${cssString(m.id)}"]:checked)) tr[data-merchant-id="${cssString(m.id)}"]{opacity:.45}`).join('');
  const percentMode = v('discountMode') === 'percent';
  const number = (name: string, label: string, field: string, props: { min?: number; max?: number; hint?: string; yuan?: boolean } = {}) => (
    <label className="field">
      <span>
        {label}
        {props.hint && <span className="small muted"> {props.hint}</span>}
      </span>
      {props.yuan ? (
        <input name={name} inputMode="decimal" pattern="\d{1,9}(\.\d{1,2})?" defaultValue={v(name)} data-testid={`promo-${name}`} />
      ) : (
        <input name={name} type="number" step={1} min={props.min ?? 1} max={props.max} defaultValue={v(name)} data-testid={`promo-${name}`} />
      )}
      {at(field)}
    </label>
  );

  return (
    <ActionForm action="/merchant/promotions/action" className="stack-form promo-form" data-testid="propose-form" fields={{ op: 'propose', merchantId, idempotencyKey, back }}>
      <style>{dimRows}</style>
      {v('counterTo') && <input type="hidden" name="counterTo" value={v('counterTo')} />}
      {counterTitle && (
        <p className="notice" data-testid="counter-notice">
          {t.promo.counterOf(counterTitle)}
        </p>
      )}

      <section className="panel">
        <h2>{t.promo.form.what}</h2>
        <label className="field">
          <span>{t.promo.form.kind}</span>
          <select name="kind" defaultValue={kind} data-testid="promo-kind">
            {PROMOTION_KINDS.map((k) => (
              <option key={k} value={k}>
                {t.promo.kinds[k]}
              </option>
            ))}
          </select>
          {at('kind')}
        </label>
        <ul className="small muted promo-kind-hints">
          {PROMOTION_KINDS.map((k) => (
            <li key={k} className={`promo-kind-hint kind-${k}`}>
              {t.promo.kindHints[k]}
            </li>
          ))}
        </ul>
        <label className="field">
          <span>{t.promo.form.title}</span>
          <input name="title" required maxLength={40} defaultValue={v('title')} placeholder={t.promo.form.titlePlaceholder} data-testid="promo-title" />
          {at('title')}
        </label>
        <fieldset className="promo-partners-field" data-testid="promo-partners">
          <legend className="small muted">
            {t.promo.form.partners} <span>{t.promo.form.partnersHint}</span>
          </legend>
          {others.map((m) => (
            <label key={m.id} className="choice" data-testid="promo-partner" data-merchant-id={m.id}>
              <input type="checkbox" name="partner" value={m.id} defaultChecked={v(`partner.${m.id}`) === 'on'} />
              <ShopBadge badge={m.badge} kind={m.kind} /> {m.name} <span className="small muted">{m.neighborhood}</span>
            </label>
          ))}
          {at('partnerIds')}
        </fieldset>
      </section>

      <section className="panel">
        <h2>{t.promo.form.rules}</h2>
        <div className="promo-rule rule-spend rule-coupon rule-new rule-group rule-presale">
          <div className="choice-row">
            <label className="choice">
              <input type="radio" name="discountMode" value="amount" defaultChecked={!percentMode} data-testid="promo-mode-amount" /> {t.promo.form.amountOff}
            </label>
            <label className="choice">
              <input type="radio" name="discountMode" value="percent" defaultChecked={percentMode} data-testid="promo-mode-percent" /> {t.promo.form.percentOff}
            </label>
          </div>
          <div className="field-row">
            {number('discountYuan', t.promo.form.discount, 'discountFen', { yuan: true })}
            {number('percentOff', t.promo.form.percent, 'percentOff', { max: 99 })}
            {number('maxDiscountYuan', t.promo.form.maxDiscount, 'maxDiscountFen', { yuan: true })}
          </div>
        </div>
        <div className="field-row promo-rule rule-spend rule-coupon">
          {number('minSpendYuan', t.promo.form.minSpend, 'minSpendFen', { yuan: true })}
          <div className="promo-rule rule-spend">{number('minShops', t.promo.form.minShops, 'minShops', { max: 20 })}</div>
        </div>
        <div className="promo-rule rule-bundle">{number('bundlePriceYuan', t.promo.form.bundlePrice, 'bundlePriceFen', { yuan: true })}</div>
        <div className="promo-rule rule-group">{number('groupSize', t.promo.form.groupSize, 'groupSize', { min: 2, max: 50 })}</div>
        <label className="field promo-rule rule-presale">
          <span>{t.promo.form.pickupDate}</span>
          <input name="pickupDate" type="datetime-local" defaultValue={v('pickupDate')} data-testid="promo-pickupDate" />
          {at('pickupDate')}
        </label>
        <label className="field">
          <span>
            {t.promo.form.productIds} <span className="small muted">{t.promo.form.productIdsHint}</span>
          </span>
          <input name="productIds" defaultValue={v('productIds')} placeholder="p-fruit-01, p-bakery-02" data-testid="promo-productIds" />
          {at('productIds')}
        </label>
        <fieldset>
          <legend className="small muted">{t.promo.form.categories}</legend>
          <div className="chips">
            {data.categories.map((c) => (
              <label key={c.code} className="choice">
                <input type="checkbox" name="category" value={c.code} defaultChecked={v(`category.${c.code}`) === 'on'} /> {lang === 'en' ? c.nameEn : c.name}
              </label>
            ))}
          </div>
          {at('categories')}
        </fieldset>
        <fieldset>
          <legend className="small muted">{t.promo.form.neighborhoods}</legend>
          <div className="chips">
            {data.neighborhoods.map((n) => (
              <label key={n} className="choice">
                <input type="checkbox" name="neighborhood" value={n} defaultChecked={v(`neighborhood.${n}`) === 'on'} /> {n}
              </label>
            ))}
          </div>
          {at('neighborhoods')}
        </fieldset>
        {/* A group-only offer: only members of the ticked groups get it (the promotions subgraph asks the member pool). */}
        <fieldset data-testid="promo-community-groups">
          <legend className="small muted">
            {t.community.promoGroups} <span>{t.community.promoGroupsHint}</span>
          </legend>
          <div className="chips">
            {(communityGroups ?? []).map((g) => (
              <label key={g.id} className="choice" data-testid="promo-community-group" data-group-id={g.id}>
                <input type="checkbox" name="communityGroup" value={g.id} defaultChecked={v(`communityGroup.${g.id}`) === 'on'} /> {g.name}
                <span className="small muted"> {g.neighborhood} · {g.interest}</span>
              </label>
            ))}
            {communityGroups && communityGroups.length === 0 && <span className="small muted">{t.community.promoNoGroups}</span>}
            {communityGroups === null && <span className="small muted">{t.poolStats.unavailable}</span>}
          </div>
          {at('communityGroups')}
        </fieldset>
      </section>

      <section className="panel">
        <h2>{t.promo.form.scheduleLimits}</h2>
        <div className="field-row">
          <label className="field">
            <span>{t.promo.form.startsAt}</span>
            <input name="startsAt" type="datetime-local" required defaultValue={v('startsAt')} data-testid="promo-startsAt" />
            {at('startsAt')}
          </label>
          <label className="field">
            <span>{t.promo.form.endsAt}</span>
            <input name="endsAt" type="datetime-local" required defaultValue={v('endsAt')} data-testid="promo-endsAt" />
            {at('endsAt')}
          </label>
        </div>
        <div className="field-row">
          {number('totalLimit', t.promo.form.totalLimit, 'totalLimit')}
          {number('perMemberLimit', t.promo.form.perMemberLimit, 'perMemberLimit')}
          {number('budgetYuan', t.promo.form.budget, 'budgetFen', { yuan: true })}
        </div>
        <label className="field">
          <span>
            {t.promo.form.stackGroup} <span className="small muted">{t.promo.form.stackGroupHint}</span>
          </span>
          <input name="stackGroup" maxLength={40} defaultValue={v('stackGroup')} data-testid="promo-stackGroup" />
        </label>
      </section>

      <section className="panel" data-testid="promo-funding">
        <h2>{t.promo.form.funding}</h2>
        <p className="small muted">{t.promo.form.fundingHint}</p>
        <div className="choice-row">
          <label className="choice">
            <input type="radio" name="fundingMode" value="percent" defaultChecked={!fixed} data-testid="promo-funding-percent" /> {t.promo.form.fundingPercent}
          </label>
          <label className="choice">
            <input type="radio" name="fundingMode" value="fixed" defaultChecked={fixed} data-testid="promo-funding-fixed" /> {t.promo.form.fundingFixed}
          </label>
        </div>
        {/* Errors about the split as a whole show here; each shop's row claims its own. */}
        <FieldErrors t={t} errors={errorsAt(errors, 'funding').filter((e) => !rowIds.has(e.field?.[1] ?? ''))} />
        <table className="promo-funding small">
          <thead>
            <tr>
              <th>{t.promo.funder}</th>
              <th>{t.promo.form.share}</th>
              <th>{t.promo.form.cap}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((m) => (
              <tr key={m.id} className={m.id === merchantId ? 'mine' : undefined} data-testid="promo-funding-row" data-merchant-id={m.id}>
                <td>
                  {m.name}
                  {m.id === merchantId && <span className="tag tag-muted">{t.promo.form.thisShop}</span>}
                </td>
                <td>
                  <input name={`share.${m.id}`} inputMode="decimal" size={6} defaultValue={v(`share.${m.id}`)} aria-label={`${m.name} ${t.promo.form.share}`} data-testid="promo-share" />
                  {at('funding', m.id)}
                </td>
                <td>
                  <input name={`cap.${m.id}`} inputMode="decimal" size={6} defaultValue={v(`cap.${m.id}`)} aria-label={`${m.name} ${t.promo.form.cap}`} data-testid="promo-cap" />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <button type="submit" className="button" data-testid="propose-submit">
        {t.promo.form.submit}
      </button>
    </ActionForm>
  );
}
