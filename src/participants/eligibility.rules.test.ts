import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  accommodations,
  birthDatePrecisions,
  residenceStatuses,
  strands,
  workPermissions,
  type ResidenceStatus,
  type Strand,
} from './participant.codes.ts';
import {
  completedYears,
  eligibilityLost,
  evaluateEligibility,
  parseIsoDate,
  type EligibilityDecision,
  type EligibilityException,
  type EligibilityOutcome,
  type EligibilityPerson,
  type EligibilityReason,
} from './eligibility.rules.ts';
import {
  DIAA_DEFAULT_POLICY,
  municipalityEligibilityOverrideSchema,
  resolvePolicy,
  type EligibilityPolicy,
} from './programme-policy.ts';

const TOLERATED = { status: 'toleration_60a' as const, validFrom: '2015-01-01', validTo: null };

function person(overrides: Partial<EligibilityPerson> = {}): EligibilityPerson {
  return {
    birthDate: '2002-06-15',
    birthDatePrecision: 'day',
    residenceStatuses: [TOLERATED],
    accommodation: 'private',
    workPermission: 'permitted',
    excludedOffender: false,
    ...overrides,
  };
}

function evaluate(
  on: string,
  overrides: Partial<EligibilityPerson> = {},
  options: { policy?: EligibilityPolicy; strand?: Strand; exception?: EligibilityException | null } = {},
): EligibilityDecision {
  return evaluateEligibility({
    person: person(overrides),
    policy: options.policy ?? DIAA_DEFAULT_POLICY,
    strand: options.strand ?? 'FB1',
    on,
    exception: options.exception,
  });
}

function reasonOf(decision: EligibilityDecision, rule: EligibilityReason['rule']): EligibilityReason | undefined {
  return decision.reasons.find((item) => item.rule === rule);
}

