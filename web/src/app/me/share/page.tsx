import type { Metadata } from 'next';
import { CopyLinkButton } from '@/components/CopyLinkButton';
import { ErrorState } from '@/components/ErrorState';
import { StatePanel } from '@/components/StatePanel';
import type { Dictionary, Lang } from '@/i18n/dictionary';
import { getI18n } from '@/i18n/server';
import { getProduct } from '@/lib/api';
import { getAccessToken } from '@/lib/auth';
import { earningLevel } from '@/lib/commission-view';
import { getMyShare, getStatements, type MyShareData, type StatementView } from '@/lib/commissions-api';
import { getMyNetwork, type MyNetworkData } from '@/lib/commission-reports-api';
import { getPrincipal } from '@/lib/auth';
import { isGroupLeader } from '@/lib/principal';
import { ShareNetwork } from '@/components/ShareNetwork';
import { formatDateTime } from '@/lib/datetime';
import { errorCode } from '@/lib/gateway';
import type { ShareTargetKind } from '@/lib/generated/operations';
import { formatFen } from '@/lib/money';
import { WithdrawalSection } from './WithdrawalSection';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.commissions.share.title };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const ID = /^[A-Za-z0-9-]{1,80}$/;
/** How many ended weeks the page looks up her statements for (settled periods are listed to admins only). */
const STATEMENT_WEEKS = 4;

/** What the page shares: a product (from its 分享 link), a shop, or the whole storefront. */
function targetOf(query: Record<string, string | string[] | undefined>): { kind: ShareTargetKind; id: string | null } {
  const product = first(query.product);
  if (product && ID.test(product)) return { kind: 'PRODUCT', id: product };
  const merchant = first(query.merchant);
  if (merchant && ID.test(merchant)) return { kind: 'MERCHANT', id: merchant };
  return { kind: 'STOREFRONT', id: null };
}

/**
 * 我的 → 推广: her share link and its QR (the storefront's, or a product's when opened from its 分享
 * link), what sharing does and does not earn, and her commissions: pending, confirmed, the newest
 * entries. Phone first.
 */
export default async function SharePage({ searchParams }: Props) {
  const { t, lang } = await getI18n();
  const query = await searchParams;
  const target = targetOf(query);
  const self = target.kind === 'STOREFRONT' ? '/me/share' : `/me/share?${target.kind === 'PRODUCT' ? 'product' : 'merchant'}=${encodeURIComponent(target.id!)}`;
  if (!(await getAccessToken())) {
    return <StatePanel testId="share-login" icon="?" title={t.me.loginPrompt} actions={[{ href: `/auth/login?returnTo=${encodeURIComponent(self)}`, label: t.auth.login, plain: true }]} />;
  }
  let data: MyShareData;
  let network: MyNetworkData;
  let statements: StatementView[];
  let productName: string | null = null;
  try {
    const [share, product, net, own] = await Promise.all([
      getMyShare(target),
      target.kind === 'PRODUCT' ? getProduct(target.id!).catch(() => null) : Promise.resolve(null),
      getMyNetwork(),
      getStatements(null, STATEMENT_WEEKS),
    ]);
    data = share;
    network = net;
    statements = own;
    productName = product?.product?.name ?? null;
  } catch (err) {
    return <ErrorState t={t} code={errorCode(err)} retryHref={self} />;
  }
  const s = t.commissions.share;
  const link = data.myShareLink;
  const earnings = data.myEarnings;
  const heading = link.target === 'PRODUCT' ? s.productLink : link.target === 'MERCHANT' ? s.merchantLink : s.storefrontLink;
  const qrSrc = `data:image/svg+xml;base64,${Buffer.from(link.qrSvg, 'utf8').toString('base64')}`;

  return (
    <div className="page share-page" data-testid="share-page" data-target={link.target} data-target-id={link.targetId ?? ''}>
      <a href="/me" className="back-link">
        ‹ {t.me.title}
      </a>
      <h1 className="page-title">{s.title}</h1>
      <p className="small muted">{s.intro}</p>

      <section className="panel share-link-panel" data-testid="share-link-panel" data-code={link.code}>
        <h2>
          {heading}
          {productName && <span className="muted small"> · {productName}</span>}
        </h2>
        <div className="inline-fields">
          <input readOnly value={link.url} aria-label={heading} className="share-url" data-testid="share-url" />
          <CopyLinkButton url={link.url} label={s.copy} copiedLabel={s.copied} failedLabel={s.copyFailed} />
        </div>
        <p className="small muted">
          {s.code}: <strong data-testid="share-code">{link.code}</strong>
        </p>
        {/* The subgraph's SVG as an image: shown inline, and no markup of it ever enters the page. */}
        <img className="share-qr" src={qrSrc} width={192} height={192} alt={s.qrAlt} data-testid="share-qr" />
        {link.target !== 'STOREFRONT' && (
          <p className="small">
            <a href="/me/share" data-testid="share-storefront-instead">
              {s.storefrontInstead}
            </a>
          </p>
        )}
        <p className="notice share-no-reward" data-testid="share-no-reward">
          {s.noRewardForSharing}
        </p>
      </section>

      <section className="panel" data-testid="earnings" data-pending-fen={earnings.pending.amountFen} data-confirmed-fen={earnings.confirmed.amountFen}>
        <h2>{s.earnings}</h2>
        <dl className="earnings-totals">
          <div>
            <dt>{s.pending}</dt>
            <dd className="price" data-testid="earnings-pending">{formatFen(earnings.pending.amountFen)}</dd>
            <dd className="small muted">{s.pendingHint}</dd>
          </div>
          <div>
            <dt>{s.confirmed}</dt>
            <dd className="price" data-testid="earnings-confirmed">{formatFen(earnings.confirmed.amountFen)}</dd>
          </div>
        </dl>
        <h3 className="small muted">{s.entries}</h3>
        {earnings.entries.length === 0 ? (
          <p className="muted" data-testid="earnings-empty">
            {s.noEntries}
          </p>
        ) : (
          <EarningList t={t} lang={lang} entries={earnings.entries} />
        )}
      </section>

      <ShareNetwork t={t} lang={lang} network={network} entries={earnings.entries} leader={isGroupLeader(await getPrincipal())} statements={statements} />
      <WithdrawalSection t={t} lang={lang} flashId={query.flash} />
    </div>
  );
}

function EarningList({ t, lang, entries }: { t: Dictionary; lang: Lang; entries: MyShareData['myEarnings']['entries'] }) {
  const s = t.commissions.share;
  return (
    <ul className="earning-list" data-testid="earning-entries">
      {entries.map((e, i) => {
        const level = earningLevel(e.account);
        return (
          <li key={`${e.orderId}-${e.account}-${e.stage}-${i}`} className="earning" data-testid="earning-entry" data-order-id={e.orderId} data-account={e.account} data-stage={e.stage} data-amount-fen={e.amount.amountFen} data-period-id={e.periodId}>
            <div className="earning-main">
              <span className="tag">{level ? (s.levels[level] ?? level) : e.account}</span>
              <span className={e.stage === 'CONFIRMED' ? 'tag status-tag status-completed' : 'tag tag-muted'}>{s.stages[e.stage] ?? e.stage}</span>
              <span className={e.amount.amountFen < 0 ? 'price earning-amount negative' : 'price earning-amount'}>{formatFen(e.amount.amountFen)}</span>
            </div>
            <p className="small muted">
              {s.order} <code className="earning-order">{e.orderId}</code> · {formatDateTime(e.at, lang)} · {s.bookedIn(e.periodId)}
            </p>
          </li>
        );
      })}
    </ul>
  );
}
