import { describe, expect, it } from 'vitest';
import { municipalityKinds, organisationKinds, type Organisation } from '../../../organisations/organisation.schema.ts';
import { de } from '../../locales/de.ts';
import { en } from '../../locales/en.ts';
import {
  EMPTY_VALUES,
  FORM_FIELDS,
  formProblems,
  messageFor,
  sectionsFor,
  toCreateRequest,
  toUpdateRequest,
  valuesOf,
  type ErrorKey,
  type OrganisationFormValues,
} from './organisation-form-values.ts';

const DISTRICT = '0b6f1e55-8a53-4c4c-9d38-3b1b5c1f0a01';
const KOELN = '0b6f1e55-8a53-4c4c-9d38-3b1b5c1f0a02';
const BONN = '0b6f1e55-8a53-4c4c-9d38-3b1b5c1f0a03';

function organisation(overrides: Partial<Organisation> = {}): Organisation {
  return {
    id: '0b6f1e55-8a53-4c4c-9d38-3b1b5c1f0aff',
    kind: 'municipality',
    name: 'Stadt Köln',
    shortName: null,
    municipalityKind: 'district_free_city',
    districtId: null,
    officialKey: '05315000',
    allianceMember: true,
    budgetRecovery: false,
    contactEmail: null,
    isDemo: false,
    municipalityIds: [],
    version: 3,
    ...overrides,
  };
}

const values = (overrides: Partial<OrganisationFormValues>): OrganisationFormValues => ({
  ...EMPTY_VALUES,
  ...overrides,
});

describe('toCreateRequest', () => {
  it('names the missing kind and name before anything is sent', () => {
    const result = toCreateRequest(EMPTY_VALUES);
    expect(result).toEqual({
      ok: false,
      problems: [
        { field: 'kind', message: 'kindRequired' },
        { field: 'name', message: 'nameRequired' },
      ],
    });
  });

  it('sends a ministry with only the fields that are filled in, trimmed', () => {
    const result = toCreateRequest(
      values({ kind: 'ministry', name: '  MAGS NRW ', shortName: ' ', contactEmail: 'poststelle@mags.nrw.de' }),
    );
    expect(result).toEqual({
      ok: true,
      body: { kind: 'ministry', name: 'MAGS NRW', contactEmail: 'poststelle@mags.nrw.de' },
    });
  });

  it('leaves out the fields of other kinds, whatever was typed into them', () => {
    const result = toCreateRequest(
      values({
        kind: 'approving_authority',
        name: 'Bezirksregierung Arnsberg',
        municipalityKind: 'district',
        officialKey: '05958',
        allianceMember: true,
        budgetRecovery: true,
        districtId: DISTRICT,
        municipalityIds: [KOELN],
      }),
    );
    expect(result).toEqual({ ok: true, body: { kind: 'approving_authority', name: 'Bezirksregierung Arnsberg' } });
  });

  it('sends a municipality with its kind, key and flags', () => {
    const result = toCreateRequest(
      values({
        kind: 'municipality',
        name: 'Stadt Köln',
        municipalityKind: 'district_free_city',
        officialKey: '05315000',
        allianceMember: true,
        districtId: DISTRICT,
      }),
    );
    expect(result).toEqual({
      ok: true,
      body: {
        kind: 'municipality',
        name: 'Stadt Köln',
        municipalityKind: 'district_free_city',
        officialKey: '05315000',
        allianceMember: true,
      },
    });
  });

  it('requires the kind of municipality and, for a district town, its district', () => {
    expect(toCreateRequest(values({ kind: 'municipality', name: 'Arnsberg' }))).toEqual({
      ok: false,
      problems: [{ field: 'municipalityKind', message: 'municipalityKindRequired' }],
    });
    expect(
      toCreateRequest(values({ kind: 'municipality', name: 'Arnsberg', municipalityKind: 'district_town' })),
    ).toEqual({ ok: false, problems: [{ field: 'districtId', message: 'districtRequired' }] });
    expect(
      toCreateRequest(
        values({ kind: 'municipality', name: 'Arnsberg', municipalityKind: 'district_town', districtId: DISTRICT }),
      ),
    ).toEqual({
      ok: true,
      body: { kind: 'municipality', name: 'Arnsberg', municipalityKind: 'district_town', districtId: DISTRICT },
    });
  });

  it('checks the official key and the e-mail address with the shared schema', () => {
    const result = toCreateRequest(
      values({
        kind: 'municipality',
        name: 'Stadt Köln',
        municipalityKind: 'district_free_city',
        officialKey: '0531 5000',
        contactEmail: 'kein-at-zeichen',
      }),
    );
    expect(result).toEqual({
      ok: false,
      problems: [
        { field: 'contactEmail', message: 'contactEmailFormat' },
        { field: 'officialKey', message: 'officialKeyFormat' },
      ],
    });
  });

  it('sends a provider with its municipalities, each once, in a stable order', () => {
    const result = toCreateRequest(
      values({ kind: 'provider', name: 'IN VIA Köln', municipalityIds: [KOELN, BONN, KOELN] }),
    );
    expect(result).toEqual({
      ok: true,
      body: { kind: 'provider', name: 'IN VIA Köln', municipalityIds: [KOELN, BONN].sort() },
    });
  });
});

