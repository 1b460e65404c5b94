import { describe, expect, it } from 'vitest';
import { emptyI18n, expectMatchingTexts } from '../../locales/texts-test-kit.ts';
import { FUNDING_PROGRAMME_TEXTS, registerFundingProgrammeTexts } from './funding-programme-texts.ts';

describe('the funding programme pages’ texts', () => {
  it('have the same keys and placeholders in German and English, and no empty text', () => {
    expectMatchingTexts(FUNDING_PROGRAMME_TEXTS.de, FUNDING_PROGRAMME_TEXTS.en);
  });

  it('are registered under "fundingProgrammes" in both languages, with plurals', async () => {
    const i18n = await emptyI18n();
    registerFundingProgrammeTexts(i18n);
    expect(i18n.t('fundingProgrammes.hub.title')).toBe('Förderung');
    expect(i18n.t('fundingProgrammes.hub.title', { lng: 'en' })).toBe('Funding');
    expect(i18n.t('fundingProgrammes.rules.months', { count: 2 })).toBe('2 Monaten');
    expect(i18n.t('fundingProgrammes.rules.months', { count: 1, lng: 'en' })).toBe('1 month');
  });
});
