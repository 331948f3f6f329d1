import type { Dictionary } from '@/i18n/dictionary';
import { ActionForm } from './ActionForm';

/** Approve all, approve an amount, or reject a refund request: the shop's desk and the admin's escalations. */
export function RefundDecisionForm({ t, action, refundId, back, op = 'refund' }: { t: Dictionary; action: string; refundId: string; back: string; op?: string }) {
  return (
    <ActionForm action={action} className="inline-fields" fields={{ op, refundId, back }}>
      <label className="small">
        <input type="checkbox" name="restock" value="true" /> {t.desk.restock}
      </label>
      <input name="note" maxLength={200} placeholder={t.desk.note} aria-label={t.desk.note} data-testid="refund-note" />
      <button type="submit" name="decision" value="full" className="button button-sm" data-testid="refund-approve">
        {t.desk.approveFull}
      </button>
      <input name="amountYuan" inputMode="decimal" size={7} placeholder={t.desk.amountYuan} aria-label={t.desk.amountYuan} data-testid="refund-amount-input" />
      <button type="submit" name="decision" value="part" className="button button-ghost button-sm" data-testid="refund-approve-part">
        {t.desk.approveAmount}
      </button>
      <button type="submit" name="decision" value="reject" className="button button-ghost button-sm" data-testid="refund-reject">
        {t.desk.reject}
      </button>
    </ActionForm>
  );
}