describe('toUpdateRequest', () => {
  it('sends nothing when nothing changed', () => {
    const original = organisation();
    expect(toUpdateRequest(valuesOf(original), original)).toEqual({ ok: true, body: {} });
  });

  it('sends only the changed fields; an emptied text becomes null', () => {
    const original = organisation({ shortName: 'Köln', contactEmail: 'info@stadt-koeln.de' });
    const result = toUpdateRequest(
      { ...valuesOf(original), shortName: '', budgetRecovery: true, name: 'Stadt Köln ' },
      original,
    );
    expect(result).toEqual({ ok: true, body: { shortName: null, budgetRecovery: true } });
  });

  it('clears the district when a district town becomes a district-free city', () => {
    const original = organisation({ municipalityKind: 'district_town', districtId: DISTRICT });
    const result = toUpdateRequest({ ...valuesOf(original), municipalityKind: 'district_free_city' }, original);
    expect(result).toEqual({ ok: true, body: { municipalityKind: 'district_free_city', districtId: null } });
  });

  it('keeps the kind of the loaded organisation and checks its rules', () => {
    const original = organisation();
    const result = toUpdateRequest(
      { ...valuesOf(original), kind: 'provider', name: '', municipalityKind: 'district_town' },
      original,
    );
    expect(result).toEqual({
      ok: false,
      problems: [
        { field: 'name', message: 'nameRequired' },
        { field: 'districtId', message: 'districtRequired' },
      ],
    });
  });

  it('compares a provider’s municipalities as a set', () => {
    const original = organisation({
      kind: 'provider',
      municipalityKind: null,
      officialKey: null,
      allianceMember: false,
      municipalityIds: [BONN, KOELN].sort(),
    });
    expect(toUpdateRequest({ ...valuesOf(original), municipalityIds: [KOELN, BONN] }, original)).toEqual({
      ok: true,
      body: {},
    });
    expect(toUpdateRequest({ ...valuesOf(original), municipalityIds: [KOELN] }, original)).toEqual({
      ok: true,
      body: { municipalityIds: [KOELN] },
    });
  });
});

describe('formProblems', () => {
  it('maps the server’s field errors onto fields, one per field, in form order', () => {
    const problems = formProblems(
      [
        { field: 'municipalityIds.0', code: 'not_found' },
        { field: 'name', code: 'duplicate' },
        { field: 'name', code: 'too_big' },
        { field: 'if-match', code: 'required' },
      ],
      values({ kind: 'provider' }),
    );
    expect(problems).toEqual([
      { field: 'name', message: 'nameDuplicate' },
      { field: 'municipalityIds', message: 'municipalitiesNotFound' },
    ]);
  });

  it('does not blame an empty official key for a clash of names', () => {
    const reported = [
      { field: 'name', code: 'duplicate' },
      { field: 'officialKey', code: 'duplicate' },
    ];
    expect(formProblems(reported, values({ officialKey: '' })).map((problem) => problem.field)).toEqual(['name']);
    expect(formProblems(reported, values({ officialKey: '05315000' })).map((problem) => problem.field)).toEqual([
      'name',
      'officialKey',
    ]);
  });

  it('falls back to a general message for unknown codes', () => {
    expect(messageFor('shortName', 'something_new')).toBe('invalid');
    expect(messageFor('allianceMember', 'not_allowed')).toBe('notAllowed');
    expect(messageFor('shortName', 'too_big')).toBe('tooLong');
  });
});

describe('sectionsFor', () => {
  it('shows municipality fields only for municipalities, the district only for district towns', () => {
    expect(sectionsFor({ kind: 'municipality', municipalityKind: 'district_town' })).toEqual({
      municipality: true,
      district: true,
      provider: false,
    });
    expect(sectionsFor({ kind: 'municipality', municipalityKind: 'district' })).toEqual({
      municipality: true,
      district: false,
      provider: false,
    });
    expect(sectionsFor({ kind: 'provider', municipalityKind: 'district_town' })).toEqual({
      municipality: false,
      district: false,
      provider: true,
    });
  });
});

describe('labels', () => {
  const ERROR_KEYS: ErrorKey[] = [
    'required',
    'invalid',
    'tooLong',
    'notAllowed',
    'notFound',
    'duplicate',
    'kindRequired',
    'nameRequired',
    'nameDuplicate',
    'officialKeyFormat',
    'officialKeyDuplicate',
    'contactEmailFormat',
    'municipalityKindRequired',
    'districtRequired',
    'municipalitiesNotFound',
  ];

  it.each([
    ['de', de],
    ['en', en],
  ] as const)('has every kind, field and error message in %s', (_language, messages) => {
    for (const kind of organisationKinds) expect(messages.organisations.kinds[kind], kind).toBeTruthy();
    for (const kind of municipalityKinds) expect(messages.organisations.municipalityKinds[kind], kind).toBeTruthy();
    for (const field of FORM_FIELDS) expect(messages.organisations.form[field], field).toBeTruthy();
    for (const key of ERROR_KEYS) expect(messages.organisations.errors[key], key).toBeTruthy();
  });

  it('maps every code at every field onto a message that exists', () => {
    const codes = [
      'required',
      'too_small',
      'too_big',
      'invalid_format',
      'invalid_value',
      'invalid_type',
      'duplicate',
      'not_allowed',
      'not_found',
      'x',
    ];
    for (const field of FORM_FIELDS) {
      for (const code of codes)
        expect(de.organisations.errors[messageFor(field, code)], `${field}/${code}`).toBeTruthy();
    }
  });
});
