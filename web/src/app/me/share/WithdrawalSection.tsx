import { FieldErrors, FlashNotice } from '@/components/Notices';
import { WithdrawalList } from '@/components/WithdrawalList';
import type { Dictionary, Lang } from '@/i18n/dictionary';
import { errorCode } from '@/lib/gateway';
import { formatFen } from '@/lib/money';
import { randomToken } from '@/lib/oidc';
import { getFlash } from '@/lib/page-state';
import { errorsAt, unclaimedErrors } from '@/lib/user-errors';
import { getMyWithdrawals, type MyWithdrawalsData } from '@/lib/withdrawals-api';
import { ActionForm } from '@/components/ActionForm';

const ACTION = '/me/share/withdraw';

/**
 * 我的 → 推广, withdrawals: what she may withdraw, her payout identity (a form until she gives it, then
 * masked), a request form, and her withdrawals with their status. Its forms post to /me/share/withdraw,
 * which comes back here with a flash.
 */
export async function WithdrawalSection({ t, lang, flashId }: { t: Dictionary; lang: Lang; flashId: string | string[] | undefined }) {
  const w = t.withdrawals;
  let data: MyWithdrawalsData;
  try {
    data = await getMyWithdrawals();
  } catch (err) {
    return (
      <section className="panel" data-testid="withdrawals" data-error={errorCode(err)}>
        <h2>{w.title}</h2>
        <p className="muted">{t.errors.unavailable}</p>
      </section>
    );
  }
  const flash = await getFlash(flashId);
  const errors = flash?.errors ?? [];
  const e = data.myEarnings;
  const identity = e.payoutIdentity;
  const policy = data.commissionPolicy;
  const taxPercent = `${policy.taxBp / 100}%`;
  return (
    <section className="panel" data-testid="withdrawals" data-withdrawable-fen={e.withdrawable.amountFen} data-has-identity={identity ? 'true' : 'false'}>
      <h2>{w.title}</h2>
      <FlashNotice t={t} flash={flash} ok={w.ok} unclaimed={unclaimedErrors(errors, [['realName'], ['idNumber'], ['amountFen']])} />
      <dl className="earnings-totals">
        <div>
          <dt>{w.withdrawable}</dt>
          <dd className="price" data-testid="withdrawable">{formatFen(e.withdrawable.amountFen)}</dd>
        </div>
        <div>
          <dt>{w.paid}</dt>
          <dd className="price" data-testid="withdrawn">{formatFen(e.paid.amountFen)}</dd>
        </div>
        {e.receivable.amountFen > 0 && (
          <div>
            <dt>{w.receivable}</dt>
            <dd className="price negative" data-testid="receivable">{formatFen(-e.receivable.amountFen)}</dd>
          </div>
        )}
      </dl>
      <p className="small muted">{w.rules(formatFen(policy.withdrawalMinFen), taxPercent)}</p>

      <h3 className="small">{w.identity}</h3>
      {identity ? (
        <p className="small" data-testid="payout-identity">
          {identity.realNameMasked} · <code>{identity.idNumberMasked}</code>
        </p>
      ) : (
        <p className="small muted">{w.identityHint}</p>
      )}
      <details open={!identity || errorsAt(errors, 'realName').length + errorsAt(errors, 'idNumber').length > 0}>
        {identity && <summary className="small">{w.changeIdentity}</summary>}
        <ActionForm action={ACTION} className="stack-form" data-testid="payout-identity-form" fields={{ op: 'identity' }}>
          <label>
            {w.realName}
            <input name="realName" required maxLength={50} autoComplete="name" />
          </label>
          <FieldErrors t={t} errors={errorsAt(errors, 'realName')} />
          <label>
            {w.idNumber}
            <input name="idNumber" required maxLength={18} minLength={18} pattern="[0-9]{17}[0-9Xx]" autoComplete="off" />
          </label>
          <FieldErrors t={t} errors={errorsAt(errors, 'idNumber')} />
          <button type="submit" className="button">{w.saveIdentity}</button>
        </ActionForm>
      </details>

      {identity && (
        <ActionForm action={ACTION} className="inline-fields" data-testid="withdraw-form" fields={{ op: 'request', idempotencyKey: `wd-${randomToken(18)}` }}>
          <label>
            {w.amount}
            <input name="amount" required inputMode="decimal" pattern="\d{1,9}(\.\d{1,2})?" placeholder={(e.withdrawable.amountFen / 100).toFixed(2)} />
          </label>
          <button type="submit" className="button" disabled={e.withdrawable.amountFen < policy.withdrawalMinFen}>
            {w.request}
          </button>
          <FieldErrors t={t} errors={errorsAt(errors, 'amountFen')} />
        </ActionForm>
      )}

      <h3 className="small muted">{w.mine}</h3>
      {data.myWithdrawals.length === 0 ? (
        <p className="muted small" data-testid="withdrawals-empty">{w.none}</p>
      ) : (
        <WithdrawalList t={t} lang={lang} items={data.myWithdrawals} />
      )}
    </section>
  );
}
