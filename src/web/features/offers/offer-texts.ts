// The offers pages' texts travel with their chunks, not with the initial bundle (budget: 250 KB gzip): the
// offers chunk and the participant page (its enrolments section) register them before their first render.
// The forms of these pages reuse the case page's form kit, so the case texts are registered too.
import type { i18n as I18n } from 'i18next';
import { getI18n } from 'react-i18next';
import { offersDe } from '../../locales/de/offers.ts';
import { offersEn } from '../../locales/en/offers.ts';
import { registerCaseTexts } from '../cases/case-texts.ts';

/** Adds the texts under `offers` in both languages (once; later calls change nothing). */
export function registerOfferTexts(i18n: I18n = getI18n()): void {
  registerCaseTexts(i18n);
  if (i18n.exists('offers.catalogue.title', { lng: 'de' })) return;
  i18n.addResourceBundle('de', 'translation', { offers: offersDe }, true, false);
  i18n.addResourceBundle('en', 'translation', { offers: offersEn }, true, false);
}
