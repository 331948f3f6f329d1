import type { Metadata } from 'next';
import { cache } from 'react';
import { CopyLinkButton } from '@/components/CopyLinkButton';
import { ErrorState } from '@/components/ErrorState';
import { FieldErrors, FlashNotice } from '@/components/Notices';
import { StatePanel } from '@/components/StatePanel';
import type { Dictionary, Lang } from '@/i18n/dictionary';
import { getI18n } from '@/i18n/server';
import { getAccessToken, getPrincipal } from '@/lib/auth';
import { getCommunityGroup, type CommunityGroupView, type GroupMixView } from '@/lib/community-api';
import { POST_KINDS, groupPathOf, mixRows } from '@/lib/community-view';
import { formatDateTime } from '@/lib/datetime';
import { errorCode } from '@/lib/gateway';
import { getFlash } from '@/lib/page-state';
import { isGroupLeader } from '@/lib/principal';
import { qrDataUri } from '@/lib/qr';
import { errorsAt, unclaimedErrors, type UserErrorLike } from '@/lib/user-errors';
import { ActionForm } from '@/components/ActionForm';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** One read per request for the page and its title. */
const loadGroup = cache((id: string) => getCommunityGroup(id));

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { t } = await getI18n();
  const { id } = await params;
  const group = /^[A-Za-z0-9_:-]{1,80}$/.test(id) ? await loadGroup(id).catch(() => null) : null;
  return { title: group ? `${group.name} · ${t.community.title}` : t.community.title };
}

/**
 * One community group, the page its share link and QR open: name, interest, leader, members, join or
 * leave; the leader's posts for its members; its share link and QR. Its leader also gets the post form and
 * the mix of posts against 70/20/10 with advice (the members subgraph sends the mix to the leader only).
 */
export default async function CommunityGroupPage({ params, searchParams }: Props) {
  const { t, lang } = await getI18n();
  const c = t.community;
  const { id } = await params;
  const query = await searchParams;
  const self = `/community/${encodeURIComponent(id)}`;
  if (!/^[A-Za-z0-9_:-]{1,80}$/.test(id)) return <StatePanel testId="group-not-found" icon="?" title={c.errors.UNKNOWN_GROUP!} actions={[{ href: '/community', label: c.backToList }]} />;
  const signedIn = Boolean(await getAccessToken());
  const flash = await getFlash(query.flash);
  let group: CommunityGroupView | null;
  let qr: string;
  try {
    group = await loadGroup(id);
    if (!group) return <StatePanel testId="group-not-found" icon="?" title={c.errors.UNKNOWN_GROUP!} actions={[{ href: '/community', label: c.backToList }]} />;
    qr = await qrDataUri(group.shareUrl);
  } catch (err) {
    return <ErrorState t={t} code={errorCode(err)} retryHref={self} />;
  }
  // The mix comes to the group's leader (and admins); only a group leader can post.
  const leads = group.mix !== null && isGroupLeader(await getPrincipal());
  const postErrors = flash?.values?.form === 'post' ? (flash.errors ?? []) : [];
  const here = groupPathOf(group.shareUrl, group.id);

  return (
    <div className="page community-group-page" data-testid="community-group" data-group-id={group.id} data-joined={group.joined === true} data-member-count={group.memberCount} data-leads={leads}>
      <a href="/community" className="back-link">
        ‹ {c.backToList}
      </a>
      <h1 className="page-title" data-testid="group-name">
        {group.name}
      </h1>
      <FlashNotice t={t} flash={flash} ok={c.ok} messages={c.errors} unclaimed={unclaimedErrors(flash?.errors ?? [], postErrors.length ? [['text'], ['promotionId'], ['kind']] : [])} />
      <section className="panel">
        <p>
          <span className="tag">{group.interest}</span> {group.neighborhood}
        </p>
        <p className="small">
          {c.leader}: <strong data-testid="group-leader">{group.leaderName}</strong> · <span data-testid="group-members">{c.members(group.memberCount)}</span>
        </p>
        {!signedIn ? (
          <a className="button" href={`/auth/login?returnTo=${encodeURIComponent(self)}`} data-testid="group-login-to-join">
            {c.loginToJoin}
          </a>
        ) : (
          <ActionForm action="/community/action" className="inline-form" fields={{ op: group.joined ? 'leave' : 'join', groupId: group.id, back: self }}>
            {group.joined ? (
              <>
                <span className="tag">{c.joined}</span>{' '}
                <button type="submit" className="button button-ghost button-sm" data-testid="group-leave">
                  {c.leave}
                </button>
              </>
            ) : (
              <button type="submit" className="button" data-testid="group-join">
                {c.join}
              </button>
            )}
          </ActionForm>
        )}
      </section>

      {leads && group.mix && <MixPanel t={t} mix={group.mix} />}
      {leads && <PostForm t={t} groupId={group.id} back={self} values={flash?.values?.form === 'post' ? flash.values : {}} errors={postErrors} />}

      <section className="panel" data-testid="group-posts">
        <h2>{c.posts}</h2>
        {group.posts.length === 0 ? (
          <p className="muted" data-testid="group-posts-empty">
            {group.joined || leads ? c.noPosts : c.membersOnly}
          </p>
        ) : (
          <Posts t={t} lang={lang} posts={group.posts} />
        )}
      </section>

      <section className="panel share-link-panel" data-testid="group-share">
        <h2>{c.share}</h2>
        <p className="small muted">{c.shareHint}</p>
        <div className="inline-fields">
          <input readOnly value={group.shareUrl} aria-label={c.share} className="share-url" data-testid="group-share-url" />
          <CopyLinkButton url={group.shareUrl} label={c.copy} copiedLabel={c.copied} failedLabel={c.copyFailed} />
        </div>
        {/* Drawn on the server from shareUrl: an image, so no markup of it enters the page. */}
        <img className="share-qr" src={qr} width={192} height={192} alt={c.qrAlt} data-testid="group-share-qr" data-path={here} />
      </section>
    </div>
  );
}

