// The innovation fund's texts travel with its pages (their own chunk), not in the initial bundle: de.ts and
// en.ts only type them. They are added to the i18next instance before any page of the chunk renders.
import type { i18n as I18n } from 'i18next';
import { innovationFundDe } from '../../locales/de/innovation-fund.ts';
import { innovationFundEn } from '../../locales/en/innovation-fund.ts';

export const INNOVATION_TEXTS = { de: innovationFundDe, en: innovationFundEn } as const;

/** Adds the texts under `innovation` in every language (later calls change nothing). */
export function registerInnovationTexts(i18n: I18n): void {
  for (const [language, texts] of Object.entries(INNOVATION_TEXTS)) {
    i18n.addResourceBundle(language, 'translation', { innovation: texts }, true, false);
  }
}
