/** The portal's languages and how a cookie or header value is read as one (no strings: cheap to import anywhere). */
export type Lang = 'zh' | 'en';
export const LANGS: readonly Lang[] = ['zh', 'en'];
export const DEFAULT_LANG: Lang = 'zh';
export const LANG_COOKIE = 'lang';

export function parseLang(value: string | undefined | null): Lang {
  return value === 'en' ? 'en' : DEFAULT_LANG;
}