describe('age at the date of evaluation', () => {
  it.each([
    ['the day before the 18th birthday', '2002-06-15', '2020-06-14', 'not_met', 'age.too_young', 17],
    ['the 18th birthday', '2002-06-15', '2020-06-15', 'met', 'age.within_range', 18],
    ['the last day at 27', '2002-06-15', '2030-06-14', 'met', 'age.within_range', 27],
    ['the 28th birthday', '2002-06-15', '2030-06-15', 'not_met', 'age.too_old', 28],
    ['29 Feb birth: 28 Feb of a non-leap 18th year', '2004-02-29', '2022-02-28', 'not_met', 'age.too_young', 17],
    ['29 Feb birth: 1 Mar of a non-leap 18th year', '2004-02-29', '2022-03-01', 'met', 'age.within_range', 18],
    ['29 Feb birth: 28 Feb of the leap 28th year', '2004-02-29', '2032-02-28', 'met', 'age.within_range', 27],
    ['29 Feb birth: the leap 28th birthday', '2004-02-29', '2032-02-29', 'not_met', 'age.too_old', 28],
    ['29 Feb birth: 28 Feb 2100 (not a leap year)', '2072-02-29', '2100-02-28', 'met', 'age.within_range', 27],
    ['29 Feb birth: 1 Mar 2100 (not a leap year)', '2072-02-29', '2100-03-01', 'not_met', 'age.too_old', 28],
  ] as const)('on %s', (_name, birthDate, on, effect, code, age) => {
    const decision = evaluate(on, { birthDate });
    expect(reasonOf(decision, 'age')).toEqual({ rule: 'age', effect, code, params: { age, minAge: 18, maxAge: 27 } });
    expect(decision.outcome).toBe(effect === 'met' ? 'eligible' : 'not_eligible');
  });

  it.each([
    // year-only: the person was born some day in 2002
    ['year', '2002-01-01', '2019-12-31', 'not_met', 'age.too_young', 17, 17],
    ['year', '2002-01-01', '2019-12-30', 'not_met', 'age.too_young', 17, 16],
    ['year', '2002-01-01', '2020-01-01', 'uncertain', 'age.uncertain', 18, 17],
    ['year', '2002-01-01', '2020-12-30', 'uncertain', 'age.uncertain', 18, 17],
    ['year', '2002-01-01', '2020-12-31', 'met', 'age.within_range', 18, 18],
    ['year', '2002-01-01', '2029-12-31', 'met', 'age.within_range', 27, 27],
    ['year', '2002-01-01', '2030-01-01', 'uncertain', 'age.uncertain', 28, 27],
    ['year', '2002-01-01', '2030-12-31', 'not_met', 'age.too_old', 28, 28],
    // month-only: born some day in June 2002
    ['month', '2002-06-01', '2020-05-31', 'not_met', 'age.too_young', 17, 17],
    ['month', '2002-06-01', '2020-06-01', 'uncertain', 'age.uncertain', 18, 17],
    ['month', '2002-06-01', '2020-06-30', 'met', 'age.within_range', 18, 18],
    ['month', '2002-06-01', '2030-05-31', 'met', 'age.within_range', 27, 27],
    ['month', '2002-06-01', '2030-06-01', 'uncertain', 'age.uncertain', 28, 27],
    ['month', '2002-06-01', '2030-06-30', 'not_met', 'age.too_old', 28, 28],
    // February of a leap year: the last possible birthday is the 29th
    ['month', '2004-02-01', '2022-02-28', 'uncertain', 'age.uncertain', 18, 17],
    ['month', '2004-02-01', '2022-03-01', 'met', 'age.within_range', 18, 18],
  ] as const)('%s precision, born %s, on %s: %s', (precision, birthDate, on, effect, code, oldest, youngest) => {
    const decision = evaluate(on, { birthDate, birthDatePrecision: precision });
    const age = reasonOf(decision, 'age');
    expect(age).toMatchObject({ effect, code });
    expect(age?.params).toMatchObject(
      oldest === youngest ? { age: oldest } : { minPossibleAge: youngest, maxPossibleAge: oldest, precision },
    );
    // Benefit of the doubt: an uncertain age does not exclude, but it is reported for staff to verify.
    expect(decision.outcome).toBe(effect === 'not_met' ? 'not_eligible' : 'eligible');
  });

  it('treats a missing birth date as uncertain and stays eligible', () => {
    const decision = evaluate('2024-01-01', { birthDate: null, birthDatePrecision: null });
    expect(reasonOf(decision, 'birth_date_unknown')).toEqual({
      rule: 'birth_date_unknown',
      effect: 'uncertain',
      code: 'birth_date.unknown',
      params: {},
    });
    expect(reasonOf(decision, 'age')).toBeUndefined();
    expect(decision.outcome).toBe('eligible');
  });

  it.each(['2003-02-29', '2002-13-01', '2002-06-31', '15.06.2002', '2002-6-15', '', ' 2002-06-15', '0000-01-01'])(
    'treats the malformed birth date %j as unknown',
    (birthDate) => {
      const decision = evaluate('2024-01-01', { birthDate });
      expect(reasonOf(decision, 'birth_date_unknown')).toMatchObject({
        effect: 'uncertain',
        code: 'birth_date.invalid',
      });
      expect(decision.outcome).toBe('eligible');
    },
  );

  it('counts completed years as German law does', () => {
    const date = (value: string) => parseIsoDate(value) ?? fail(value);
    expect(completedYears(date('2000-02-29'), date('2001-02-28'))).toBe(0);
    expect(completedYears(date('2000-02-29'), date('2001-03-01'))).toBe(1);
    expect(completedYears(date('2000-12-31'), date('2018-12-30'))).toBe(17);
    expect(completedYears(date('2000-12-31'), date('2018-12-31'))).toBe(18);
  });
});

function fail(message: string): never {
  throw new Error(message);
}

