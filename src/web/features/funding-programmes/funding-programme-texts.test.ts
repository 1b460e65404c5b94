import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { FUNDING_PROGRAMME_TEXTS, registerFundingProgrammeTexts } from './funding-programme-texts.ts';

type Tree = { readonly [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const entries = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') entries.set(path, value);
    else for (const [nested, text] of flatten(value, path)) entries.set(nested, text);
  }
  return entries;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe('the funding programme pages’ texts', () => {
  const german = flatten(FUNDING_PROGRAMME_TEXTS.de);
  const english = flatten(FUNDING_PROGRAMME_TEXTS.en);

  it('have the same keys and placeholders in German and English, and no empty text', () => {
    expect([...english.keys()].sort()).toEqual([...german.keys()].sort());
    for (const [key, text] of german) {
      expect(text.trim(), key).not.toBe('');
      expect(placeholders(english.get(key) ?? ''), key).toEqual(placeholders(text));
    }
  });

  it('are registered under "fundingProgrammes" in both languages, with plurals', async () => {
    const i18n = i18next.createInstance();
    await i18n.init({ lng: 'de', resources: { de: { translation: {} }, en: { translation: {} } } });
    registerFundingProgrammeTexts(i18n);
    expect(i18n.t('fundingProgrammes.hub.title')).toBe('Förderung');
    expect(i18n.t('fundingProgrammes.hub.title', { lng: 'en' })).toBe('Funding');
    expect(i18n.t('fundingProgrammes.rules.months', { count: 2 })).toBe('2 Monaten');
    expect(i18n.t('fundingProgrammes.rules.months', { count: 1, lng: 'en' })).toBe('1 month');
  });
});
