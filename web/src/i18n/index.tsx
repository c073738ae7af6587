import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { en } from './en.ts';
import { ja, type Dict } from './ja.ts';

export type Lang = 'ja' | 'en';
export type { Dict };

const DICTS: Record<Lang, Dict> = { ja, en };
/** Autonyms: each language is named in itself, so they are deliberately not translated. */
export const LANGUAGES: { value: Lang; label: string }[] = [
  { value: 'ja', label: '日本語' },
  { value: 'en', label: 'English' },
];
const STORAGE_KEY = 'pva.lang';

function storedLang(): Lang {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return v === 'en' || v === 'ja' ? v : 'ja';
  } catch {
    return 'ja'; // storage can be disabled; Japanese is the default
  }
}

// Read outside React by the API client, which sends it as Accept-Language.
let current: Lang = storedLang();
export function currentLang(): Lang {
  return current;
}

interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: Dict;
  /** Picks the current language from a value the API returns in both ({ ja, en }). */
  pick: (value: { ja: string; en: string }) => string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(current);
  const setLang = useCallback((next: Lang) => {
    current = next;
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // not persisted, but still switched for this page
    }
    setLangState(next);
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const value = useMemo<I18n>(
    () => ({ lang, setLang, t: DICTS[lang], pick: (v) => v[lang] }),
    [lang, setLang],
  );
  return <I18nContext value={value}>{children}</I18nContext>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}
