import type { ReactNode } from 'react';
import { ShopBadge } from '@/components/ShopBadge';
import type { Dictionary, Lang } from '@/i18n/dictionary';
import { formatDateTime } from '@/lib/datetime';
import { formatFen } from '@/lib/money';
import type { PromotionView } from '@/lib/promotions-api';
import { actionsFor, budgetUsedFen, funderRows, shareTerms } from '@/lib/promotion-view';
import { ActionForm } from './ActionForm';

/** A promotion's state as a coloured tag. */
export function PromotionStatusTag({ t, status, live }: { t: Dictionary; status: string; live: boolean }) {
  return (
    <span className={`tag promo-status promo-status-${status.toLowerCase()}`} data-testid="promotion-status" data-status={status}>
      {t.promo.status[status] ?? status}
      {status === 'ACTIVE' && !live ? ` · ${t.promo.notLive}` : ''}
    </span>
  );
}

const shopNames = (p: PromotionView) => new Map([[p.proposerId, p.proposer.name], ...p.partners.map((x) => [x.merchantId, x.merchant.name] as const)]);

/** What `merchantId` would carry of each redemption and in all, in words. */
export function MyShare({ t, promotion, merchantId }: { t: Dictionary; promotion: PromotionView; merchantId: string }) {
  const s = shareTerms(promotion, merchantId);
  if (s.kind === 'none') {
    return (
      <p className="promo-my-share" data-testid="promotion-my-share" data-kind="none">
        {t.promo.noShare}
      </p>
    );
  }
  const each = s.kind === 'percent' ? t.promo.percentEach(s.value) : t.promo.fixedEach(formatFen(s.value));
  return (
    <p className="promo-my-share" data-testid="promotion-my-share" data-kind={s.kind} data-value={s.value}>
      <strong>{t.promo.myShare}</strong> {each}
      {s.kind === 'percent' && s.perRedemptionMaxFen !== null && <> {t.promo.upToEach(formatFen(s.perRedemptionMaxFen))}</>}
      {s.capFen !== null && <> · {t.promo.cap(formatFen(s.capFen))}</>}
      {s.totalMaxFen !== null && (
        <>
          {' '}
          · <span data-testid="promotion-my-max">{t.promo.totalMax(formatFen(s.totalMaxFen))}</span>
        </>
      )}
    </p>
  );
}

/** Rules, schedule and limits as a definition list. */
function Terms({ t, lang, p }: { t: Dictionary; lang: Lang; p: PromotionView }) {
  const rules: string[] = [];
  if (p.minSpend) rules.push(t.promo.minSpendRule(formatFen(p.minSpend.amountFen)));
  if (p.minShops != null) rules.push(t.promo.minShopsRule(p.minShops));
  if (p.discount) rules.push(t.promo.discountRule(formatFen(p.discount.amountFen)));
  if (p.percentOff != null) rules.push(t.promo.percentRule(p.percentOff, p.maxDiscount ? formatFen(p.maxDiscount.amountFen) : null));
  if (p.bundlePrice) rules.push(t.promo.bundleRule(formatFen(p.bundlePrice.amountFen)));
  if (p.groupSize != null) rules.push(t.promo.groupRule(p.groupSize));
  if (typeof p.pickupDate === 'string') rules.push(t.promo.pickupRule(formatDateTime(p.pickupDate, lang)));
  const scope = [...p.productIds, ...p.categories, ...p.neighborhoods];
  const limits: string[] = [];
  if (p.totalLimit != null) limits.push(t.promo.totalLimitRule(p.totalLimit));
  if (p.perMemberLimit != null) limits.push(t.promo.perMemberRule(p.perMemberLimit));
  if (p.budget) limits.push(t.promo.budgetRule(formatFen(p.budget.amountFen)));
  limits.push(p.stackGroup ? t.promo.stackRule(p.stackGroup) : t.promo.exclusiveRule);
  return (
    <dl className="small promo-terms" data-testid="promotion-terms">
      <dt>{t.promo.rules}</dt>
      <dd data-testid="promotion-rules">{rules.join('，') || '—'}</dd>
      {scope.length > 0 && (
        <>
          <dt>{t.promo.scope}</dt>
          <dd>{scope.join('、')}</dd>
        </>
      )}
      <dt>{t.promo.schedule}</dt>
      <dd data-testid="promotion-schedule">
        {formatDateTime(p.startsAt, lang)} – {formatDateTime(p.endsAt, lang)}
      </dd>
      <dt>{t.promo.limits}</dt>
      <dd>{limits.join('，')}</dd>
    </dl>
  );
}

