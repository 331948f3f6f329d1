/**
 * The refund decision form (approve all / approve an amount / reject), shared by the shop's order desk and
 * the alliance admin's escalations: the same mutation, whose server decides who may decide which request.
 */
import { decideRefund } from './desk-api';
import { text, type FormOutcome } from './form-post';
import { yuanToFen } from './money';

export async function decideRefundFromForm(form: FormData, back: string): Promise<FormOutcome> {
  const decision = text(form, 'decision', 10);
  const amountFen = decision === 'part' ? yuanToFen(text(form, 'amountYuan', 16)) : undefined;
  if (decision === 'part' && amountFen === undefined) {
    return { to: back, flash: { errors: [{ code: 'INVALID_AMOUNT', message: 'amount', field: ['amountFen'] }] } };
  }
  const payload = await decideRefund({
    refundId: text(form, 'refundId', 80),
    approve: decision !== 'reject',
    amountFen: amountFen ?? null,
    restock: text(form, 'restock', 5) === 'true',
    note: text(form, 'note', 200) || null,
  });
  return { to: back, flash: payload.userErrors.length ? { errors: payload.userErrors } : { ok: decision === 'reject' ? 'rejected' : 'approved' } };
}
