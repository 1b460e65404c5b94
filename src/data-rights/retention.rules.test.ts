import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { consentPurposes } from '../participants/participant.codes.ts';
import {
  addMonths,
  CONSENT_DATA,
  decideRetention,
  DEFAULT_RETENTION_RULES,
  effectiveRules,
  isPhotoDocument,
  localDate,
  retentionRuleProblems,
  type ParticipantRetentionFacts,
  type RetentionRules,
} from './retention.rules.ts';

const rules = DEFAULT_RETENTION_RULES;

function facts(overrides: Partial<ParticipantRetentionFacts> = {}): ParticipantRetentionFacts {
  return {
    participantId: '00000000-0000-4000-8000-000000000001',
    cases: 1,
    openCases: 0,
    lastCaseEnd: '2020-06-30',
    lastChange: new Date('2020-06-30T10:00:00Z'),
    anonymisedAt: null,
    blocked: false,
    consents: [],
    contactDetailsPresent: true,
    photoDocuments: 0,
    ...overrides,
  };
}

/** Noon in Germany on a calendar day. */
function on(date: string): Date {
  return new Date(`${date}T10:00:00Z`);
}

describe('addMonths', () => {
  it.each([
    ['2020-01-31', 1, '2020-02-29'],
    ['2021-01-31', 1, '2021-02-28'],
    ['2020-06-30', 60, '2025-06-30'],
    ['2020-02-29', 12, '2021-02-28'],
    ['2020-12-15', 1, '2021-01-15'],
    ['2020-03-31', -1, '2020-02-29'],
    ['2020-05-05', 0, '2020-05-05'],
  ])('%s + %i months = %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });
});

describe('localDate', () => {
  it('is the calendar day in Germany, not in UTC', () => {
    expect(localDate(new Date('2026-06-30T22:30:00Z'))).toBe('2026-07-01');
    expect(localDate(new Date('2026-12-31T22:59:59Z'))).toBe('2026-12-31');
    expect(localDate(new Date('2026-12-31T23:00:00Z'))).toBe('2027-01-01');
  });
});

describe('case data (default: anonymise 60 months after the end of the last case)', () => {
  it.each([
    ['the day before the period ends', '2025-06-29', false],
    ['the day the period ends', '2025-06-30', true],
    ['long after', '2030-01-01', true],
  ])('%s: due = %s', (_, today, due) => {
    const decision = decideRetention(facts(), rules, on(today)).participant;
    expect(decision).toMatchObject({ class: 'case_data', action: 'anonymise', dueOn: '2025-06-30', due });
  });

  it('counts from the follow-up when it is later than the exit (the repository passes the later date)', () => {
    const decision = decideRetention(facts({ lastCaseEnd: '2021-01-15' }), rules, on('2025-07-01')).participant;
    expect(decision).toMatchObject({ due: false, dueOn: '2026-01-15' });
  });

  it('is never due while a case is open, however old the other cases are', () => {
    const decision = decideRetention(facts({ openCases: 1, cases: 3 }), rules, on('2099-01-01')).participant;
    expect(decision).toMatchObject({ due: false, dueOn: null, reason: 'a case is open' });
  });

  it('is never due for a blocked record (Art. 18)', () => {
    expect(decideRetention(facts({ blocked: true }), rules, on('2099-01-01')).participant).toMatchObject({
      due: false,
      reason: 'blocked (Art. 18 GDPR)',
    });
  });

  it('is not due again once anonymised, but is when the municipality deletes', () => {
    const anonymised = facts({ anonymisedAt: new Date('2025-07-01T02:30:00Z') });
    expect(decideRetention(anonymised, rules, on('2026-01-01')).participant.due).toBe(false);
    const deleting: RetentionRules = { ...rules, case_data: { ...rules.case_data, action: 'delete' } };
    expect(decideRetention(anonymised, deleting, on('2026-01-01')).participant).toMatchObject({
      due: true,
      action: 'delete',
    });
  });

  it('is not due when the class is disabled', () => {
    const disabled: RetentionRules = { ...rules, case_data: { ...rules.case_data, enabled: false } };
    expect(decideRetention(facts(), disabled, on('2099-01-01')).participant.due).toBe(false);
  });

  it('follows the municipality period', () => {
    const short = effectiveRules([{ class: 'case_data', periodMonths: 12, action: 'delete', enabled: true }]);
    expect(decideRetention(facts(), short, on('2021-06-30')).participant).toMatchObject({
      due: true,
      action: 'delete',
      dueOn: '2021-06-30',
    });
  });
});

describe('records without a case (default: delete 24 months after the last change)', () => {
  const never = facts({ cases: 0, lastCaseEnd: null, lastChange: new Date('2023-03-10T15:00:00Z') });

  it.each([
    ['2025-03-09', false],
    ['2025-03-10', true],
  ])('on %s: due = %s', (today, due) => {
    expect(decideRetention(never, rules, on(today)).participant).toMatchObject({
      class: 'without_case',
      action: 'delete',
      dueOn: '2025-03-10',
      due,
    });
  });

  it('counts the last change on the German calendar day (late evening UTC is the next day)', () => {
    const late = facts({ cases: 0, lastCaseEnd: null, lastChange: new Date('2023-03-10T23:30:00Z') });
    expect(decideRetention(late, rules, on('2025-03-10')).participant).toMatchObject({
      due: false,
      dueOn: '2025-03-11',
    });
  });
});

describe('consent-based data', () => {
  const revokedFollowUp = facts({
    openCases: 0,
    consents: [{ purpose: 'follow_up_contact', revokedOn: '2024-05-02' }],
  });

  it('deletes the contact details of a revoked follow-up consent once no case is open', () => {
    const decision = decideRetention(revokedFollowUp, rules, on('2024-05-02'));
    expect(decision.consentData).toEqual([
      expect.objectContaining({
        purpose: 'follow_up_contact',
        data: 'contact_details',
        due: true,
        revokedOn: '2024-05-02',
      }),
    ]);
  });

  it('keeps the contact details while a case is open', () => {
    const open = { ...revokedFollowUp, openCases: 1 };
    expect(decideRetention(open, rules, on('2030-01-01')).consentData).toEqual([
      expect.objectContaining({ due: false, reason: 'a case is open' }),
    ]);
  });

  it('is not due while another consent of the same purpose stands', () => {
    const twice = facts({
      consents: [
        { purpose: 'follow_up_contact', revokedOn: '2024-05-02' },
        { purpose: 'follow_up_contact', revokedOn: null },
      ],
    });
    expect(decideRetention(twice, rules, on('2030-01-01')).consentData).toEqual([]);
  });

  it('counts from the last revocation of a purpose', () => {
    const twice = facts({
      consents: [
        { purpose: 'photo_documents', revokedOn: '2024-05-02' },
        { purpose: 'photo_documents', revokedOn: '2024-08-20' },
      ],
      photoDocuments: 2,
    });
    const withPeriod: RetentionRules = { ...rules, consent_based: { ...rules.consent_based, periodMonths: 1 } };
    expect(decideRetention(twice, withPeriod, on('2024-09-19')).consentData[0]).toMatchObject({ due: false });
    expect(decideRetention(twice, withPeriod, on('2024-09-20')).consentData[0]).toMatchObject({
      due: true,
      data: 'photo_documents',
    });
  });

  it('deletes photos on revocation even while a case is open', () => {
    const photos = facts({
      openCases: 1,
      consents: [{ purpose: 'photo_documents', revokedOn: '2024-05-02' }],
      photoDocuments: 1,
    });
    expect(decideRetention(photos, rules, on('2024-05-03')).consentData[0]).toMatchObject({ due: true });
  });

  it('has nothing to do when the mapped data are gone already (a second run is a no-op)', () => {
    const done = { ...revokedFollowUp, contactDetailsPresent: false };
    expect(decideRetention(done, rules, on('2030-01-01')).consentData).toEqual([]);
  });

  it.each(['case_management', 'data_sharing_providers', 'data_sharing_authorities', 'other'] as const)(
    'deletes nothing automatically when %s is revoked',
    (purpose) => {
      const revoked = facts({ consents: [{ purpose, revokedOn: '2024-01-01' }], photoDocuments: 3 });
      expect(decideRetention(revoked, rules, on('2030-01-01')).consentData).toEqual([]);
    },
  );

  it('has a mapping and an explanation for every consent purpose', () => {
    for (const purpose of consentPurposes) expect(CONSENT_DATA[purpose].explanation.length).toBeGreaterThan(20);
  });
});

describe('isPhotoDocument', () => {
  it.each([
    [{ kind: 'other', contentType: 'image/jpeg' }, true],
    [{ kind: 'other', contentType: ' IMAGE/PNG ' }, true],
    [{ kind: 'other', contentType: 'application/pdf' }, false],
    [{ kind: 'residence_document', contentType: 'image/jpeg' }, false],
    [{ kind: 'certificate', contentType: 'image/png' }, false],
  ])('%o → %s', (document, expected) => {
    expect(isPhotoDocument(document)).toBe(expected);
  });
});

describe('rules a municipality sets', () => {
  it('lists every problem at once', () => {
    const wrong = effectiveRules([
      { class: 'case_data', periodMonths: 3, action: 'anonymise', enabled: true },
      { class: 'consent_based', periodMonths: 0, action: 'anonymise', enabled: true },
      { class: 'without_case', periodMonths: 0, action: 'delete', enabled: true },
    ]);
    expect(retentionRuleProblems(wrong).map((p) => `${p.class}.${p.field}`)).toEqual([
      'case_data.periodMonths',
      'without_case.periodMonths',
      'consent_based.action',
    ]);
    expect(retentionRuleProblems(DEFAULT_RETENTION_RULES)).toEqual([]);
  });
});

// --- Properties ------------------------------------------------------------------------------------------------

const isoDay = fc
  .date({ min: new Date('2015-01-01T00:00:00Z'), max: new Date('2040-12-31T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10));

const arbitraryRules: fc.Arbitrary<RetentionRules> = fc
  .record({
    caseData: fc.record({
      periodMonths: fc.integer({ min: 0, max: 600 }),
      anonymise: fc.boolean(),
      enabled: fc.boolean(),
    }),
    consent: fc.record({ periodMonths: fc.integer({ min: 0, max: 600 }), enabled: fc.boolean() }),
    without: fc.record({
      periodMonths: fc.integer({ min: 0, max: 600 }),
      anonymise: fc.boolean(),
      enabled: fc.boolean(),
    }),
  })
  .map(({ caseData, consent, without }) =>
    effectiveRules([
      {
        class: 'case_data',
        periodMonths: caseData.periodMonths,
        action: caseData.anonymise ? 'anonymise' : 'delete',
        enabled: caseData.enabled,
      },
      { class: 'consent_based', periodMonths: consent.periodMonths, action: 'delete', enabled: consent.enabled },
      {
        class: 'without_case',
        periodMonths: without.periodMonths,
        action: without.anonymise ? 'anonymise' : 'delete',
        enabled: without.enabled,
      },
    ]),
  );

const arbitraryFacts: fc.Arbitrary<ParticipantRetentionFacts> = fc
  .record({
    cases: fc.integer({ min: 0, max: 4 }),
    open: fc.integer({ min: 0, max: 2 }),
    lastCaseEnd: isoDay,
    lastChange: fc.date({
      min: new Date('2015-01-01T00:00:00Z'),
      max: new Date('2040-12-31T00:00:00Z'),
      noInvalidDate: true,
    }),
    anonymised: fc.boolean(),
    blocked: fc.boolean(),
    consents: fc.array(
      fc.record({ purpose: fc.constantFrom(...consentPurposes), revokedOn: fc.option(isoDay, { nil: null }) }),
      { maxLength: 4 },
    ),
    contact: fc.boolean(),
    photos: fc.integer({ min: 0, max: 3 }),
  })
  .map((f) => {
    const openCases = Math.min(f.open, f.cases);
    return facts({
      cases: f.cases,
      openCases,
      lastCaseEnd: f.cases > openCases ? f.lastCaseEnd : null,
      lastChange: f.lastChange,
      anonymisedAt: f.anonymised ? new Date('2014-01-01T00:00:00Z') : null,
      blocked: f.blocked,
      consents: f.consents,
      contactDetailsPresent: f.contact,
      photoDocuments: f.photos,
    });
  });

const instant = fc.date({
  min: new Date('2015-01-01T00:00:00Z'),
  max: new Date('2060-12-31T00:00:00Z'),
  noInvalidDate: true,
});

describe('properties', () => {
  it('a person is never due before the period after its start event has passed', () => {
    fc.assert(
      fc.property(arbitraryFacts, arbitraryRules, instant, (f, r, now) => {
        const decision = decideRetention(f, r, now).participant;
        if (!decision.due) return;
        const rule = r[decision.class];
        const start = decision.class === 'case_data' ? (f.lastCaseEnd as string) : localDate(f.lastChange);
        expect(localDate(now) >= addMonths(start, rule.periodMonths)).toBe(true);
      }),
    );
  });

  it('consent data are never due before the period after the revocation has passed', () => {
    fc.assert(
      fc.property(arbitraryFacts, arbitraryRules, instant, (f, r, now) => {
        for (const item of decideRetention(f, r, now).consentData.filter((d) => d.due)) {
          const revocations = f.consents.filter((c) => c.purpose === item.purpose).map((c) => c.revokedOn);
          expect(
            revocations.every((day) => day !== null && addMonths(day, r.consent_based.periodMonths) <= localDate(now)),
          ).toBe(true);
        }
      }),
    );
  });

  it('a person with an open case is never due, and neither are contact details', () => {
    fc.assert(
      fc.property(arbitraryFacts, arbitraryRules, instant, (f, r, now) => {
        fc.pre(f.openCases > 0);
        const decision = decideRetention(f, r, now);
        expect(decision.participant.due).toBe(false);
        expect(decision.consentData.filter((d) => d.due && d.data === 'contact_details')).toEqual([]);
      }),
    );
  });

  it('nothing is ever due for a blocked record or under disabled classes', () => {
    fc.assert(
      fc.property(arbitraryFacts, arbitraryRules, instant, (f, r, now) => {
        const decision = decideRetention(f, r, now);
        if (f.blocked)
          expect([decision.participant.due, ...decision.consentData.map((d) => d.due)]).not.toContain(true);
        if (!r[decision.participant.class].enabled) expect(decision.participant.due).toBe(false);
        if (!r.consent_based.enabled) expect(decision.consentData.some((d) => d.due)).toBe(false);
      }),
    );
  });

  it('once due, stays due later (the decision is monotonic in time)', () => {
    fc.assert(
      fc.property(arbitraryFacts, arbitraryRules, instant, fc.integer({ min: 0, max: 5000 }), (f, r, now, days) => {
        const later = new Date(now.getTime() + days * 86_400_000);
        if (decideRetention(f, r, now).participant.due) expect(decideRetention(f, r, later).participant.due).toBe(true);
      }),
    );
  });
});
