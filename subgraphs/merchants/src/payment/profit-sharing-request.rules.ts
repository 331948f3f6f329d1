/**
 * What WeChat Pay refuses of profit-sharing calls (请求分账, 分账回退, 添加分账接收方), refused before
 * anything is sent, by the sandbox too. Limits from the v3 partner API: out_order_no / out_return_no
 * 1–64 of `[0-9A-Za-z_-|*@]`, 1–50 receivers a request, amounts whole fen ≥ 1, descriptions ≤ 80
 * characters, and the paying sub-merchant can never be its own receiver.
 */
import { isFen, REFUND_NO } from './payment-request.rules.js';
import type { ProfitSharingReceiverRegistration, ProfitSharingRequest, ProfitSharingReturnRequest } from './payment-provider.js';

/** `out_order_no` and `out_return_no` share the character set and length of `out_refund_no`. */
export const SHARING_NO = REFUND_NO;
export const MAX_RECEIVERS = 50;
export const DESCRIPTION_CHARS = 80;
const ACCOUNT = /^[0-9A-Za-z_-]{1,64}$/;

const descriptionProblem = (field: string, text: string): string[] => {
  const chars = [...text].length;
  return chars === 0 || chars > DESCRIPTION_CHARS ? [`${field} must be 1–${DESCRIPTION_CHARS} characters, got ${chars}`] : [];
};

export function profitSharingProblems(req: ProfitSharingRequest): string[] {
  const problems: string[] = [];
  if (!SHARING_NO.test(req.outOrderNo)) problems.push(`outOrderNo "${req.outOrderNo}" must be 1–64 of [0-9A-Za-z_-|*@]`);
  if (!req.subMerchantId) problems.push('subMerchantId is required');
  if (!/^[0-9A-Za-z_-]{1,32}$/.test(req.transactionId)) problems.push(`transactionId "${req.transactionId}" must be 1–32 characters`);
  if (req.receivers.length === 0 || req.receivers.length > MAX_RECEIVERS) problems.push(`a sharing has 1–${MAX_RECEIVERS} receivers, got ${req.receivers.length}`);
  const seen = new Set<string>();
  for (const [i, r] of req.receivers.entries()) {
    if (!ACCOUNT.test(r.account)) problems.push(`receivers[${i}].account "${r.account}" must be 1–64 of [0-9A-Za-z_-]`);
    if (r.type === 'MERCHANT_ID' && r.account === req.subMerchantId) problems.push(`receivers[${i}] is the paying sub-merchant itself`);
    const key = `${r.type}:${r.account}`;
    if (seen.has(key)) problems.push(`receivers[${i}] ${key} appears twice; add the amounts up`);
    seen.add(key);
    if (!isFen(r.amountFen)) problems.push(`receivers[${i}].amountFen must be a positive whole number of fen, got ${r.amountFen}`);
    problems.push(...descriptionProblem(`receivers[${i}].description`, r.description));
  }
  return problems;
}

export function profitSharingReturnProblems(req: ProfitSharingReturnRequest): string[] {
  const problems: string[] = [];
  if (!SHARING_NO.test(req.outReturnNo)) problems.push(`outReturnNo "${req.outReturnNo}" must be 1–64 of [0-9A-Za-z_-|*@]`);
  if (!SHARING_NO.test(req.outOrderNo)) problems.push(`outOrderNo "${req.outOrderNo}" must be 1–64 of [0-9A-Za-z_-|*@]`);
  if (!req.subMerchantId) problems.push('subMerchantId is required');
  if (!ACCOUNT.test(req.returnMerchantId)) problems.push(`returnMerchantId "${req.returnMerchantId}" must be a merchant number`);
  if (req.returnMerchantId === req.subMerchantId) problems.push('the paying sub-merchant cannot return to itself');
  if (!isFen(req.amountFen)) problems.push(`amountFen must be a positive whole number of fen, got ${req.amountFen}`);
  problems.push(...descriptionProblem('description', req.description));
  return problems;
}

export function receiverRegistrationProblems(reg: ProfitSharingReceiverRegistration): string[] {
  const problems: string[] = [];
  if (!reg.subMerchantId) problems.push('subMerchantId is required');
  if (!ACCOUNT.test(reg.account)) problems.push(`account "${reg.account}" must be 1–64 of [0-9A-Za-z_-]`);
  if (reg.type === 'MERCHANT_ID' && reg.account === reg.subMerchantId) problems.push('a sub-merchant cannot be its own receiver');
  // WeChat checks a merchant receiver's full name against its registration; it cannot be left out.
  if (reg.type === 'MERCHANT_ID' && !reg.name.trim()) problems.push('name (the merchant\'s full registered name) is required for a MERCHANT_ID receiver');
  return problems;
}
