import type { Metadata } from 'next';
import { NavLink } from '@/components/NavLink';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { CopyLinkButton } from '@/components/CopyLinkButton';
import { ErrorState } from '@/components/ErrorState';
import { GroupBuyForm, GroupPrice, GroupProgress } from '@/components/GroupBuy';
import { FlashNotice } from '@/components/Notices';
import { ShopBadge } from '@/components/ShopBadge';
import { getI18n } from '@/i18n/server';
import { getConfig } from '@/config';
import { getAccessToken } from '@/lib/auth';
import { errorCode } from '@/lib/gateway';
import { groupPhase } from '@/lib/group-buy';
import { getGroupBuy, getGroupProduct, type GroupBuyView } from '@/lib/group-buy-api';
import { getFlash } from '@/lib/page-state';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Products shown on one group page (a group-buy usually covers one or a few). */
const MAX_PRODUCTS = 6;

const load = cache(async (id: string) => {
  try {
    return { ok: true as const, group: await getGroupBuy(id) };
  } catch (err) {
    return { ok: false as const, code: errorCode(err) };
  }
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const result = await load(decodeURIComponent((await params).id));
  return result.ok && result.group ? { title: result.group.title } : {};
}

/**
 * A group-buy group (拼团) as anyone with its share link sees it: progress, countdown, the products at
 * the group price, the share link, and joining (a purchase: the group-buy checkout). Never who joined.
 */
export default async function GroupPage({ params, searchParams }: Props) {
  const id = decodeURIComponent((await params).id);
  const self = `/groups/${encodeURIComponent(id)}`;
  const { t } = await getI18n();
  const flash = await getFlash((await searchParams).flash);
  const result = await load(id);
  if (!result.ok) return <ErrorState t={t} code={result.code} retryHref={self} />;
  const group: GroupBuyView | null = result.group;
  if (!group) notFound();

  const nowMs = Date.now();
  const phase = groupPhase(group, nowMs);
  const signedIn = Boolean(await getAccessToken());
  const products = (await Promise.all(group.productIds.slice(0, MAX_PRODUCTS).map((p) => getGroupProduct(p, group.promotionId).catch(() => null)))).filter((p) => p !== null);
  const shareUrl = `${getConfig().portalUrl}${self}`;

  return (
    <article className="page groupbuy-page" data-testid="group-page" data-group-id={group.id} data-promotion-id={group.promotionId} data-status={group.status}>
      <NavLink href="/" className="back-link">
        ‹ {t.product.back}
      </NavLink>
      <FlashNotice t={t} flash={flash} ok={t.groupBuy.ok} />
      <section className="panel">
        <h1 className="page-title">
          <span className="tag tag-promo">{t.promo.kinds.GROUP_BUY}</span> {group.title}
        </h1>
        <p className="muted" data-testid="group-summary">
          {group.summary}
        </p>
        <GroupProgress t={t} group={group} nowMs={nowMs} />
        <p className="small muted" data-testid="group-phase-note">
          {t.groupBuy.phaseNote[phase]}
        </p>
      </section>

      <section className="panel">
        <h2>{t.groupBuy.products}</h2>
        {products.length === 0 && <p className="muted">{t.groupBuy.productsUnavailable}</p>}
        <ul className="groupbuy-products">
          {products.map(({ product, prices }) => (
            <li key={product.id} data-testid="group-product" data-product-id={product.id}>
              <p>
                <a href={`/products/${encodeURIComponent(product.id)}`}>
                  <strong>{product.name}</strong>
                </a>
                <span className="small muted">
                  {' '}
                  · <ShopBadge badge={product.merchant.badge} kind={product.merchant.kind} /> {product.merchant.name}
                </span>
              </p>
              {prices.length === 1 && prices[0] && (
                <p>
                  <GroupPrice t={t} price={prices[0]} unit={product.unit} />
                </p>
              )}
              {phase === 'open' && group.mine && (
                <p className="small muted" data-testid="group-mine">
                  {t.groupBuy.youAreIn}
                </p>
              )}
              {phase === 'open' &&
                !group.mine &&
                (signedIn ? (
                  <GroupBuyForm t={t} promotionId={group.promotionId} groupId={group.id} productId={product.id} prices={prices} submitLabel={t.groupBuy.join} testId="group-join" />
                ) : (
                  <a className="button" href={`/auth/login?returnTo=${encodeURIComponent(self)}`} data-testid="group-join-login">
                    {t.groupBuy.loginToJoin}
                  </a>
                ))}
              {phase !== 'open' && (
                <a className="button button-ghost" href={`/products/${encodeURIComponent(product.id)}`} data-testid="group-open-new">
                  {t.groupBuy.openNew}
                </a>
              )}
            </li>
          ))}
        </ul>
      </section>

      <section className="panel groupbuy-share" data-testid="group-share">
        <h2>{t.groupBuy.share}</h2>
        <p className="small muted">{t.groupBuy.shareHint}</p>
        <div className="inline-fields">
          <input readOnly value={shareUrl} aria-label={t.groupBuy.share} className="share-url" data-testid="share-link" />
          <CopyLinkButton url={shareUrl} label={t.groupBuy.copy} copiedLabel={t.groupBuy.copied} failedLabel={t.groupBuy.copyFailed} />
        </div>
      </section>
    </article>
  );
}
