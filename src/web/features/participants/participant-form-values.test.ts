import { describe, expect, it } from 'vitest';
import type { Participant } from '../../../participants/participant.schema.ts';
import {
  EMPTY_INTAKE,
  EMPTY_LANGUAGE,
  EMPTY_SCHOOLING,
  personValuesOf,
  toCreateRequest,
  toDuplicateCheck,
  toUpdateRequest,
  type IntakeValues,
} from './participant-form-values.ts';
import { messageFor, serverProblems } from './form-problems.ts';

const intake = (overrides: Partial<IntakeValues>): IntakeValues => ({ ...EMPTY_INTAKE, ...overrides });

const STORED: Participant = {
  id: '0b6f1e55-8a53-4c4c-9d38-3b1b5c1f0a02',
  number: 'TN-000001',
  externalId: null,
  familyName: 'Ahmadi',
  givenNames: 'Farid',
  familyNameOriginal: 'احمدی',
  givenNamesOriginal: null,
  birthDate: '2003-05-01',
  birthDatePrecision: 'month',
  gender: 'male',
  countriesOfOrigin: ['AF'],
  nationalities: ['AF'],
  phone: null,
  email: null,
  street: null,
  postcode: '51103',
  city: 'Köln',
  cityDistrict: 'Kalk',
  accommodation: 'municipal_shelter',
  workPermission: 'permitted_with_approval',
  benefits: ['asylblg'],
  excludedOffender: false,
  vocationalExperience: null,
  restricted: false,
  blockedAt: null,
  blockedReason: null,
  mergedIntoId: null,
  anonymisedAt: null,
  isDemo: false,
  currentResidenceStatus: null,
  residenceStatuses: [],
  languages: [],
  schooling: [],
  consents: [],
  createdAt: '2026-11-29T10:00:00.000Z',
  updatedAt: '2026-11-29T10:00:00.000Z',
  version: 3,
};

describe('toCreateRequest', () => {
  it('sends what was entered, blank optional texts as null, with the reviewed candidates', () => {
    const checked = toCreateRequest(
      intake({
        familyName: '  Ahmadi ',
        givenNames: 'Farid',
        familyNameOriginal: 'احمدی',
        birth: { precision: 'year', day: '', month: '', year: '2003' },
        countriesOfOrigin: ['AF'],
        postcode: '51103',
        residence: {
          status: 'toleration_60a',
          legalParagraph: '',
          validFrom: '2025-01-15',
          validTo: '',
          documentExpiry: '2026-01-14',
          notes: '',
        },
        languages: [{ language: 'fa', level: 'native', evidenceDate: '', evidence: '' }],
      }),
      ['0b6f1e55-8a53-4c4c-9d38-3b1b5c1f0a09'],
    );
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(checked.body).toMatchObject({
      familyName: 'Ahmadi',
      familyNameOriginal: 'احمدی',
      givenNamesOriginal: null,
      birthDate: '2003-01-01',
      birthDatePrecision: 'year',
      phone: null,
      postcode: '51103',
      residenceStatuses: [
        { status: 'toleration_60a', validFrom: '2025-01-15', validTo: null, documentExpiry: '2026-01-14' },
      ],
      languages: [{ language: 'fa', level: 'native', evidenceDate: null, evidence: null }],
      schooling: [],
      reviewedCandidateIds: ['0b6f1e55-8a53-4c4c-9d38-3b1b5c1f0a09'],
    });
  });

  it('leaves the residence status out when none was entered', () => {
    const checked = toCreateRequest(intake({ familyName: 'Ahmadi' }), []);
    expect(checked.ok && checked.body.residenceStatuses).toEqual([]);
  });

  it('lists every problem at its field, each field once', () => {
    const checked = toCreateRequest(
      intake({
        familyName: ' ',
        email: 'not-an-address',
        postcode: '5110',
        birth: { precision: 'month', day: '', month: '', year: '2003' },
        residence: { status: '', legalParagraph: '', validFrom: '', validTo: '', documentExpiry: '', notes: '' },
        languages: [{ ...EMPTY_LANGUAGE, language: 'Farsi' }],
        schooling: [{ ...EMPTY_SCHOOLING, qualification: 'esa', years: 'twelve' }],
        strands: [],
      }),
      [],
    );
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.problems).toEqual(
      expect.arrayContaining([
        { field: 'birthDate', message: 'birthMonthRequired' },
        { field: 'strands', message: 'strandsRequired' },
        { field: 'familyName', message: 'required' },
        { field: 'email', message: 'email' },
        { field: 'postcode', message: 'postcode' },
        { field: 'languages.0.language', message: 'languageCode' },
        { field: 'languages.0.level', message: 'required' },
        { field: 'schooling.0.years', message: 'years' },
      ]),
    );
    const fields = checked.problems.map((problem) => problem.field);
    expect(new Set(fields).size).toBe(fields.length);
  });

  it('names a country list entry that is no country at its list', () => {
    const checked = toCreateRequest(intake({ familyName: 'A', nationalities: ['EU'] }), []);
    expect(!checked.ok && checked.problems).toEqual([{ field: 'nationalities', message: 'country' }]);
  });
});

