import type { Metadata } from 'next';
import { ErrorState } from '@/components/ErrorState';
import { FlashNotice } from '@/components/Notices';
import { StatePanel } from '@/components/StatePanel';
import { getI18n } from '@/i18n/server';
import { getAccessToken } from '@/lib/auth';
import { errorCode } from '@/lib/gateway';
import { formatFen } from '@/lib/money';
import { getFlash } from '@/lib/page-state';
import { getMyStoredValue, type MyBalanceView } from '@/lib/stored-value-api';
import { listedBalances } from '@/lib/stored-value-view';
import { ActionForm } from '@/components/ActionForm';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.storedValue.title };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };
const SELF = '/me/stored-value';

/**
 * 我的 → 储值: her balance at each shop (spent at that shop only), and 申请退还 per shop — the whole
 * balance, paid back by the shop. Topping up happens at the shop's counter with her member code.
 */
export default async function StoredValuePage({ searchParams }: Props) {
  const { t } = await getI18n();
  const sv = t.storedValue;
  if (!(await getAccessToken())) {
    return <StatePanel testId="stored-value-login" icon="?" title={t.me.loginPrompt} actions={[{ href: `/auth/login?returnTo=${encodeURIComponent(SELF)}`, label: t.auth.login, plain: true }]} />;
  }
  const flash = await getFlash((await searchParams).flash);
  let balances: MyBalanceView[];
  try {
    balances = listedBalances(await getMyStoredValue());
  } catch (err) {
    return <ErrorState t={t} code={errorCode(err)} retryHref={SELF} />;
  }
  return (
    <div className="page stored-value-page" data-testid="stored-value-page" data-total-fen={balances.reduce((s, b) => s + b.balanceFen, 0)}>
      <a href="/me" className="back-link">
        ‹ {t.me.title}
      </a>
      <h1 className="page-title">{sv.title}</h1>
      <FlashNotice t={t} flash={flash} ok={sv.ok} messages={sv.errors} />
      <p className="small muted">{sv.intro}</p>
      {balances.length === 0 ? (
        <StatePanel testId="stored-value-empty" icon="¥" title={sv.empty} actions={[{ href: '/me', label: sv.memberCode, plain: true }]}>
          <p className="muted">{sv.emptyHint}</p>
        </StatePanel>
      ) : (
        <ul className="panel favorite-list" data-testid="stored-value-balances">
          {balances.map((b) => (
            <li key={b.merchant.id} data-testid="stored-value-balance" data-merchant-id={b.merchant.id} data-balance-fen={b.balanceFen}>
              <span>
                <a href={`/?merchant=${encodeURIComponent(b.merchant.id)}`}>{b.merchant.name}</a>{' '}
                <strong className="price" data-testid="stored-value-amount">
                  {formatFen(b.balanceFen)}
                </strong>
              </span>
              <ActionForm action="/me/stored-value/payback" className="inline-form" fields={{ merchantId: b.merchant.id }}>
                <button type="submit" className="button button-ghost button-sm" title={sv.paybackHint} data-testid="stored-value-payback">
                  {sv.payback}
                </button>
              </ActionForm>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
