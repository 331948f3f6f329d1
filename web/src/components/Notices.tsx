import type { Dictionary } from '@/i18n/dictionary';
import type { Flash } from '@/lib/flash';
import type { UserErrorLike } from '@/lib/user-errors';
import { errorMessage } from './ErrorState';

/** `messages`: a page's own wording of a code that means something else elsewhere (INSUFFICIENT_BALANCE of stored value, not of a withdrawal). */
export const userErrorText = (t: Dictionary, e: UserErrorLike, messages?: Record<string, string>): string => messages?.[e.code] ?? t.userErrors[e.code] ?? e.message;

/** The errors a mutation returned for one field or line, shown right under it. */
export function FieldErrors({ t, errors, messages }: { t: Dictionary; errors: readonly UserErrorLike[]; messages?: Record<string, string> }) {
  if (errors.length === 0) return null;
  return (
    <ul className="field-errors" role="alert">
      {errors.map((e, i) => (
        <li key={`${e.code}-${i}`} data-testid="field-error" data-code={e.code} title={e.message}>
          {userErrorText(t, e, messages)}
        </li>
      ))}
    </ul>
  );
}

/**
 * What the last form post did: a success line, the failed call's stable code, or the userErrors that no
 * field on the page claims (`unclaimed`; all of them when left out).
 */
export function FlashNotice({
  t,
  flash,
  ok,
  unclaimed,
  heading,
  messages,
}: {
  t: Dictionary;
  flash: Flash | undefined;
  ok?: Record<string, string>;
  unclaimed?: readonly UserErrorLike[];
  heading?: string;
  messages?: Record<string, string>;
}) {
  if (!flash) return null;
  if (flash.ok) {
    return (
      <p className="notice notice-ok" role="status" data-testid="flash-ok" data-ok={flash.ok}>
        {ok?.[flash.ok] ?? flash.ok}
      </p>
    );
  }
  if (flash.code) {
    return (
      <div className="notice notice-error" role="alert" data-testid="flash-error" data-error-code={flash.code}>
        <p>{errorMessage(t, flash.code)}</p>
        <p className="muted small">
          {t.errors.reference}: {flash.code}
        </p>
      </div>
    );
  }
  const errors = unclaimed ?? flash.errors ?? [];
  if (!flash.errors?.length) return null;
  return (
    <div className="notice notice-error" role="alert" data-testid="flash-error">
      {heading && <p>{heading}</p>}
      {errors.length > 0 && (
        <ul>
          {errors.map((e, i) => (
            <li key={`${e.code}-${i}`} data-testid="user-error" data-code={e.code} title={e.message}>
              {userErrorText(t, e, messages)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** An order's state as a coloured tag. */
export function StatusTag({ t, status, awaitingPayment }: { t: Dictionary; status: string; awaitingPayment?: boolean }) {
  const label = awaitingPayment ? t.orders.awaitingPayment : (t.orders.status[status] ?? status);
  return (
    <span className={`tag status-tag status-${status.toLowerCase()}`} data-testid="order-status" data-status={status}>
      {label}
    </span>
  );
}