describe('exceptions (documented, justified)', () => {
  it('admits someone too old by exception when a justification is given', () => {
    const decision = evaluate('2031-01-01', {}, { exception: { justification: 'Ausbildung läuft, Abbruch droht' } });
    expect(reasonOf(decision, 'age')).toMatchObject({ effect: 'excepted', code: 'age.too_old', params: { age: 28 } });
    expect(decision.outcome).toBe('eligible_by_exception');
  });

  it('admits someone too young by exception when a justification is given', () => {
    const decision = evaluate('2019-01-01', {}, { exception: { justification: 'Schulabschluss im Herbst' } });
    expect(reasonOf(decision, 'age')).toMatchObject({ effect: 'excepted', code: 'age.too_young' });
    expect(decision.outcome).toBe('eligible_by_exception');
  });

  it.each(['', '   ', '\n\t'])('does not accept an exception without justification (%j)', (justification) => {
    const decision = evaluate('2031-01-01', {}, { exception: { justification } });
    expect(reasonOf(decision, 'age')).toMatchObject({
      effect: 'not_met',
      code: 'age.too_old',
      params: { exception: 'justification_missing' },
    });
    expect(decision.outcome).toBe('not_eligible');
  });

  it('needs no exception within the age range: the outcome is plainly eligible', () => {
    const decision = evaluate('2024-01-01', {}, { exception: { justification: 'vorsorglich' } });
    expect(reasonOf(decision, 'age')).toMatchObject({ effect: 'met' });
    expect(decision.outcome).toBe('eligible');
  });

  it('lifts only the age: not a residence status that is not admitted', () => {
    const decision = evaluate(
      '2031-01-01',
      { residenceStatuses: [{ status: 'residence_25b', validFrom: '2020-01-01', validTo: null }] },
      { exception: { justification: 'Begründung' } },
    );
    expect(reasonOf(decision, 'age')?.effect).toBe('excepted');
    expect(reasonOf(decision, 'residence_status')).toMatchObject({
      effect: 'not_met',
      code: 'residence_status.not_admitted',
    });
    expect(decision.outcome).toBe('not_eligible');
  });

  it.each([
    ['the offender exclusion', { excludedOffender: true }, 'FB1', 'offender'],
    ['the state reception facility', { accommodation: 'state_reception_facility' }, 'FB1', 'state_reception_facility'],
    ['the FB2 work ban', { workPermission: 'banned' }, 'FB2', 'work_ban'],
    ['a missing residence status', { residenceStatuses: [] }, 'FB1', 'residence_status'],
  ] as const)('lifts only the age: not %s', (_name, overrides, strand, rule) => {
    const decision = evaluate('2031-01-01', overrides, { strand, exception: { justification: 'Begründung' } });
    expect(reasonOf(decision, rule)?.effect).toBe('not_met');
    expect(decision.outcome).toBe('not_eligible');
  });
});

