import { createInstance } from 'i18next';
import { describe, expect, it } from 'vitest';
import { PARTICIPANT_TEXTS, registerParticipantTexts } from './texts.ts';

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

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((match) => match[1]).sort();

// The texts are not in de.ts/en.ts at run time, so the general locale test does not see them: the same checks here.
describe('participant texts', () => {
  const german = flatten(PARTICIPANT_TEXTS.de);
  const english = flatten(PARTICIPANT_TEXTS.en);

  it('has every German key in English and no extra English key', () => {
    expect([...english.keys()].sort()).toEqual([...german.keys()].sort());
  });

  it('has no empty text and the same placeholders in both languages', () => {
    for (const [key, text] of german) {
      expect(text.trim(), key).not.toBe('');
      expect(placeholders(english.get(key) ?? ''), key).toEqual(placeholders(text));
    }
  });

  it('adds the texts to an i18next instance in both languages', async () => {
    const i18n = createInstance();
    await i18n.init({ lng: 'de', resources: { de: { translation: { app: { name: 'x' } } }, en: { translation: {} } } });
    registerParticipantTexts(i18n);
    expect(i18n.t('participants.title')).toBe('Teilnehmende');
    expect(i18n.t('participants.results.count', { count: 2 })).toBe('2 Personen gefunden.');
    expect(i18n.t('app.name')).toBe('x');
    await i18n.changeLanguage('en');
    expect(i18n.t('participants.results.count', { count: 1 })).toBe('1 person found.');
  });
});