describe('toDuplicateCheck', () => {
  it('sends only the names and the date of birth', () => {
    expect(
      toDuplicateCheck({
        ...EMPTY_INTAKE,
        familyName: 'Ahmadi',
        givenNames: 'Farid',
        birth: { precision: 'day', day: '2003-05-07', month: '', year: '' },
        phone: '0221 123',
      }),
    ).toEqual({
      ok: true,
      body: {
        familyName: 'Ahmadi',
        givenNames: 'Farid',
        familyNameOriginal: null,
        givenNamesOriginal: null,
        birthDate: '2003-05-07',
        birthDatePrecision: 'day',
      },
    });
  });
});

describe('toUpdateRequest', () => {
  it('sends nothing when nothing changed', () => {
    expect(toUpdateRequest(personValuesOf(STORED), STORED)).toEqual({ ok: true, body: {} });
  });

  it('sends only the changed fields, and the date of birth always with its precision', () => {
    const values = personValuesOf(STORED);
    expect(toUpdateRequest({ ...values, cityDistrict: 'Mülheim', phone: '0221 555' }, STORED)).toEqual({
      ok: true,
      body: { cityDistrict: 'Mülheim', phone: '0221 555' },
    });
    expect(
      toUpdateRequest({ ...values, birth: { precision: 'month', day: '', month: '6', year: '2003' } }, STORED),
    ).toEqual({ ok: true, body: { birthDate: '2003-06-01', birthDatePrecision: 'month' } });
    expect(toUpdateRequest({ ...values, birth: { precision: '', day: '', month: '', year: '' } }, STORED)).toEqual({
      ok: true,
      body: { birthDate: null, birthDatePrecision: null },
    });
  });

  it('clears an optional text with null', () => {
    expect(toUpdateRequest({ ...personValuesOf(STORED), familyNameOriginal: '  ' }, STORED)).toEqual({
      ok: true,
      body: { familyNameOriginal: null },
    });
  });
});

describe('server problems', () => {
  it('puts list entries on their list and the precision on the date of birth', () => {
    expect(
      serverProblems([
        { field: 'countriesOfOrigin.1', code: 'custom', message: 'not a country' },
        { field: 'birthDatePrecision', code: 'required', message: 'say which part is known' },
        { field: 'validTo', code: 'before_start', message: 'must not be before validFrom' },
        { field: 'if-match', code: 'required', message: 'If-Match is required' },
      ]),
    ).toEqual([
      { field: 'countriesOfOrigin', message: 'country' },
      { field: 'birthDate', message: 'required' },
      { field: 'validTo', message: 'validityOrder' },
    ]);
  });

  it('says what the service rules mean', () => {
    expect(messageFor('birthDate', 'in_future')).toBe('inFuture');
    expect(messageFor('validFrom', 'overlaps')).toBe('overlapping');
    expect(messageFor('validFrom', 'same_start')).toBe('sameStart');
    expect(messageFor('benefits', 'contradiction')).toBe('benefitsContradiction');
    expect(messageFor('nationalities', 'too_big')).toBe('tooMany');
    expect(messageFor('familyName', 'too_big')).toBe('tooLong');
    expect(messageFor('nationalities', 'custom')).toBe('onlyOnce');
    expect(messageFor('anything', 'unheard_of')).toBe('invalid');
  });
});
