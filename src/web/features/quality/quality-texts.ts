// The quality pages' texts travel with the pages (their own chunk), not in the initial bundle: de.ts and en.ts
// only type them. They are added to the i18next instance when this module loads, before any page renders.
import type { i18n as I18n } from 'i18next';
import { qualityDe } from '../../locales/de/quality.ts';
import { qualityEn } from '../../locales/en/quality.ts';

export const QUALITY_TEXTS = { de: qualityDe, en: qualityEn } as const;

/** Adds the texts under `quality` in every language (later calls change nothing). */
export function registerQualityTexts(i18n: I18n): void {
  for (const [language, texts] of Object.entries(QUALITY_TEXTS)) {
    i18n.addResourceBundle(language, 'translation', { quality: texts }, true, false);
  }
}
