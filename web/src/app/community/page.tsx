import type { Metadata } from 'next';
import { ErrorState } from '@/components/ErrorState';
import { FieldErrors, FlashNotice } from '@/components/Notices';
import type { Dictionary } from '@/i18n/dictionary';
import { getI18n } from '@/i18n/server';
import { getAccessToken, getPrincipal } from '@/lib/auth';
import { getGroups, getHomeNeighborhood, type GroupSummaryView } from '@/lib/community-api';
import { SUGGESTED_INTERESTS } from '@/lib/community-view';
import { errorCode } from '@/lib/gateway';
import { getFlash } from '@/lib/page-state';
import { isAllianceAdmin, isGroupLeader } from '@/lib/principal';
import { errorsAt, unclaimedErrors, type UserErrorLike } from '@/lib/user-errors';
import { ActionForm } from '@/components/ActionForm';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.community.title };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };
const SELF = '/community';
const ALL = 'all';
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/**
 * 社群: the groups of her neighbourhood (her home 小区 when she set one), or of any or all, each with a
 * join button; group leaders and admins start a group here. Phone first.
 */
export default async function CommunityPage({ searchParams }: Props) {
  const { t } = await getI18n();
  const c = t.community;
  const query = await searchParams;
  const signedIn = Boolean(await getAccessToken());
  const principal = await getPrincipal();
  const flash = await getFlash(query.flash);
  const asked = (first(query.n) ?? '').trim().slice(0, 40);
  let neighborhood: string | null = asked && asked !== ALL ? asked : null;
  let groups: GroupSummaryView[];
  let neighborhoods: string[];
  try {
    if (!asked) neighborhood = await getHomeNeighborhood().catch(() => null);
    ({ groups, neighborhoods } = await getGroups(neighborhood));
  } catch (err) {
    return <ErrorState t={t} code={errorCode(err)} retryHref={SELF} />;
  }
  const here = neighborhood ? `${SELF}?n=${encodeURIComponent(neighborhood)}` : `${SELF}?n=${ALL}`;
  const canCreate = isGroupLeader(principal) || isAllianceAdmin(principal);
  const createErrors = flash?.values?.form === 'create' ? (flash.errors ?? []) : [];

  return (
    <div className="page community-page" data-testid="community-page" data-neighborhood={neighborhood ?? ''}>
      <h1 className="page-title">{c.title}</h1>
      <FlashNotice t={t} flash={flash} ok={c.ok} messages={c.errors} unclaimed={unclaimedErrors(flash?.errors ?? [], createErrors.length ? [['input']] : [])} />
      <p className="small muted">{c.intro}</p>
      <nav className="chips" data-testid="community-neighborhoods">
        <a href={`${SELF}?n=${ALL}`} className={neighborhood ? 'chip' : 'chip active'}>
          {c.allNeighborhoods}
        </a>
        {neighborhoods.map((n) => (
          <a key={n} href={`${SELF}?n=${encodeURIComponent(n)}`} className={n === neighborhood ? 'chip active' : 'chip'}>
            {n}
          </a>
        ))}
      </nav>

      {groups.length === 0 ? (
        <p className="panel muted" data-testid="community-empty">
          {neighborhood ? c.emptyFiltered : c.empty}
        </p>
      ) : (
        <ul className="panel favorite-list" data-testid="community-groups">
          {groups.map((g) => (
            <li key={g.id} data-testid="community-group" data-group-id={g.id} data-joined={g.joined === true}>
              <a href={`/community/${encodeURIComponent(g.id)}`} data-testid="community-group-link">
                <strong>{g.name}</strong>
                <span className="small muted block">
                  {g.neighborhood} · {c.interest}: {g.interest} · {c.leader}: {g.leaderName} · {c.members(g.memberCount)}
                </span>
              </a>
              {g.joined ? (
                <span className="tag">{c.joined}</span>
              ) : signedIn ? (
                <ActionForm action="/community/action" className="inline-form" fields={{ op: 'join', groupId: g.id, back: here }}>
                  <button type="submit" className="button button-sm" data-testid="community-join">
                    {c.join}
                  </button>
                </ActionForm>
              ) : (
                <a className="button button-ghost button-sm" href={`/auth/login?returnTo=${encodeURIComponent(`/community/${g.id}`)}`}>
                  {c.loginToJoin}
                </a>
              )}
            </li>
          ))}
        </ul>
      )}

      {canCreate && <CreateGroupForm t={t} neighborhoods={neighborhoods} values={flash?.values?.form === 'create' ? flash.values : {}} errors={createErrors} />}
    </div>
  );
}

/** 创建社群 (group leaders, admins): name, neighbourhood and interest; she becomes its leader. */
function CreateGroupForm({ t, neighborhoods, values, errors }: { t: Dictionary; neighborhoods: readonly string[]; values: Record<string, string>; errors: readonly UserErrorLike[] }) {
  const c = t.community.create;
  const messages = t.community.errors;
  return (
    <ActionForm action="/community/action" className="panel stack-form" data-testid="create-group-form" fields={{ op: 'create', back: SELF }}>
      <h2>{c.title}</h2>
      <p className="small muted">{c.hint}</p>
      <label className="field">
        <span>{c.name}</span>
        <input name="name" required maxLength={30} defaultValue={values.name ?? ''} placeholder={c.namePlaceholder} data-testid="create-group-name" />
        <FieldErrors t={t} errors={errorsAt(errors, 'input', 'name')} messages={messages} />
      </label>
      <label className="field">
        <span>{c.neighborhood}</span>
        <input name="neighborhood" required maxLength={40} list="community-neighborhoods" defaultValue={values.neighborhood ?? ''} data-testid="create-group-neighborhood" />
        <datalist id="community-neighborhoods">
          {neighborhoods.map((n) => (
            <option key={n} value={n} />
          ))}
        </datalist>
        <FieldErrors t={t} errors={errorsAt(errors, 'input', 'neighborhood')} messages={messages} />
      </label>
      <label className="field">
        <span>{c.interest}</span>
        <input name="interest" required maxLength={20} list="community-interests" defaultValue={values.interest ?? ''} data-testid="create-group-interest" />
        <datalist id="community-interests">
          {SUGGESTED_INTERESTS.map((i) => (
            <option key={i} value={i} />
          ))}
        </datalist>
        <FieldErrors t={t} errors={errorsAt(errors, 'input', 'interest')} messages={messages} />
      </label>
      <button type="submit" className="button" data-testid="create-group-submit">
        {c.submit}
      </button>
    </ActionForm>
  );
}
