import type { Metadata } from 'next';
import { FieldErrors, FlashNotice } from '@/components/Notices';
import { ShopBadge } from '@/components/ShopBadge';
import { ShopChips, pickShop } from '@/components/ShopPicker';
import { getI18n } from '@/i18n/server';
import { formatFen } from '@/lib/money';
import { randomToken } from '@/lib/oidc';
import { getFlash } from '@/lib/page-state';
import { getCounterShop } from '@/lib/stored-value-api';
import { errorsAt, unclaimedErrors } from '@/lib/user-errors';
import { ActionForm } from '@/components/ActionForm';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.storedValue.counter.title };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };
const SELF = '/merchant/stored-value';

/**
 * The counter's 储值 top-up: her member code (typed, pasted or scanned from her 我的 page) and the amount
 * in yuan. One idempotency key per rendering of the form, so a double submit tops up once; the result
 * (her new balance at this shop) or the userErrors come back on this page. Desktop first.
 */
export default async function CounterTopUpPage({ searchParams }: Props) {
  const { t } = await getI18n();
  const c = t.storedValue.counter;
  const query = await searchParams;
  const pick = await pickShop(t, query, { self: SELF, title: c.title, testId: 'topup' });
  if (!pick.ok) return pick.panel;
  const { principal, merchantId } = pick;
  const here = `${SELF}?shop=${encodeURIComponent(merchantId)}`;
  const flash = await getFlash(query.flash);
  const errors = flash?.errors ?? [];
  const values = flash?.values ?? {};
  const unclaimed = unclaimedErrors(errors, [['memberId'], ['amountFen']]);
  const resultFen = flash?.ok === 'toppedUp' && /^\d{1,12}$/.test(values.balanceFen ?? '') ? Number(values.balanceFen) : null;
  const messages = t.storedValue.errors;
  // The title names the shop; the counter works without it.
  const shop = await getCounterShop(merchantId).catch(() => null);

  return (
    <div className="page desk-page topup-page" data-testid="topup-page" data-merchant-id={merchantId}>
      <header className="desk-head">
        <h1 className="page-title">
          {shop && <ShopBadge badge={shop.badge} kind={shop.kind} />} {shop?.name ?? merchantId} · {c.title}
        </h1>
        <ShopChips merchantIds={principal.merchantIds} current={merchantId} self={SELF} />
        <a className="button button-ghost button-sm" href={`/merchant?shop=${encodeURIComponent(merchantId)}`}>
          {t.memberPool.backToDesk}
        </a>
      </header>
      <p className="small muted">{c.intro}</p>
      {resultFen !== null ? (
        <p className="notice notice-ok" role="status" data-testid="topup-result" data-balance-fen={resultFen} data-member-id={values.memberId ?? ''}>
          {c.result(formatFen(resultFen))}
        </p>
      ) : (
        <FlashNotice t={t} flash={flash} ok={t.storedValue.ok} unclaimed={unclaimed} messages={messages} />
      )}
      <ActionForm action="/merchant/stored-value/top-up" className="panel stack-form" data-testid="topup-form" fields={{ merchantId, idempotencyKey: `sv-${randomToken(18)}`, back: here }}>
        <label className="field">
          <span>
            {c.memberId} <span className="small muted">{c.memberIdHint}</span>
          </span>
          <input name="memberId" required maxLength={60} autoComplete="off" spellCheck={false} defaultValue={resultFen === null ? (values.memberId ?? '') : ''} data-testid="topup-member-id" />
          <FieldErrors t={t} errors={errorsAt(errors, 'memberId')} messages={messages} />
        </label>
        <label className="field">
          <span>
            {c.amount} <span className="small muted">{c.amountHint}</span>
          </span>
          <input name="amountYuan" required inputMode="decimal" pattern="¥?\d{1,9}(\.\d{1,2})?" defaultValue={resultFen === null ? (values.amountYuan ?? '') : ''} data-testid="topup-amount" />
          <FieldErrors t={t} errors={errorsAt(errors, 'amountFen')} messages={messages} />
        </label>
        <button type="submit" className="button" data-testid="topup-submit">
          {c.submit}
        </button>
      </ActionForm>
    </div>
  );
}
