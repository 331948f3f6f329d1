import { cookies } from 'next/headers';
import { getDictionary, LANG_COOKIE, parseLang, type Dictionary, type Lang } from './dictionary';

/** Language of the current request, from the `lang` cookie (zh by default). */
export async function getLang(): Promise<Lang> {
  const store = await cookies();
  return parseLang(store.get(LANG_COOKIE)?.value);
}

export async function getI18n(): Promise<{ lang: Lang; t: Dictionary }> {
  const lang = await getLang();
  return { lang, t: getDictionary(lang) };
}
