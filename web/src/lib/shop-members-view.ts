/**
 * The pure parts of a shop's 会员 page and its CSV: the filters as GET parameters, and an export row of
 * what the member consented to (a field she did not consent to arrives null and stays an empty cell).
 */
import { csvRow, textCell } from './csv';
import { fenToYuan } from './money';

export const SPEND_TIERS = ['LOW', 'MID', 'HIGH'] as const;
export const CONSENT_PURPOSES = ['PROFILE', 'ORDER_HISTORY', 'MARKETING'] as const;
export type SpendTierCode = (typeof SPEND_TIERS)[number];
export type PurposeCode = (typeof CONSENT_PURPOSES)[number];

export interface MemberFilter {
  neighborhood: string | null;
  spendTier: SpendTierCode | null;
  purpose: PurposeCode | null;
  /** An interest of her groups (宝妈, 健身, …); PROFILE. Left out when not filtered by. */
  interest?: string | null;
}

type Query = Record<string, string | string[] | undefined> | URLSearchParams;

function param(query: Query, name: string): string | undefined {
  if (query instanceof URLSearchParams) return query.get(name) ?? undefined;
  const v = query[name];
  return Array.isArray(v) ? v[0] : v;
}

const oneOf = <T extends string>(values: readonly T[], v: string | undefined): T | null => (v && (values as readonly string[]).includes(v) ? (v as T) : null);

/** The filters of the page's GET form; anything unknown is ignored rather than refused. */
export function parseMemberFilter(query: Query): MemberFilter {
  const neighborhood = (param(query, 'neighborhood') ?? '').trim().slice(0, 40);
  const interest = (param(query, 'interest') ?? '').trim().slice(0, 20);
  return {
    neighborhood: neighborhood || null,
    spendTier: oneOf(SPEND_TIERS, param(query, 'tier')),
    purpose: oneOf(CONSENT_PURPOSES, param(query, 'purpose')),
    ...(interest ? { interest } : {}),
  };
}

/** A cursor from the URL, bounded; null when absent or implausible. */
export function parseAfter(query: Query): string | null {
  const v = param(query, 'after');
  return v && v.length <= 300 ? v : null;
}

/** `shop=…&neighborhood=…&tier=…&purpose=…[&after=…]`, for links and the CSV export. */
export function memberFilterQuery(shop: string, filter: MemberFilter, after?: string | null): string {
  const p = new URLSearchParams({ shop });
  if (filter.neighborhood) p.set('neighborhood', filter.neighborhood);
  if (filter.spendTier) p.set('tier', filter.spendTier);
  if (filter.purpose) p.set('purpose', filter.purpose);
  if (filter.interest) p.set('interest', filter.interest);
  if (after) p.set('after', after);
  return p.toString();
}

export const isFiltered = (f: MemberFilter): boolean => Boolean(f.neighborhood || f.spendTier || f.purpose || f.interest);

/** What the export needs of a shop member (a structural subset of the gateway's ShopMember). */
export interface CsvShopMember {
  id: string;
  purposes: readonly string[];
  /** DateTime scalar: an ISO-8601 string. */
  since: unknown;
  name: string | null;
  phone: string | null;
  neighborhood: string | null;
  ordersElsewhere: number | null;
  spendElsewhere: number | null;
  marketing: boolean;
  spendTier: string;
  /** PROFILE: the interests of her groups (null without PROFILE). */
  interests?: readonly string[] | null;
}

export const SHOP_MEMBER_CSV_COLUMNS = {
  zh: ['会员编号', '授权内容', '授权时间', '姓名', '手机', '小区', '在联盟其他店的订单数', '在联盟其他店的消费（元）', '接收营销消息', '本店消费档位', '兴趣'],
  en: ['Member', 'Consented to', 'Since', 'Name', 'Phone', 'Neighbourhood', 'Orders at other shops', 'Spend at other shops (yuan)', 'Marketing', 'Spend tier here', 'Interests'],
} as const;

export function shopMemberCsvRow(m: CsvShopMember): string {
  return csvRow([
    m.id,
    m.purposes.join(' '),
    typeof m.since === 'string' ? m.since : '',
    m.name,
    m.phone === null ? null : textCell(m.phone),
    m.neighborhood,
    m.ordersElsewhere,
    m.spendElsewhere === null ? null : fenToYuan(m.spendElsewhere),
    m.marketing ? 'Y' : 'N',
    m.spendTier,
    m.interests ? m.interests.join(' ') : null,
  ]);
}
