import { describe, expect, it } from 'vitest';
import { intlLocale, isLanguage, otherLanguage, toLanguage } from './language.ts';

describe('language', () => {
  it('falls back to German for missing or unsupported values', () => {
    expect(toLanguage(null)).toBe('de');
    expect(toLanguage(undefined)).toBe('de');
    expect(toLanguage('fr')).toBe('de');
  });

  it('accepts region variants of supported languages', () => {
    expect(toLanguage('en-US')).toBe('en');
    expect(toLanguage('DE-at')).toBe('de');
  });

  it('maps languages to de-DE and en-GB for Intl', () => {
    expect(intlLocale('de')).toBe('de-DE');
    expect(intlLocale('en')).toBe('en-GB');
    expect(intlLocale('xx')).toBe('de-DE');
  });

  it('offers the other language in the switch', () => {
    expect(otherLanguage('de')).toBe('en');
    expect(otherLanguage('en')).toBe('de');
  });

  it('recognises only supported languages', () => {
    expect(isLanguage('de')).toBe(true);
    expect(isLanguage('en')).toBe(true);
    expect(isLanguage('tr')).toBe(false);
    expect(isLanguage(1)).toBe(false);
  });
});
