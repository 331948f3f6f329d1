import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { ErrorState } from '@/components/ErrorState';
import { ShopBadge } from '@/components/ShopBadge';
import { ShopChips, pickShop } from '@/components/ShopPicker';
import { StatePanel } from '@/components/StatePanel';
import type { Dictionary, Lang } from '@/i18n/dictionary';
import { getI18n } from '@/i18n/server';
import { formatDateTime } from '@/lib/datetime';
import { errorCode } from '@/lib/gateway';
import { formatFen } from '@/lib/money';
import { getShopMembers, type ShopMembersPage, type ShopMembersShop, type ShopMemberStatsView, type ShopMemberView } from '@/lib/shop-members-api';
import { CONSENT_PURPOSES, SPEND_TIERS, isFiltered, memberFilterQuery, parseAfter, parseMemberFilter, type MemberFilter } from '@/lib/shop-members-view';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.memberPool.title };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const SELF = '/merchant/members';
const PAGE = 50;

/**
 * 会员 of a shop: the members who consented to it and only what they consented to (the members subgraph
 * leaves the rest null), filtered by neighbourhood, spend tier and purpose as GET parameters, paged by
 * cursor, with a CSV export of the same. Desktop first.
 */
export default async function MerchantMembersPage({ searchParams }: Props) {
  const { t, lang } = await getI18n();
  const mp = t.memberPool;
  const query = await searchParams;
  const pick = await pickShop(t, query, { self: SELF, title: mp.title, testId: 'members' });
  if (!pick.ok) return pick.panel;
  const { principal, merchantId } = pick;
  const filter = parseMemberFilter(query);
  const after = parseAfter(query);
  const here = `${SELF}?${memberFilterQuery(merchantId, filter, after)}`;

  let page: ShopMembersPage;
  let shop: ShopMembersShop;
  let stats: ShopMemberStatsView;
  try {
    ({ page, shop, stats } = await getShopMembers(merchantId, filter, PAGE, after));
  } catch (err) {
    return <ErrorState t={t} code={errorCode(err)} retryHref={here} />;
  }
  const nodes = page.edges.map((e) => e.node);

  return (
    <div className="page desk-page members-page" data-testid="merchant-members" data-merchant-id={merchantId}>
      <header className="desk-head">
        <h1 className="page-title">
          {shop && <ShopBadge badge={shop.badge} kind={shop.kind} />} {shop?.name ?? merchantId} · {mp.title}
        </h1>
        <ShopChips merchantIds={principal.merchantIds} current={merchantId} self={SELF} />
        <a className="button button-ghost button-sm" href={`/merchant?shop=${encodeURIComponent(merchantId)}`} data-testid="members-desk-link">
          {mp.backToDesk}
        </a>
        <a className="button button-ghost button-sm" href={`/merchant/members.csv?${memberFilterQuery(merchantId, filter)}`} data-testid="members-csv" download>
          {mp.exportCsv}
        </a>
      </header>
      <p className="small muted">{mp.intro}</p>
      <ConsentCounts t={t} stats={stats} />

      <Filters t={t} merchantId={merchantId} filter={filter} />

      {nodes.length === 0 ? (
        isFiltered(filter) || after ? (
          <StatePanel testId="members-empty" icon="?" title={mp.emptyFiltered} actions={[{ href: `${SELF}?shop=${encodeURIComponent(merchantId)}`, label: mp.clear, plain: true }]} />
        ) : (
          <StatePanel testId="members-empty" icon="?" title={mp.empty}>
            <p className="small muted">{mp.emptyHint}</p>
          </StatePanel>
        )
      ) : (
        <MembersTable t={t} lang={lang} nodes={nodes} />
      )}

      {(after || (page.pageInfo.hasNextPage && page.pageInfo.endCursor)) && (
        <nav className="pager">
          {after && (
            <a className="button button-ghost" href={`${SELF}?${memberFilterQuery(merchantId, filter)}`} data-testid="members-first">
              {mp.firstPage}
            </a>
          )}
          {page.pageInfo.hasNextPage && page.pageInfo.endCursor && (
            <a className="button button-ghost" href={`${SELF}?${memberFilterQuery(merchantId, filter, page.pageInfo.endCursor)}`} data-testid="members-more">
              {mp.more}
            </a>
          )}
        </nav>
      )}
    </div>
  );
}

