// What the texts tests of the page chunks share (test code only): a chunk's German and English texts have the
// same keys and placeholders, and none is empty; and a fresh i18next instance to register them in.
import i18next, { type i18n as I18n } from 'i18next';
import { expect } from 'vitest';

type Tree = { readonly [key: string]: string | Tree };

/** The texts of a tree by their dotted keys ("common.retry"). */
export function flattenTexts(tree: Tree, prefix = ''): Map<string, string> {
  const entries = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') entries.set(path, value);
    else for (const [nested, text] of flattenTexts(value, path)) entries.set(nested, text);
  }
  return entries;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

/** Checks that the English texts match the German ones key for key and placeholder for placeholder; how many. */
export function expectMatchingTexts(german: Tree, english: Tree): number {
  const de = flattenTexts(german);
  const en = flattenTexts(english);
  expect([...en.keys()].sort()).toEqual([...de.keys()].sort());
  for (const [key, text] of de) {
    expect(text.trim(), key).not.toBe('');
    expect(en.get(key)?.trim(), key).not.toBe('');
    expect(placeholders(en.get(key) ?? ''), key).toEqual(placeholders(text));
  }
  return de.size;
}

/** An i18next instance in German with English beside it and no texts yet. */
export async function emptyI18n(): Promise<I18n> {
  const i18n = i18next.createInstance();
  await i18n.init({ lng: 'de', resources: { de: { translation: {} }, en: { translation: {} } } });
  return i18n;
}
