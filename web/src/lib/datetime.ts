/** Dates as the alliance's shoppers read them: Beijing time, in the page's language. */
import type { Lang } from '@/i18n/dictionary';

const TZ = 'Asia/Shanghai';

/** `iso` is a DateTime scalar (an ISO-8601 string; typed unknown by codegen). */
export function formatDateTime(iso: unknown, lang: Lang): string {
  if (typeof iso !== 'string' || !iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: TZ,
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(d);
}

/** Today's date in Beijing as YYYY-MM-DD (the leader's default day). */
export function todayInShanghai(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