/** How many consent to the shop now, per purpose: counts only, above the table. */
function ConsentCounts({ t, stats }: { t: Dictionary; stats: ShopMemberStatsView }) {
  const s = t.poolStats;
  return (
    <section className="panel" data-testid="members-stats" data-profile={stats.profile} data-order-history={stats.orderHistory} data-marketing={stats.marketing}>
      <h2 className="small">{s.shopTitle}</h2>
      <dl className="earnings-totals">
        <div>
          <dt>{s.profile}</dt>
          <dd className="price">{stats.profile}</dd>
        </div>
        <div>
          <dt>{s.orderHistory}</dt>
          <dd className="price">{stats.orderHistory}</dd>
        </div>
        <div>
          <dt>{s.marketing}</dt>
          <dd className="price">{stats.marketing}</dd>
        </div>
      </dl>
      <p className="small muted">{s.shopHint}</p>
    </section>
  );
}

function Filters({ t, merchantId, filter }: { t: Dictionary; merchantId: string; filter: MemberFilter }) {
  const mp = t.memberPool;
  return (
    <form method="get" action={SELF} className="panel inline-fields members-filters" data-testid="members-filters">
      <input type="hidden" name="shop" value={merchantId} />
      <label className="field">
        <span className="small muted">{mp.neighborhood}</span>
        <input name="neighborhood" maxLength={40} defaultValue={filter.neighborhood ?? ''} placeholder={mp.neighborhoodPlaceholder} />
      </label>
      <label className="field">
        <span className="small muted">{t.poolStats.interests}</span>
        <input name="interest" maxLength={20} defaultValue={filter.interest ?? ''} placeholder={t.poolStats.interestPlaceholder} data-testid="members-interest-filter" />
      </label>
      <label className="field">
        <span className="small muted">{mp.spendTier}</span>
        <select name="tier" defaultValue={filter.spendTier ?? ''}>
          <option value="">{mp.any}</option>
          {SPEND_TIERS.map((tier) => (
            <option key={tier} value={tier}>
              {mp.tiers[tier]}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="small muted">{mp.purposes}</span>
        <select name="purpose" defaultValue={filter.purpose ?? ''}>
          <option value="">{mp.any}</option>
          {CONSENT_PURPOSES.map((p) => (
            <option key={p} value={p}>
              {t.privacy.purposes[p]}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="button button-sm">
        {mp.apply}
      </button>
      {isFiltered(filter) && (
        <a className="button button-ghost button-sm" href={`${SELF}?shop=${encodeURIComponent(merchantId)}`}>
          {mp.clear}
        </a>
      )}
    </form>
  );
}

function MembersTable({ t, lang, nodes }: { t: Dictionary; lang: Lang; nodes: readonly ShopMemberView[] }) {
  const mp = t.memberPool;
  // A field arrives null when she did not consent to its purpose (a dash), or consented but never gave it.
  const cell = (m: ShopMemberView, purpose: string, value: ReactNode) =>
    value !== null && value !== undefined ? value : m.purposes.includes(purpose as ShopMemberView['purposes'][number]) ? <span className="muted">{t.privacy.notFilled}</span> : <span className="muted" title={mp.notConsented}>—</span>;
  return (
    <div className="table-scroll">
      <table className="promo-funding small members-table" data-testid="members-table">
        <thead>
          <tr>
            <th>{mp.member}</th>
            <th>{mp.purposes}</th>
            <th>{mp.since}</th>
            <th>{mp.name}</th>
            <th>{mp.phone}</th>
            <th>{mp.neighborhood}</th>
            <th>{t.poolStats.interests}</th>
            <th>{mp.ordersElsewhere}</th>
            <th>{mp.spendElsewhere}</th>
            <th>{mp.marketing}</th>
            <th>{mp.spendTier}</th>
          </tr>
        </thead>
        <tbody>
          {nodes.map((m) => (
            <tr key={m.id} data-testid="shop-member" data-member-id={m.id} data-purposes={m.purposes.join(' ')}>
              <td>
                <code>{m.id}</code>
              </td>
              <td>
                {m.purposes.map((p) => (
                  <span key={p} className="tag">
                    {t.privacy.purposes[p] ?? p}
                  </span>
                ))}
              </td>
              <td>{formatDateTime(m.since, lang)}</td>
              <td data-testid="shop-member-name">{cell(m, 'PROFILE', m.name)}</td>
              <td>{cell(m, 'PROFILE', m.phone)}</td>
              <td>{cell(m, 'PROFILE', m.neighborhood)}</td>
              <td data-testid="shop-member-interests">{cell(m, 'PROFILE', m.interests && m.interests.length ? m.interests.join(' · ') : null)}</td>
              <td>{cell(m, 'ORDER_HISTORY', m.ordersElsewhere)}</td>
              <td>{cell(m, 'ORDER_HISTORY', m.spendElsewhere === null ? null : formatFen(m.spendElsewhere))}</td>
              <td>{m.marketing ? mp.yes : <span className="muted" title={mp.notConsented}>—</span>}</td>
              <td>{mp.tiers[m.spendTier] ?? m.spendTier}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