/** Who pays what: each funder's agreed share, its cap, and (once redeemed) what it has carried so far. */
function Funding({ t, p, myShop }: { t: Dictionary; p: PromotionView; myShop?: string }) {
  const names = shopNames(p);
  const rows = funderRows(p);
  return (
    <table className="promo-funding small" data-testid="promotion-funding">
      <thead>
        <tr>
          <th>{t.promo.funder}</th>
          <th>{t.promo.share}</th>
          <th>{t.promo.capCol}</th>
          <th>{t.promo.costSoFar}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.merchantId} data-testid="promotion-funder" data-merchant-id={r.merchantId} data-cost-fen={r.costFen} className={r.merchantId === myShop ? 'mine' : undefined}>
            <td>{names.get(r.merchantId) ?? r.merchantId}</td>
            <td>{r.percent !== null ? `${r.percent}%` : r.fixedFen !== null ? t.promo.fixedEach(formatFen(r.fixedFen)) : '—'}</td>
            <td>
              {r.capFen !== null ? formatFen(r.capFen) : '—'}
              {r.capLeftFen !== null && <span className="muted"> ({t.promo.capLeft(formatFen(r.capLeftFen))})</span>}
            </td>
            <td className="price" data-testid="promotion-funder-cost">
              {formatFen(r.costFen)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Usage({ t, p }: { t: Dictionary; p: PromotionView }) {
  const used = budgetUsedFen(p);
  return (
    <p className="small promo-usage" data-testid="promotion-usage" data-redemptions={p.usage.redemptions}>
      {t.promo.redemptions}: <strong data-testid="promotion-redemptions">{p.usage.redemptions}</strong>
      {p.totalLimit != null && ` / ${p.totalLimit}`} · {t.promo.discountGiven}: <strong data-testid="promotion-discount-given">{formatFen(p.usage.discountGiven.amountFen)}</strong>
      {used !== null && p.budget && (
        <>
          {' '}
          · {t.promo.budgetUsed}: <strong data-testid="promotion-budget-used">{formatFen(used)}</strong> / {formatFen(p.budget.amountFen)}
        </>
      )}
    </p>
  );
}

function Partners({ t, lang, p }: { t: Dictionary; lang: Lang; p: PromotionView }) {
  return (
    <ul className="promo-partners small" data-testid="promotion-partners">
      <li data-merchant-id={p.proposerId}>
        <ShopBadge badge={p.proposer.badge} kind={p.proposer.kind} /> {p.proposer.name} <span className="tag tag-muted">{t.promo.proposer}</span>
      </li>
      {p.partners.map((x) => (
        <li key={x.merchantId} data-testid="promotion-partner" data-merchant-id={x.merchantId} data-answer={x.answer}>
          <ShopBadge badge={x.merchant.badge} kind={x.merchant.kind} /> {x.merchant.name}{' '}
          <span className={`tag promo-answer-${x.answer.toLowerCase()}`}>{t.promo.answer[x.answer] ?? x.answer}</span>
          {typeof x.answeredAt === 'string' && <span className="muted"> {formatDateTime(x.answeredAt, lang)}</span>}
          {x.note && <span className="muted"> · {x.note}</span>}
        </li>
      ))}
    </ul>
  );
}

function Audit({ t, lang, p }: { t: Dictionary; lang: Lang; p: PromotionView }) {
  if (p.audit.length === 0) return null;
  const names = shopNames(p);
  return (
    <details className="promo-audit small" data-testid="promotion-audit">
      <summary>
        {t.promo.audit} ({p.audit.length})
      </summary>
      <ol>
        {p.audit.map((a, i) => (
          <li key={i} data-testid="promotion-audit-entry" data-action={a.action}>
            <span className="muted">{formatDateTime(a.at, lang)}</span> · {a.by}
            {a.merchantId ? `（${names.get(a.merchantId) ?? a.merchantId}）` : ''} · <strong>{t.promo.auditAction[a.action] ?? a.action}</strong>
            {a.note && <span className="muted"> · {a.note}</span>}
          </li>
        ))}
      </ol>
    </details>
  );
}

/** Pause / resume / end, each a plain form post. */
function Actions({ t, p, action, back }: { t: Dictionary; p: PromotionView; action: string; back: string }) {
  const ops = actionsFor(p.status);
  if (ops.length === 0) return null;
  return (
    <div className="desk-actions">
      {ops.map((op) => (
        <ActionForm action={action} key={op} className="inline-form" fields={{ op, id: p.id, back }}>
          <button type="submit" className={op === 'end' ? 'button button-ghost button-sm link-danger' : 'button button-ghost button-sm'} data-testid={`promotion-${op}`}>
            {op === 'end' && p.status !== 'ACTIVE' && p.status !== 'PAUSED' ? t.promo.withdraw : t.promo[op]}
          </button>
        </ActionForm>
      ))}
    </div>
  );
}

/**
 * One promotion: what it is, who takes part and how they answered, its rules, schedule and limits, who
 * pays what (and has paid so far), its audit trail, and what can be done with it now.
 */
export function PromotionCard({
  t,
  lang,
  promotion: p,
  myShop,
  action,
  back,
  children,
}: {
  t: Dictionary;
  lang: Lang;
  promotion: PromotionView;
  /** The shop whose console shows it: its share is spelled out. */
  myShop?: string;
  /** Where pause / resume / end post (none: no buttons). */
  action?: string;
  back: string;
  children?: ReactNode;
}) {
  return (
    <li className="desk-order promo-card" data-testid="promotion" data-promotion-id={p.id} data-status={p.status} data-title={p.title}>
      <div className="desk-order-head">
        <span className="tag promo-kind">{t.promo.kinds[p.kind] ?? p.kind}</span>
        <strong className="promo-title" data-testid="promotion-title">
          {p.title}
        </strong>
        <PromotionStatusTag t={t} status={p.status} live={p.live} />
        {p.counterTo && <span className="small muted">{t.promo.counterTag}</span>}
      </div>
      <p className="promo-summary" data-testid="promotion-summary">
        {p.summary}
      </p>
      {myShop && <MyShare t={t} promotion={p} merchantId={myShop} />}
      <Partners t={t} lang={lang} p={p} />
      <Terms t={t} lang={lang} p={p} />
      <Funding t={t} p={p} myShop={myShop} />
      {(p.status === 'ACTIVE' || p.status === 'PAUSED' || p.status === 'ENDED') && <Usage t={t} p={p} />}
      {children}
      {action && <Actions t={t} p={p} action={action} back={back} />}
      <Audit t={t} lang={lang} p={p} />
    </li>
  );
}