describe('residence status on the date', () => {
  const history = [
    { status: 'asylum_permit' as const, validFrom: '2018-01-01', validTo: '2020-03-31' },
    { status: 'toleration_60a' as const, validFrom: '2020-05-01', validTo: null },
  ];

  it.each([
    ['while the asylum procedure runs', '2019-06-01', 'met', 'residence_status.admitted', 'asylum_permit'],
    ['on the last day of the asylum permit', '2020-03-31', 'met', 'residence_status.admitted', 'asylum_permit'],
    ['in the gap between the documents', '2020-04-15', 'not_met', 'residence_status.none', undefined],
    ['on the first day of the toleration', '2020-05-01', 'met', 'residence_status.admitted', 'toleration_60a'],
    ['before any status', '2017-12-31', 'not_met', 'residence_status.none', undefined],
  ])('uses the status valid %s', (_name, on, effect, code, status) => {
    const decision = evaluate(on, { birthDate: '2000-01-01', residenceStatuses: history });
    expect(reasonOf(decision, 'residence_status')).toMatchObject({ effect, code });
    expect(reasonOf(decision, 'residence_status')?.params.status).toBe(status);
    expect(decision.outcome).toBe(effect === 'met' ? 'eligible' : 'not_eligible');
  });

  it('lets the newest document win where two overlap (toleration → § 104c)', () => {
    const statuses = [
      { status: 'toleration_60a' as const, validFrom: '2019-01-01', validTo: null },
      { status: 'chances_104c' as const, validFrom: '2023-01-01', validTo: '2024-06-30' },
    ];
    const during = evaluate('2023-06-01', { birthDate: '2000-01-01', residenceStatuses: statuses });
    expect(reasonOf(during, 'residence_status')).toMatchObject({
      effect: 'not_met',
      code: 'residence_status.not_admitted',
      params: { status: 'chances_104c', validFrom: '2023-01-01' },
    });
    const before = evaluate('2022-12-31', { birthDate: '2000-01-01', residenceStatuses: statuses });
    expect(reasonOf(before, 'residence_status')?.params.status).toBe('toleration_60a');
  });

  const admittedByDefault: ResidenceStatus[] = [
    'asylum_permit',
    'toleration_60a',
    'toleration_60b',
    'toleration_60c',
    'toleration_60d',
  ];
  it.each(residenceStatuses.map((status) => [status, admittedByDefault.includes(status)] as const))(
    'DiAA default: %s admitted = %s',
    (status, admitted) => {
      const decision = evaluate('2024-01-01', {
        residenceStatuses: [{ status, validFrom: '2023-01-01', validTo: null }],
      });
      expect(reasonOf(decision, 'residence_status')).toMatchObject({
        effect: admitted ? 'met' : 'not_met',
        params: { status },
      });
      expect(decision.outcome).toBe(admitted ? 'eligible' : 'not_eligible');
    },
  );

  it('admits temporary protection (§ 24) where the municipality configured it, as Köln did from 2022', () => {
    const ukrainian = {
      residenceStatuses: [{ status: 'temporary_protection_24' as const, validFrom: '2022-03-10', validTo: null }],
    };
    const override = municipalityEligibilityOverrideSchema.parse({
      admittedStatuses: [...DIAA_DEFAULT_POLICY.admittedStatuses, 'temporary_protection_24'],
    });
    const koeln = resolvePolicy(DIAA_DEFAULT_POLICY, override);
    expect(evaluate('2022-06-01', ukrainian, { policy: koeln }).outcome).toBe('eligible');
    expect(evaluate('2022-06-01', ukrainian).outcome).toBe('not_eligible');
    expect(reasonOf(evaluate('2022-06-01', ukrainian), 'residence_status')?.params.status).toBe(
      'temporary_protection_24',
    );
  });
});

describe('exclusions', () => {
  it.each([
    ['FB2 with a work ban', 'FB2', 'banned', 'not_met', 'work_ban.banned', 'not_eligible'],
    ['FB2 with permission', 'FB2', 'permitted', 'met', 'work_ban.permitted', 'eligible'],
    [
      'FB2 with permission subject to approval',
      'FB2',
      'permitted_with_approval',
      'met',
      'work_ban.permitted',
      'eligible',
    ],
    ['FB2 with unknown permission', 'FB2', 'unknown', 'uncertain', 'work_ban.unknown', 'eligible'],
    ['FB1 with a work ban', 'FB1', 'banned', 'met', 'work_ban.not_applicable', 'eligible'],
    ['FB4 with a work ban', 'FB4', 'banned', 'met', 'work_ban.not_applicable', 'eligible'],
  ] as const)('%s', (_name, strand, workPermission, effect, code, outcome) => {
    const decision = evaluate('2024-01-01', { workPermission }, { strand });
    expect(reasonOf(decision, 'work_ban')).toEqual({ rule: 'work_ban', effect, code, params: { strand } });
    expect(decision.outcome).toBe(outcome);
    expect(decision.strand).toBe(strand);
  });

  it('applies the work ban to the strands a municipality configured', () => {
    const policy = resolvePolicy(DIAA_DEFAULT_POLICY, { strandsExcludingWorkBan: ['FB2', 'FB3'] });
    expect(evaluate('2024-01-01', { workPermission: 'banned' }, { policy, strand: 'FB3' }).outcome).toBe(
      'not_eligible',
    );
    expect(evaluate('2024-01-01', { workPermission: 'banned' }, { policy, strand: 'FB1' }).outcome).toBe('eligible');
  });

  it('excludes offenders', () => {
    const decision = evaluate('2024-01-01', { excludedOffender: true });
    expect(reasonOf(decision, 'offender')).toMatchObject({ effect: 'not_met', code: 'offender.excluded' });
    expect(decision.outcome).toBe('not_eligible');
  });

  it.each([
    ['state_reception_facility', 'not_met', 'state_reception_facility.resident', 'not_eligible'],
    ['municipal_shelter', 'met', 'state_reception_facility.not_resident', 'eligible'],
    ['unknown', 'uncertain', 'state_reception_facility.unknown', 'eligible'],
  ] as const)('accommodation %s', (accommodation, effect, code, outcome) => {
    const decision = evaluate('2024-01-01', { accommodation });
    expect(reasonOf(decision, 'state_reception_facility')).toMatchObject({ effect, code });
    expect(decision.outcome).toBe(outcome);
  });

  it('does not exclude residents of a state reception facility where the policy does not', () => {
    const policy = resolvePolicy(DIAA_DEFAULT_POLICY, { excludeStateReceptionFacility: false });
    const decision = evaluate('2024-01-01', { accommodation: 'state_reception_facility' }, { policy });
    expect(reasonOf(decision, 'state_reception_facility')).toMatchObject({
      effect: 'met',
      code: 'state_reception_facility.not_applicable',
    });
    expect(decision.outcome).toBe('eligible');
  });
});

