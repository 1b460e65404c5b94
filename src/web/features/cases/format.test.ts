import { describe, expect, it } from 'vitest';
import {
  displayName,
  formatDate,
  formatFileSize,
  isCalendarDate,
  listName,
  localDateOf,
  localTimeOf,
  toOffsetDateTime,
} from './format.ts';

describe('case formats', () => {
  it('shows calendar dates in the UI language without shifting them by the time zone', () => {
    expect(formatDate('2026-03-01', 'de')).toBe('01.03.2026');
    expect(formatDate('2026-03-01', 'en')).toBe('01/03/2026');
    expect(formatDate('not a date', 'de')).toBe('');
    expect(formatDate(null, 'de')).toBe('');
  });

  it('accepts only real calendar dates', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2026-13-01')).toBe(false);
    expect(isCalendarDate('1.3.2026')).toBe(false);
  });

  it('turns a local date and time into an instant with the offset in force then', () => {
    const winter = toOffsetDateTime('2026-01-15', '09:30');
    const summer = toOffsetDateTime('2026-07-15', '09:30');
    // Whatever the test machine's zone: the instant is the local wall-clock time entered.
    expect(new Date(winter ?? '').getHours()).toBe(9);
    expect(new Date(winter ?? '').getMinutes()).toBe(30);
    expect(new Date(summer ?? '').getHours()).toBe(9);
    expect(winter).toMatch(/^2026-01-15T09:30:00[+-]\d{2}:\d{2}$/);
    expect(toOffsetDateTime('2026-01-15', '24:00')).toBeNull();
    expect(toOffsetDateTime('2026-02-30', '10:00')).toBeNull();
    expect(toOffsetDateTime('2026-01-15', '')).toBeNull();
  });

  it('reads the local day and time of an instant for the form fields', () => {
    const at = new Date(2026, 4, 7, 8, 5);
    expect(localDateOf(at)).toBe('2026-05-07');
    expect(localTimeOf(at)).toBe('08:05');
  });

  it('names people as lists sort them and as headings say them', () => {
    expect(listName({ familyName: 'Haddad', givenNames: 'Amina' })).toBe('Haddad, Amina');
    expect(listName({ familyName: 'Haddad', givenNames: ' ' })).toBe('Haddad');
    expect(displayName({ familyName: 'Haddad', givenNames: 'Amina' })).toBe('Amina Haddad');
  });

  it('shows file sizes in decimal units in the UI language', () => {
    expect(formatFileSize(512, 'de')).toBe('512 B');
    expect(formatFileSize(1500, 'de')).toBe('1,5 KB');
    expect(formatFileSize(2_400_000, 'en')).toBe('2.4 MB');
  });
});
