/**
 * The pure parts of 我的 → 隐私: the line saying exactly what a shop would receive, and reading the
 * consent form's fields.
 */
import { CONSENT_PURPOSES, type PurposeCode } from './shop-members-view';

export interface ReceivedField {
  key: string;
  value: string | null;
}

/**
 * "姓名 Alice Wang、手机 未填写、在联盟其他店的消费 ¥12.50": each field's label and her own value as the shop
 * would see it. `spendElsewhere` comes as a yuan string; `messages` is a permission, not a value.
 */
export function receivesLine(fields: readonly ReceivedField[], labels: Record<string, string>, notFilled: string, lang: 'zh' | 'en'): string {
  const parts = fields.map((f) => {
    const label = labels[f.key] ?? f.key;
    if (f.key === 'messages') return label;
    const value = f.value === null || f.value === '' ? notFilled : f.key === 'spendElsewhere' ? `¥${f.value}` : f.value;
    return `${label} ${value}`;
  });
  return parts.join(lang === 'en' ? ', ' : '、');
}

export type ConsentChange = { grant: boolean; merchantId: string; purpose: PurposeCode };

/** The consent form (op, merchantId, purpose), or null when it is not one. */
export function parseConsentForm(get: (name: string) => string): ConsentChange | null {
  const op = get('op');
  const merchantId = get('merchantId');
  const purpose = get('purpose');
  if (op !== 'grant' && op !== 'revoke') return null;
  if (!/^[A-Za-z0-9_-]{1,80}$/.test(merchantId)) return null;
  if (!(CONSENT_PURPOSES as readonly string[]).includes(purpose)) return null;
  return { grant: op === 'grant', merchantId, purpose: purpose as PurposeCode };
}

/** A member id as it may appear in a guardian's link (the members subgraph checks it exactly). */
export const GUARDIAN_MEMBER_ID = /^[A-Za-z0-9_-]{1,64}$/;
