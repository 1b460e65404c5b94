// The texts of the funding hub, programmes and budgets travel with their chunk, not with the initial bundle:
// de.ts and en.ts only type them. Added to the i18next instance before any page of the chunk renders.
import type { i18n as I18n } from 'i18next';
import { getI18n } from 'react-i18next';
import { fundingProgrammesDe } from '../../locales/de/funding-programmes.ts';
import { fundingProgrammesEn } from '../../locales/en/funding-programmes.ts';

export const FUNDING_PROGRAMME_TEXTS = { de: fundingProgrammesDe, en: fundingProgrammesEn } as const;

/** Adds the texts under `fundingProgrammes` in every language (later calls change nothing). */
export function registerFundingProgrammeTexts(i18n: I18n = getI18n()): void {
  for (const [language, texts] of Object.entries(FUNDING_PROGRAMME_TEXTS)) {
    i18n.addResourceBundle(language, 'translation', { fundingProgrammes: texts }, true, false);
  }
}
