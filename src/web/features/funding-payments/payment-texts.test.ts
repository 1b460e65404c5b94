import { describe, expect, it } from 'vitest';
import { emptyI18n, expectMatchingTexts } from '../../locales/texts-test-kit.ts';
import { FUNDING_PAYMENT_TEXTS, registerFundingPaymentTexts } from './payment-texts.ts';

describe('the payment and forwarding pages’ texts', () => {
  it('have the same keys and placeholders in German and English, and no empty text', () => {
    expectMatchingTexts(FUNDING_PAYMENT_TEXTS.de, FUNDING_PAYMENT_TEXTS.en);
  });

  it('are registered under "fundingPayments" in both languages', async () => {
    const i18n = await emptyI18n();
    registerFundingPaymentTexts(i18n);
    expect(i18n.t('fundingPayments.requestForm.rule', { months: 2, date: '15.05.2021' })).toContain(
      'innerhalb von 2 Monaten',
    );
    expect(i18n.t('fundingPayments.requestForm.rule', { months: 2, date: '15.05.2021', lng: 'en' })).toContain(
      'on 15.05.2021 at the latest',
    );
  });
});
