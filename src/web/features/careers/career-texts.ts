// The measure-career texts travel with the participant page's section, the caseload and the careers pages (their
// chunks), not with the initial bundle. The enrolment tables name offer kinds and statuses with the offers texts.
import type { i18n as I18n } from 'i18next';
import { getI18n } from 'react-i18next';
import { careersDe } from '../../locales/de/careers.ts';
import { careersEn } from '../../locales/en/careers.ts';
import { registerOfferTexts } from '../offers/offer-texts.ts';

/** Adds the texts under `careers` in both languages (once; later calls change nothing). */
export function registerCareerTexts(i18n: I18n = getI18n(), options: { offers?: boolean } = {}): void {
  if (options.offers !== false) registerOfferTexts(i18n);
  if (i18n.exists('careers.section.title', { lng: 'de' })) return;
  i18n.addResourceBundle('de', 'translation', { careers: careersDe }, true, false);
  i18n.addResourceBundle('en', 'translation', { careers: careersEn }, true, false);
}
