import type { Metadata } from 'next';
import { ErrorState } from '@/components/ErrorState';
import { ShopBadge } from '@/components/ShopBadge';
import { ShopChips, pickShop } from '@/components/ShopPicker';
import { StatePanel } from '@/components/StatePanel';
import type { Dictionary, Lang } from '@/i18n/dictionary';
import { getI18n } from '@/i18n/server';
import { auditChanges } from '@/lib/audit-diff';
import { getPrincipal } from '@/lib/auth';
import { formatDateTime } from '@/lib/datetime';
import { errorCode } from '@/lib/gateway';
import { isAllianceAdmin } from '@/lib/principal';
import { getShopAudit, type AuditEntryView, type ShopAuditView } from '@/lib/shop-audit-api';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.shops.audit.title };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };
const SELF = '/merchant/audit';
const PAGE = 30;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/**
 * A shop's audit log, newest first, a page at a time: when, who, what, on which subject, and the fields
 * it changed (folded). Its owner's; an alliance admin opens any shop's from /admin/merchants.
 */
export default async function MerchantAuditPage({ searchParams }: Props) {
  const { t, lang } = await getI18n();
  const a = t.shops.audit;
  const query = await searchParams;
  const principal = await getPrincipal();
  const wanted = first(query.shop);
  let merchantId: string;
  let chips: readonly string[] = [];
  if (principal && isAllianceAdmin(principal) && wanted) {
    merchantId = wanted.slice(0, 40);
  } else {
    const pick = await pickShop(t, query, { self: SELF, title: a.title, testId: 'audit' });
    if (!pick.ok) return pick.panel;
    if (!pick.principal.roles.includes('merchant-owner')) {
      return <StatePanel testId="audit-owner-only" icon="!" title={a.ownerOnly} actions={[{ href: `/merchant?shop=${encodeURIComponent(pick.merchantId)}`, label: t.memberPool.backToDesk }]} />;
    }
    merchantId = pick.merchantId;
    chips = pick.principal.merchantIds;
  }
  const base = `${SELF}?shop=${encodeURIComponent(merchantId)}`;
  const afterRaw = first(query.after);
  const after = afterRaw && afterRaw.length <= 200 ? afterRaw : null;

  let shop: ShopAuditView | null;
  try {
    shop = await getShopAudit(merchantId, PAGE, after);
  } catch (err) {
    return <ErrorState t={t} code={errorCode(err)} retryHref={base} />;
  }
  if (!shop) return <StatePanel testId="audit-no-shop" icon="?" title={t.shops.page.notFound} actions={[{ href: '/', label: t.errors.home }]} />;
  const { edges, pageInfo } = shop.auditLog;

  return (
    <div className="page desk-page" data-testid="merchant-audit" data-merchant-id={merchantId}>
      <header className="desk-head">
        <h1 className="page-title">
          <ShopBadge badge={shop.badge} kind={shop.kind} /> {shop.name} · {a.title}
        </h1>
        <ShopChips merchantIds={chips} current={merchantId} self={SELF} />
        <a className="button button-ghost button-sm" href={`/merchant?shop=${encodeURIComponent(merchantId)}`}>
          {t.memberPool.backToDesk}
        </a>
      </header>
      <p className="small muted">{a.intro}</p>
      {edges.length === 0 ? (
        <StatePanel testId="audit-empty" icon="∅" title={a.none} />
      ) : (
        <div className="table-scroll">
          <table className="figures-table small audit-table" data-testid="audit-log">
            <thead>
              <tr>
                <th scope="col">{a.time}</th>
                <th scope="col">{a.who}</th>
                <th scope="col">{a.action}</th>
                <th scope="col">{a.subject}</th>
                <th scope="col">{a.changes}</th>
              </tr>
            </thead>
            <tbody>
              {edges.map(({ node }) => (
                <AuditRow key={node.id} t={t} lang={lang} entry={node} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav className="pager">
        {after && (
          <a className="button button-ghost" href={base} data-testid="audit-newest">
            {a.newest}
          </a>
        )}
        {pageInfo.hasNextPage && pageInfo.endCursor && (
          <a className="button button-ghost" href={`${base}&after=${encodeURIComponent(pageInfo.endCursor)}`} data-testid="audit-more">
            {a.more}
          </a>
        )}
      </nav>
    </div>
  );
}

function AuditRow({ t, lang, entry: e }: { t: Dictionary; lang: Lang; entry: AuditEntryView }) {
  const a = t.shops.audit;
  const changes = auditChanges(e.before ?? null, e.after ?? null);
  return (
    <tr data-testid="audit-entry" data-action={e.action} data-subject-id={e.subjectId}>
      <td>{formatDateTime(e.at, lang)}</td>
      <td data-testid="audit-actor">{e.actor}</td>
      <td>{a.actions[e.action] ?? e.action}</td>
      <td>{e.subjectId}</td>
      <td>
        {changes.length === 0 ? (
          <span className="muted">{a.noDiff}</span>
        ) : (
          <details data-testid="audit-diff">
            <summary>{changes.map((c) => c.field || '—').slice(0, 4).join('、') + (changes.length > 4 ? '…' : '')}</summary>
            <table className="small audit-diff">
              <thead>
                <tr>
                  <th scope="col">{a.field}</th>
                  <th scope="col">{a.before}</th>
                  <th scope="col">{a.after}</th>
                </tr>
              </thead>
              <tbody>
                {changes.map((c) => (
                  <tr key={c.field} data-field={c.field}>
                    <th scope="row">{c.field || '—'}</th>
                    <td className="audit-before">{c.before ?? '—'}</td>
                    <td className="audit-after">{c.after ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        )}
      </td>
    </tr>
  );
}
