import { describe, expect, it } from 'vitest';
import { de } from './de.ts';
import { en } from './en.ts';

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

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((match) => match[1] ?? '').sort();
}

const german = flatten(de);
const english = flatten(en);

describe('locales', () => {
  it('has every German key in English and no extra English key', () => {
    expect([...english.keys()].sort()).toEqual([...german.keys()].sort());
  });

  it('has no empty or whitespace-only text', () => {
    for (const [language, entries] of [
      ['de', german],
      ['en', english],
    ] as const) {
      const empty = [...entries].filter(([, text]) => text.trim() === '').map(([key]) => `${language}:${key}`);
      expect(empty).toEqual([]);
    }
  });

  it('uses the same interpolation placeholders in both languages', () => {
    for (const [key, text] of german) {
      expect(placeholders(english.get(key) ?? ''), key).toEqual(placeholders(text));
    }
  });
});