describe('the decision as a whole', () => {
  it('reports every rule, met ones included, with programme, strand and date', () => {
    const decision = evaluate('2024-01-01');
    expect(decision).toEqual({
      outcome: 'eligible',
      evaluatedOn: '2024-01-01',
      strand: 'FB1',
      programme: 'diaa',
      reasons: [
        { rule: 'age', effect: 'met', code: 'age.within_range', params: { age: 21, minAge: 18, maxAge: 27 } },
        {
          rule: 'residence_status',
          effect: 'met',
          code: 'residence_status.admitted',
          params: { status: 'toleration_60a', validFrom: '2015-01-01' },
        },
        { rule: 'state_reception_facility', effect: 'met', code: 'state_reception_facility.not_resident', params: {} },
        { rule: 'offender', effect: 'met', code: 'offender.not_excluded', params: {} },
        { rule: 'work_ban', effect: 'met', code: 'work_ban.not_applicable', params: { strand: 'FB1' } },
      ],
    });
  });

  it('lists every failing rule, not just the first', () => {
    const decision = evaluate(
      '2024-01-01',
      {
        excludedOffender: true,
        accommodation: 'state_reception_facility',
        workPermission: 'banned',
        residenceStatuses: [],
      },
      { strand: 'FB2' },
    );
    expect(decision.reasons.filter((item) => item.effect === 'not_met').map((item) => item.rule)).toEqual([
      'residence_status',
      'state_reception_facility',
      'offender',
      'work_ban',
    ]);
  });

  it('never grants eligibility for an invalid evaluation date', () => {
    const decision = evaluate('2024-02-30');
    expect(decision.outcome).toBe('not_eligible');
    expect(reasonOf(decision, 'evaluation_date')).toMatchObject({ effect: 'not_met', code: 'evaluation_date.invalid' });
  });

  it.each([
    ['eligible', 'not_eligible', true],
    ['eligible_by_exception', 'not_eligible', true],
    ['eligible', 'eligible_by_exception', false],
    ['not_eligible', 'not_eligible', false],
    ['not_eligible', 'eligible', false],
    [null, 'not_eligible', false],
    ['eligible', 'eligible', false],
  ] as const)('eligibility lost from %s to %s: %s', (previous, next, lost) => {
    expect(eligibilityLost(previous, next)).toBe(lost);
  });
});

