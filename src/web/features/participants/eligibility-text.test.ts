import { describe, expect, it } from 'vitest';
import {
  excludedBeyondAge,
  needsAgeException,
  reasonMessage,
  type EligibilityReason,
  type Translate,
} from './eligibility-text.ts';

/** A translate function that shows which key was asked with which values. */
const t: Translate = (key, values) =>
  values
    ? `${key}(${Object.entries(values)
        .map(([name, value]) => `${name}=${value}`)
        .join(',')})`
    : key;

const reason = (overrides: Partial<EligibilityReason>): EligibilityReason => ({
  rule: 'age',
  effect: 'met',
  code: 'age.within_range',
  params: {},
  ...overrides,
});

describe('reasonMessage', () => {
  it('fills in the age, or the range of possible ages when the birth date is only partly known', () => {
    expect(reasonMessage(reason({ params: { age: 21, minAge: 18, maxAge: 27 } }), t, 'de')).toBe(
      'participants.eligibility.reasons.age.within_range(ageText=participants.eligibility.ageYears(age=21),minAge=18,maxAge=27,strand=,status=,validFrom=)',
    );
    expect(
      reasonMessage(
        reason({ effect: 'uncertain', code: 'age.uncertain', params: { minPossibleAge: 27, maxPossibleAge: 28 } }),
        t,
        'de',
      ),
    ).toContain('ageText=participants.eligibility.ageRange(min=27,max=28)');
  });

  it('names the status and dates it in the UI language', () => {
    const message = reasonMessage(
      reason({
        rule: 'residence_status',
        code: 'residence_status.admitted',
        params: { status: 'toleration_60a', validFrom: '2025-01-15' },
      }),
      t,
      'de',
    );
    expect(message).toContain('status=participants.statuses.toleration_60a');
    expect(message).toContain('validFrom=15.01.2025');
  });

  it('names a code it does not know instead of hiding it', () => {
    expect(reasonMessage(reason({ code: 'age.something_new' }), t, 'en')).toBe(
      'participants.eligibility.unknownReason(code=age.something_new)',
    );
  });
});

describe('exceptions', () => {
  it('needs a justification only when the age rule fails', () => {
    expect(needsAgeException([{ reasons: [reason({ effect: 'not_met', code: 'age.too_old' })] }])).toBe(true);
    expect(needsAgeException([{ reasons: [reason({ effect: 'uncertain', code: 'age.uncertain' })] }])).toBe(false);
    expect(needsAgeException([{ reasons: [reason({})] }])).toBe(false);
  });

  it('sees exclusions no exception can lift', () => {
    expect(
      excludedBeyondAge([{ reasons: [reason({ rule: 'work_ban', effect: 'not_met', code: 'work_ban.banned' })] }]),
    ).toBe(true);
    expect(excludedBeyondAge([{ reasons: [reason({ effect: 'not_met', code: 'age.too_young' })] }])).toBe(false);
  });
});
