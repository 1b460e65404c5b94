import { describe, expect, it } from 'vitest';
import { emptyI18n, expectMatchingTexts } from '../../locales/texts-test-kit.ts';
import { FUNDING_PROOF_TEXTS, registerFundingProofTexts } from './proof-texts.ts';

describe('the proof-of-use pages’ texts', () => {
  it('have the same keys and placeholders in German and English, and no empty text', () => {
    expectMatchingTexts(FUNDING_PROOF_TEXTS.de, FUNDING_PROOF_TEXTS.en);
  });

  it('are registered under "fundingProofs" in both languages', async () => {
    const i18n = await emptyI18n();
    registerFundingProofTexts(i18n);
    expect(i18n.t('fundingProofs.kind.interimOf', { year: '2021' })).toBe('Zwischennachweis 2021');
    expect(i18n.t('fundingProofs.kind.interimOf', { year: '2021', lng: 'en' })).toBe('Interim statement 2021');
  });
});
