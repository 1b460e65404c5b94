// The payment and forwarding pages' texts travel with the pages (their own chunk), not in the initial bundle:
// de.ts and en.ts only type them. They are added to the i18next instance when this module loads.
import type { i18n as I18n } from 'i18next';
import { fundingPaymentsDe } from '../../locales/de/funding-payments.ts';
import { fundingPaymentsEn } from '../../locales/en/funding-payments.ts';

export const FUNDING_PAYMENT_TEXTS = { de: fundingPaymentsDe, en: fundingPaymentsEn } as const;

/** Adds the texts under `fundingPayments` in every language (later calls change nothing). */
export function registerFundingPaymentTexts(i18n: I18n): void {
  for (const [language, texts] of Object.entries(FUNDING_PAYMENT_TEXTS)) {
    i18n.addResourceBundle(language, 'translation', { fundingPayments: texts }, true, false);
  }
}