describe('programme policy', () => {
  it('resolves to the defaults without an override', () => {
    expect(resolvePolicy(DIAA_DEFAULT_POLICY, null)).toEqual(DIAA_DEFAULT_POLICY);
    expect(resolvePolicy(DIAA_DEFAULT_POLICY, {})).toEqual(DIAA_DEFAULT_POLICY);
  });

  it('applies the age limits of an override', () => {
    const policy = resolvePolicy(DIAA_DEFAULT_POLICY, municipalityEligibilityOverrideSchema.parse({ maxAge: 29 }));
    expect(evaluate('2031-01-01', {}, { policy }).outcome).toBe('eligible');
    expect(reasonOf(evaluate('2031-01-01', {}, { policy }), 'age')?.params).toMatchObject({ age: 28, maxAge: 29 });
  });

  it.each([
    ['minAge above maxAge', { minAge: 25, maxAge: 20 }, 'maxAge'],
    ['a maxAge below the default minAge', { maxAge: 16 }, 'maxAge'],
    ['a minAge above the default maxAge', { minAge: 30 }, 'minAge'],
    ['an unknown field', { excludeOffenders: false }, ''],
    ['a fractional age', { minAge: 17.5 }, 'minAge'],
    ['an unknown status', { admittedStatuses: ['refugee'] }, 'admittedStatuses'],
    ['a status twice', { admittedStatuses: ['asylum_permit', 'asylum_permit'] }, 'admittedStatuses'],
    ['no admitted status at all', { admittedStatuses: [] }, 'admittedStatuses'],
    ['an unknown strand', { strandsExcludingWorkBan: ['FB7'] }, 'strandsExcludingWorkBan'],
  ])('rejects an override with %s', (_name, override, path) => {
    const result = municipalityEligibilityOverrideSchema.safeParse(override);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path[0] ?? '')).toContain(path);
  });

  it('refuses to resolve a stored override that contradicts the defaults', () => {
    expect(() => resolvePolicy(DIAA_DEFAULT_POLICY, { maxAge: 16 })).toThrow(RangeError);
  });
});

// --- Properties ---

