import { createInstance } from 'i18next';
import { describe, expect, it } from 'vitest';
import { de } from '../../locales/de.ts';
import { casesPagesDe } from '../../locales/de/cases-pages.ts';
import { en } from '../../locales/en.ts';
import { casesPagesEn } from '../../locales/en/cases-pages.ts';
import { registerCaseTexts } from './case-texts.ts';

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

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((match) => match[1] ?? '').sort();

// locales.test.ts checks the texts bundled at start; these load with the pages and are checked here.
describe('texts of the case pages', () => {
  const german = flatten(casesPagesDe);
  const english = flatten(casesPagesEn);

  it('has every German key in English and no extra English key', () => {
    expect([...english.keys()].sort()).toEqual([...german.keys()].sort());
  });

  it('has no empty text and the same placeholders in both languages', () => {
    for (const [key, text] of german) {
      expect(text.trim(), key).not.toBe('');
      expect(english.get(key)?.trim(), key).not.toBe('');
      expect(placeholders(english.get(key) ?? ''), key).toEqual(placeholders(text));
    }
  });

  it('does not repeat a key of the shell texts bundled at start', () => {
    const shell = [...flatten(de.cases).keys()];
    expect(shell.filter((key) => german.has(key))).toEqual([]);
    expect([...flatten(en.cases).keys()].sort()).toEqual([...shell].sort());
  });

  it('adds the texts to a running instance, next to the shell texts, in both languages', async () => {
    const i18n = createInstance();
    await i18n.init({ resources: { de: { translation: de }, en: { translation: en } }, lng: 'de', initAsync: false });
    expect(i18n.exists('cases.caseload.title')).toBe(false);
    registerCaseTexts(i18n);
    registerCaseTexts(i18n);
    expect(i18n.t('cases.caseload.title')).toBe(casesPagesDe.caseload.title);
    expect(i18n.t('cases.nav.caseload')).toBe(de.cases.nav.caseload);
    expect(i18n.t('cases.caseload.results.count', { count: 2 })).toBe('2 Fälle angezeigt.');
    await i18n.changeLanguage('en');
    expect(i18n.t('cases.caseload.title')).toBe(casesPagesEn.caseload.title);
    expect(i18n.t('cases.policy.card')).toBe(en.cases.policy.card);
  });
});
