// The texts of the case pages travel with the pages' chunks, not with the initial bundle (budget: 250 KB
// gzip): each lazily loaded entry point (case-pages.tsx, the start page's caseload) registers them with the
// running i18next instance before its first render. Both languages at once, so that switching needs no load.
import type { i18n as I18n } from 'i18next';
import { getI18n } from 'react-i18next';
import { casesPagesDe } from '../../locales/de/cases-pages.ts';
import { casesPagesEn } from '../../locales/en/cases-pages.ts';

/** Adds the case pages' texts under `cases` (merged with the shell's texts there); idempotent. */
export function registerCaseTexts(i18n: I18n = getI18n()): void {
  if (i18n.exists('cases.caseload.title', { lng: 'de' })) return;
  i18n.addResourceBundle('de', 'translation', { cases: casesPagesDe }, true, false);
  i18n.addResourceBundle('en', 'translation', { cases: casesPagesEn }, true, false);
}