const isoDate = fc
  .record({
    year: fc.integer({ min: 1960, max: 2060 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 31 }),
  })
  .map(({ year, month, day }) => {
    const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
    return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(day, last)).padStart(2, '0')}`;
  });
const anyDate = fc.oneof({ weight: 5, arbitrary: isoDate }, { weight: 1, arbitrary: fc.string() });

const statusEntry = (date: fc.Arbitrary<string>) =>
  fc.record({
    status: fc.constantFrom(...residenceStatuses),
    validFrom: date,
    validTo: fc.option(date, { nil: null }),
  });

const personArbitrary = (date: fc.Arbitrary<string>): fc.Arbitrary<EligibilityPerson> =>
  fc.record({
    birthDate: fc.option(date, { nil: null }),
    birthDatePrecision: fc.option(fc.constantFrom(...birthDatePrecisions), { nil: null }),
    residenceStatuses: fc.array(statusEntry(date), { maxLength: 4 }),
    accommodation: fc.constantFrom(...accommodations),
    workPermission: fc.constantFrom(...workPermissions),
    excludedOffender: fc.boolean(),
  });

const policyArbitrary: fc.Arbitrary<EligibilityPolicy> = fc
  .record(
    {
      minAge: fc.integer({ min: 14, max: 27 }),
      maxAge: fc.integer({ min: 27, max: 35 }),
      admittedStatuses: fc.uniqueArray(fc.constantFrom(...residenceStatuses), { minLength: 1 }),
      excludeStateReceptionFacility: fc.boolean(),
      strandsExcludingWorkBan: fc.uniqueArray(fc.constantFrom(...strands)),
    },
    { requiredKeys: [] },
  )
  .map((override) => resolvePolicy(DIAA_DEFAULT_POLICY, override));

const exceptionArbitrary = fc.option(
  fc.record({ justification: fc.oneof(fc.constant(''), fc.constant('  '), fc.string({ minLength: 1 })) }),
  { nil: null },
);

const inputArbitrary = (date: fc.Arbitrary<string>) =>
  fc.record({
    person: personArbitrary(date),
    policy: policyArbitrary,
    strand: fc.constantFrom(...strands),
    on: date,
    exception: exceptionArbitrary,
  });

describe('properties', () => {
  it('is deterministic: the same inputs give deep-equal decisions', () => {
    fc.assert(
      fc.property(inputArbitrary(anyDate), (input) => {
        expect(evaluateEligibility(structuredClone(input))).toEqual(evaluateEligibility(input));
      }),
    );
  });

  it('ignores statuses that ended before or start after the date, and the order of the history', () => {
    fc.assert(
      fc.property(
        inputArbitrary(isoDate),
        fc.array(fc.tuple(fc.boolean(), fc.constantFrom(...residenceStatuses), isoDate, isoDate), { maxLength: 3 }),
        (input, extra) => {
          type Entry = EligibilityPerson['residenceStatuses'][number];
          const outside = extra.flatMap(([ended, status, a, b]): Entry[] => {
            const [from, to] = a <= b ? [a, b] : [b, a];
            if (ended && to < input.on) return [{ status, validFrom: from, validTo: to }];
            if (!ended && from > input.on) return [{ status, validFrom: from, validTo: null }];
            return [];
          });
          const base = evaluateEligibility(input);
          const statuses = [...input.person.residenceStatuses, ...outside].reverse();
          const changed = evaluateEligibility({ ...input, person: { ...input.person, residenceStatuses: statuses } });
          expect(changed.outcome).toBe(base.outcome);
          expect(changed.reasons).toEqual(base.reasons);
        },
      ),
    );
  });

  it('gives every outcome the reasons that explain it', () => {
    fc.assert(
      fc.property(inputArbitrary(anyDate), (input) => {
        const decision = evaluateEligibility(input);
        const effects = (effect: string) => decision.reasons.filter((item) => item.effect === effect);
        const outcomes: Record<EligibilityOutcome, () => void> = {
          // (b) each not_eligible has at least one not_met reason
          not_eligible: () => expect(effects('not_met').length).toBeGreaterThan(0),
          // (c) each eligible has no not_met (and no excepted) reason
          eligible: () => expect(effects('not_met').length + effects('excepted').length).toBe(0),
          // (d) eligible_by_exception only with an excepted age reason
          eligible_by_exception: () => {
            expect(effects('not_met')).toEqual([]);
            expect(effects('excepted').map((item) => item.rule)).toEqual(['age']);
          },
        };
        outcomes[decision.outcome]();
        expect(effects('excepted').every((item) => item.rule === 'age')).toBe(true);
        // Every rule contributes exactly one reason.
        const rules = decision.reasons.map((item) => (item.rule === 'birth_date_unknown' ? 'age' : item.rule));
        expect(rules.filter((rule) => rule !== 'evaluation_date')).toEqual([
          'age',
          'residence_status',
          'state_reception_facility',
          'offender',
          'work_ban',
        ]);
      }),
    );
  });

  it('lets an exception change nothing but the age reason', () => {
    fc.assert(
      fc.property(
        inputArbitrary(isoDate),
        fc.string({ minLength: 1 }).filter((text) => text.trim() !== ''),
        (input, text) => {
          const without = evaluateEligibility({ ...input, exception: null });
          const withException = evaluateEligibility({ ...input, exception: { justification: text } });
          const others = (decision: EligibilityDecision) => decision.reasons.filter((item) => item.rule !== 'age');
          expect(others(withException)).toEqual(others(without));
          if (without.outcome === 'eligible') expect(withException.outcome).toBe('eligible');
        },
      ),
    );
  });

  it('never throws, whatever strings stand where dates belong', () => {
    fc.assert(
      fc.property(inputArbitrary(fc.string()), fc.string(), (input, strand) => {
        expect(() => evaluateEligibility(input)).not.toThrow();
        expect(() => evaluateEligibility({ ...input, strand: strand as Strand })).not.toThrow();
      }),
    );
  });
});
