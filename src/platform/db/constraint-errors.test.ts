import { describe, expect, it } from 'vitest';
import { isCheckViolation, isUniqueViolation } from './constraint-errors.ts';

describe('constraint errors of the pg driver', () => {
  it('tells a unique violation by code and, when named, by constraint', () => {
    const error = Object.assign(new Error('duplicate key'), { code: '23505', constraint: 'enrolment_one_current' });
    expect(isUniqueViolation(error)).toBe(true);
    expect(isUniqueViolation(error, 'enrolment_one_current')).toBe(true);
    expect(isUniqueViolation(error, 'participant_case_one_open')).toBe(false);
    expect(isCheckViolation(error, 'enrolment_one_current')).toBe(false);
  });

  it('tells a check violation only by code and constraint, and nothing from non-errors', () => {
    const error = { code: '23514', constraint: 'offer_capacity_holds' };
    expect(isCheckViolation(error, 'offer_capacity_holds')).toBe(true);
    expect(isCheckViolation(error, 'enrolment_within_capacity')).toBe(false);
    expect(isUniqueViolation(error)).toBe(false);
    for (const value of [null, undefined, 'failed', 42]) {
      expect(isUniqueViolation(value)).toBe(false);
      expect(isCheckViolation(value, 'offer_capacity_holds')).toBe(false);
    }
  });
});
