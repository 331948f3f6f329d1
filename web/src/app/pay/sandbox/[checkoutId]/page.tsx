import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { ErrorState } from '@/components/ErrorState';
import { FlashNotice } from '@/components/Notices';
import { PayOrders } from '@/components/PayOrders';
import { StatePanel } from '@/components/StatePanel';
import { getI18n } from '@/i18n/server';
import { getCheckout, type CheckoutView } from '@/lib/checkout-api';
import { formatDateTime } from '@/lib/datetime';
import { errorCode } from '@/lib/gateway';
import { formatFen } from '@/lib/money';
import { getFlash } from '@/lib/page-state';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.pay.title };
}

type Props = {
  params: Promise<{ checkoutId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/** How long one rendering waits for the payment callback, and how many automatic reloads follow. */
const WAIT_PER_RENDER_MS = 6_000;
const MAX_RELOADS = 5;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls the checkout until its payment leaves PENDING or the time is up. */
async function waitForPayment(id: string, deadline: number): Promise<CheckoutView | null> {
  for (;;) {
    const checkout = await getCheckout(id);
    if (!checkout || checkout.payment?.status !== 'PENDING' || Date.now() >= deadline) return checkout;
    await sleep(500);
  }
}

export default async function SandboxPayPage({ params, searchParams }: Props) {
  const id = decodeURIComponent((await params).checkoutId);
  const query = await searchParams;
  const { t, lang } = await getI18n();
  const flash = await getFlash(query.flash);
  const paying = Number(Array.isArray(query.paying) ? query.paying[0] : query.paying) || 0;
  const self = `/pay/sandbox/${encodeURIComponent(id)}`;

  let checkout: CheckoutView | null;
  try {
    checkout = paying > 0 ? await waitForPayment(id, Date.now() + WAIT_PER_RENDER_MS) : await getCheckout(id);
  } catch (err) {
    return <ErrorState t={t} code={errorCode(err)} retryHref={self} />;
  }
  if (!checkout) {
    return <StatePanel testId="pay-not-found" icon="?" title={t.pay.notFound} actions={[{ href: '/me/orders', label: t.pay.viewOrders }]} />;
  }
  // Another provider's payment has nothing to do here: the generic pay page says how to pay it.
  if (checkout.payment && checkout.payment.provider !== 'sandbox') redirect(`/pay/${encodeURIComponent(id)}`);
  const status = checkout.payment?.status ?? 'PENDING';
  const amount = checkout.payment?.amount.amountFen ?? checkout.total.amountFen;

  return (
    <div className="page pay-page" data-testid="sandbox-pay-page" data-payment-status={status}>
      <p className="sandbox-banner" role="note" data-testid="sandbox-banner">
        <strong>{t.pay.title}</strong>
        <span className="block small">{t.pay.notice}</span>
      </p>
      <section className="panel pay-amount">
        <p className="muted">{t.pay.amount}</p>
        <p className="price price-lg" data-testid="pay-amount">
          {formatFen(amount)}
        </p>
        {status === 'PENDING' && checkout.payment && <p className="small muted">{t.pay.payBefore(formatDateTime(checkout.payment.payBefore, lang))}</p>}
      </section>
      <FlashNotice t={t} flash={flash} />
      <PayOrders t={t} lang={lang} checkout={checkout} />
      {status === 'PAID' && (
        <p className="notice notice-ok" role="status" data-testid="pay-success">
          {t.pay.paid}
        </p>
      )}
      {status === 'EXPIRED' && (
        <p className="notice notice-error" role="alert" data-testid="pay-expired">
          {t.pay.expired}
        </p>
      )}
      {status === 'PENDING' && paying === 0 && (
        <form method="post" action={`${self}/pay`}>
          <button type="submit" className="button button-block" data-testid="sandbox-pay">
            {t.pay.pay} {formatFen(amount)}
          </button>
        </form>
      )}
      {status === 'PENDING' && paying > 0 && paying <= MAX_RELOADS && (
        <>
          {/* A reload, not a script: the page waits on the server and comes back until the callback is in. */}
          <meta httpEquiv="refresh" content={`1;url=${self}?paying=${paying + 1}`} />
          <p className="notice" role="status" aria-busy="true" data-testid="pay-waiting">
            {t.pay.waiting}
          </p>
        </>
      )}
      {status === 'PENDING' && paying > MAX_RELOADS && (
        <div className="notice notice-error" role="alert" data-testid="pay-timeout">
          <p>{t.pay.timeout}</p>
          <a className="button button-ghost button-sm" href={`${self}?paying=${MAX_RELOADS}`}>
            {t.pay.refresh}
          </a>
        </div>
      )}
      <a className="button button-ghost button-block" href="/me/orders" data-testid="view-orders">
        {t.pay.viewOrders}
      </a>
    </div>
  );
}
