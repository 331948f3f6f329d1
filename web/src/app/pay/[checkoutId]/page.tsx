import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { ErrorState } from '@/components/ErrorState';
import { PayOrders } from '@/components/PayOrders';
import { StatePanel } from '@/components/StatePanel';
import { getI18n } from '@/i18n/server';
import { getAccessToken } from '@/lib/auth';
import { getCheckout, type CheckoutView } from '@/lib/checkout-api';
import { formatDateTime } from '@/lib/datetime';
import { errorCode } from '@/lib/gateway';
import { formatFen } from '@/lib/money';
import { payTargetOf } from '@/lib/pay-params';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.orders.payNow };
}

type Props = { params: Promise<{ checkoutId: string }> };

/**
 * "Pay now" for a checkout, whatever the provider: `payment.payParams` says how. The sandbox's pay page
 * is followed; WeChat Pay opens only inside WeChat, which this page says plainly.
 */
export default async function PayPage({ params }: Props) {
  const id = decodeURIComponent((await params).checkoutId);
  const { t, lang } = await getI18n();
  const self = `/pay/${encodeURIComponent(id)}`;
  if (!(await getAccessToken())) {
    return <StatePanel testId="pay-login" icon="?" title={t.me.loginPrompt} actions={[{ href: `/auth/login?returnTo=${encodeURIComponent(self)}`, label: t.auth.login, plain: true }]} />;
  }
  let checkout: CheckoutView | null;
  try {
    checkout = await getCheckout(id);
  } catch (err) {
    return <ErrorState t={t} code={errorCode(err)} retryHref={self} />;
  }
  if (!checkout) return <StatePanel testId="pay-not-found" icon="?" title={t.pay.notFound} actions={[{ href: '/me/orders', label: t.pay.viewOrders }]} />;

  const payment = checkout.payment;
  const target = payment?.status === 'PENDING' ? payTargetOf(payment.payParams) : { kind: 'none' as const };
  if (target.kind === 'redirect') redirect(target.url);

  const amount = payment?.amount.amountFen ?? checkout.total.amountFen;
  return (
    <div className="page pay-page" data-testid="pay-page" data-payment-status={payment?.status ?? ''} data-pay-kind={target.kind}>
      <section className="panel pay-amount">
        <p className="muted">{t.pay.amount}</p>
        <p className="price price-lg" data-testid="pay-amount">
          {formatFen(amount)}
        </p>
        {payment?.status === 'PENDING' && <p className="small muted">{t.pay.payBefore(formatDateTime(payment.payBefore, lang))}</p>}
      </section>
      {target.kind === 'wechat' ? (
        <div className="notice" role="status" data-testid="pay-in-wechat">
          <p>
            <strong>{t.pay.wechatTitle}</strong>
          </p>
          <p className="small">{t.pay.wechatBody}</p>
        </div>
      ) : payment?.status === 'PAID' ? (
        <p className="notice notice-ok" role="status" data-testid="pay-success">
          {t.pay.paid}
        </p>
      ) : payment?.status === 'EXPIRED' ? (
        <p className="notice notice-error" role="alert" data-testid="pay-expired">
          {t.pay.expired}
        </p>
      ) : (
        <p className="notice" role="status" data-testid="pay-nothing">
          {payment?.status === 'PENDING' ? t.pay.timeout : t.pay.notPending}
        </p>
      )}
      <PayOrders t={t} lang={lang} checkout={checkout} />
      <a className="button button-ghost button-block" href="/me/orders" data-testid="view-orders">
        {t.pay.viewOrders}
      </a>
    </div>
  );
}
