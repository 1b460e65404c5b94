import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { FUNDING_PROOF_TEXTS, registerFundingProofTexts } from './proof-texts.ts';

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

describe('the proof-of-use pages’ texts', () => {
  const german = flatten(FUNDING_PROOF_TEXTS.de);
  const english = flatten(FUNDING_PROOF_TEXTS.en);

  it('have the same keys and placeholders in German and English, and no empty text', () => {
    expect([...english.keys()].sort()).toEqual([...german.keys()].sort());
    for (const [key, text] of german) {
      expect(text.trim(), key).not.toBe('');
      expect(english.get(key)?.trim(), key).not.toBe('');
      expect(placeholders(english.get(key) ?? ''), key).toEqual(placeholders(text));
    }
  });

  it('are registered under "fundingProofs" in both languages', async () => {
    const i18n = i18next.createInstance();
    await i18n.init({ lng: 'de', resources: { de: { translation: {} }, en: { translation: {} } } });
    registerFundingProofTexts(i18n);
    expect(i18n.t('fundingProofs.kind.interimOf', { year: '2021' })).toBe('Zwischennachweis 2021');
    expect(i18n.t('fundingProofs.kind.interimOf', { year: '2021', lng: 'en' })).toBe('Interim statement 2021');
  });
});
