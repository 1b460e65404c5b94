// The application and grant pages' texts travel with the pages (their own chunk), not in the initial bundle:
// de.ts and en.ts only type them. They are added to the i18next instance when this module loads.
import type { i18n as I18n } from 'i18next';
import { fundingApplicationsDe } from '../../locales/de/funding-applications.ts';
import { fundingApplicationsEn } from '../../locales/en/funding-applications.ts';

export const FUNDING_APPLICATION_TEXTS = { de: fundingApplicationsDe, en: fundingApplicationsEn } as const;

/** Adds the texts under `fundingApplications` in every language (later calls change nothing). */
export function registerFundingApplicationTexts(i18n: I18n): void {
  for (const [language, texts] of Object.entries(FUNDING_APPLICATION_TEXTS)) {
    i18n.addResourceBundle(language, 'translation', { fundingApplications: texts }, true, false);
  }
}
