import { describe, expect, it } from 'vitest';
import { isCountryCode } from '../../../participants/participant.schema.ts';
import { downloadFileName } from './api/export-participant.ts';
import { countryOptions, displayName, formatDate, listName, originalName, todayIso } from './format.ts';

describe('format', () => {
  it('shows calendar dates in the UI language without shifting them', () => {
    expect(formatDate('2026-01-31', 'de')).toBe('31.01.2026');
    expect(formatDate('2026-01-31', 'en')).toBe('31/01/2026');
    expect(formatDate(null, 'de')).toBeNull();
  });

  it('orders names for lists and headings', () => {
    expect(listName({ familyName: 'Ahmadi', givenNames: 'Farid' })).toBe('Ahmadi, Farid');
    expect(listName({ familyName: 'Ahmadi', givenNames: ' ' })).toBe('Ahmadi');
    expect(displayName({ familyName: 'Ahmadi', givenNames: 'Farid' })).toBe('Farid Ahmadi');
    expect(originalName({ familyNameOriginal: 'احمدی', givenNamesOriginal: 'فرید' })).toBe('فرید احمدی');
    expect(originalName({ familyNameOriginal: null, givenNamesOriginal: null })).toBeNull();
  });

  it('offers the countries the API accepts, by name in the UI language', () => {
    const german = countryOptions('de', isCountryCode);
    expect(german.find((option) => option.value === 'AF')?.label).toBe('Afghanistan');
    expect(german.find((option) => option.value === 'XK')).toBeDefined();
    expect(german.some((option) => ['EU', 'XX', 'XA', 'DD', 'SU', 'YU'].includes(option.value))).toBe(false);
    // Each country once, however many codes Intl still knows for it.
    expect(new Set(german.map((option) => option.label)).size).toBe(german.length);
    const labels = german.map((option) => option.label);
    expect(labels).toEqual([...labels].sort(new Intl.Collator('de-DE').compare));
  });

  it('gives today in the local calendar', () => {
    expect(todayIso(new Date(2026, 0, 5, 23, 30))).toBe('2026-01-05');
  });
});

describe('downloadFileName', () => {
  it('takes the plain file name of Content-Disposition', () => {
    expect(downloadFileName('attachment; filename="auskunft-TN-000001-2026-11-29.pdf"', 'x.pdf')).toBe(
      'auskunft-TN-000001-2026-11-29.pdf',
    );
  });

  it('falls back when the name is missing or could point elsewhere', () => {
    expect(downloadFileName(null, 'auskunft.json')).toBe('auskunft.json');
    expect(downloadFileName('attachment; filename="../../etc/passwd"', 'auskunft.json')).toBe('auskunft.json');
  });
});
