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

/** What she types to erase her membership (the members subgraph also takes `ERASE`). */
export const ERASE_CONFIRMATION = '确认注销';

/** The export as she downloads it: one object, each subgraph's document parsed. */
export interface MyDataExport {
  exportedAt: string | null;
  memberId: string | null;
  members: unknown;
  merchants: unknown;
  promotions: unknown;
  commissions: unknown;
}

export interface ExportPayloadLike {
  exportedAt?: unknown;
  member?: { id: string; heldByMembers?: string | null; heldByMerchants?: string | null; heldByPromotions?: string | null; heldByCommissions?: string | null } | null;
}

/**
 * A subgraph's document, parsed. One that is not JSON is kept as its text (her export must not lose
 * what a subgraph said); a subgraph that said nothing is null.
 */
export function parseHeld(doc: string | null | undefined): unknown {
  if (doc == null || doc === '') return null;
  try {
    return JSON.parse(doc) as unknown;
  } catch {
    return { unparsed: doc };
  }
}

export function combineExport(payload: ExportPayloadLike): MyDataExport {
  const m = payload.member;
  return {
    exportedAt: typeof payload.exportedAt === 'string' ? payload.exportedAt : null,
    memberId: m?.id ?? null,
    members: parseHeld(m?.heldByMembers),
    merchants: parseHeld(m?.heldByMerchants),
    promotions: parseHeld(m?.heldByPromotions),
    commissions: parseHeld(m?.heldByCommissions),
  };
}

/** `my-data-2026-11-29.json`: the date of the export in China time (the day she sees on her phone). */
export function exportFileName(exportedAt: string | null, nowMs: number): string {
  const parsed = exportedAt ? Date.parse(exportedAt) : NaN;
  const ms = Number.isNaN(parsed) ? nowMs : parsed;
  return `my-data-${new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10)}.json`;
}