function Posts({ t, lang, posts }: { t: Dictionary; lang: Lang; posts: CommunityGroupView['posts'] }) {
  const c = t.community;
  return (
    <ul className="group-posts">
      {posts.map((p) => (
        <li key={p.id} className="group-post" data-testid="group-post" data-post-id={p.id} data-kind={p.kind}>
          <p>
            <span className={p.kind === 'PROMOTION' ? 'tag tag-promo' : 'tag'}>{c.kinds[p.kind] ?? p.kind}</span> <span data-testid="group-post-text">{p.text}</span>
          </p>
          {p.promotionId && (
            <p className="small">
              <code data-testid="group-post-promotion">{p.promotionId}</code>
            </p>
          )}
          <p className="small muted">
            {p.by} · {formatDateTime(p.at, lang)}
          </p>
        </li>
      ))}
    </ul>
  );
}

/** The leader's mix of posts against 70/20/10, kind by kind, and the advice in words. */
function MixPanel({ t, mix }: { t: Dictionary; mix: GroupMixView }) {
  const m = t.community.mix;
  return (
    <section className="panel" data-testid="group-mix" data-total={mix.total} data-advice={mix.advice} data-value={mix.value} data-interaction={mix.interaction} data-promotion={mix.promotion}>
      <h2>
        {m.title} <span className="small muted">· {m.total(mix.total)}</span>
      </h2>
      <p className="small muted">{m.hint}</p>
      <table className="promo-funding small" data-testid="group-mix-table">
        <thead>
          <tr>
            <th />
            <th>{m.now}</th>
            <th>{m.guideline}</th>
          </tr>
        </thead>
        <tbody>
          {mixRows(mix).map((r) => (
            <tr key={r.kind} data-kind={r.kind} data-percent={r.percent}>
              <th scope="row">{t.community.kinds[r.kind]}</th>
              <td className={Math.abs(r.gap) > 10 ? 'warn' : undefined}>{r.percent}%</td>
              <td className="muted">{r.guideline}%</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className={mix.advice === 'BALANCED' ? 'notice notice-ok' : 'notice'} data-testid="group-mix-advice">
        {m.advice[mix.advice] ?? mix.advice}
      </p>
    </section>
  );
}

/** The leader's post form: kind (with the guideline share of each), text, and a live promotion's id for an offer. */
function PostForm({ t, groupId, back, values, errors }: { t: Dictionary; groupId: string; back: string; values: Record<string, string>; errors: readonly UserErrorLike[] }) {
  const c = t.community;
  const f = c.postForm;
  const kind = values.kind ?? 'VALUE';
  return (
    <ActionForm action="/community/action" className="panel stack-form" data-testid="group-post-form" fields={{ op: 'post', groupId, back }}>
      <h2>{f.title}</h2>
      <fieldset>
        <legend className="small muted">{f.kind}</legend>
        {POST_KINDS.map((k) => (
          <label key={k} className="choice choice-block">
            <input type="radio" name="kind" value={k} defaultChecked={k === kind} data-testid={`post-kind-${k}`} />
            <span>
              {c.kinds[k]} <span className="small muted">{c.kindHints[k]}</span>
            </span>
          </label>
        ))}
        <FieldErrors t={t} errors={errorsAt(errors, 'kind')} messages={c.errors} />
      </fieldset>
      <label className="field">
        <span>{f.text}</span>
        <textarea name="text" required maxLength={1000} rows={3} defaultValue={values.text ?? ''} placeholder={f.textPlaceholder} data-testid="post-text" />
        <FieldErrors t={t} errors={errorsAt(errors, 'text')} messages={c.errors} />
      </label>
      <label className="field">
        <span>
          {f.promotionId} <span className="small muted">{f.promotionHint}</span>
        </span>
        <input name="promotionId" maxLength={80} defaultValue={values.promotionId ?? ''} data-testid="post-promotion-id" />
        <FieldErrors t={t} errors={errorsAt(errors, 'promotionId')} messages={c.errors} />
      </label>
      <button type="submit" className="button" data-testid="post-submit">
        {f.submit}
      </button>
    </ActionForm>
  );
}
