import { describe, expect, it } from 'vitest';
import type { RetentionPolicy } from '../../../data-rights/data-rights.schema.ts';
import type { Strand } from '../../../participants/participant.codes.ts';
import type { MunicipalityEligibilityPolicy } from '../../../participants/participant.schema.ts';
import {
  eligibilityChanged,
  eligibilityProblems,
  eligibilityValuesOf,
  retentionChanged,
  retentionProblems,
  retentionValuesOf,
  toEligibilityRequest,
  toRetentionRequest,
} from './policy-form-values.ts';

const strands = (workBan: readonly Strand[]): MunicipalityEligibilityPolicy['defaults']['strands'] => ({
  FB1: { excludeWorkBan: workBan.includes('FB1') },
  FB2: { excludeWorkBan: workBan.includes('FB2') },
  FB3: { excludeWorkBan: workBan.includes('FB3') },
  FB4: { excludeWorkBan: workBan.includes('FB4') },
  FB5: { excludeWorkBan: workBan.includes('FB5') },
  FB6: { excludeWorkBan: workBan.includes('FB6') },
});

const defaults: MunicipalityEligibilityPolicy['defaults'] = {
  programme: 'diaa',
  minAge: 18,
  maxAge: 27,
  admittedStatuses: ['asylum_permit', 'toleration_60a', 'toleration_60b', 'toleration_60c', 'toleration_60d'],
  excludeStateReceptionFacility: true,
  excludeOffenders: true,
  strands: strands(['FB2']),
};

function policy(
  override: MunicipalityEligibilityPolicy['override'],
  effective = defaults,
): MunicipalityEligibilityPolicy {
  return {
    municipalityId: '11111111-1111-4111-8111-111111111111',
    override,
    defaults,
    effective,
    version: 2,
  };
}

describe('the eligibility settings form', () => {
  it('starts from the rules in force and in the mode stored', () => {
    expect(eligibilityValuesOf(policy(null))).toEqual({
      mode: 'defaults',
      minAge: '18',
      maxAge: '27',
      admittedStatuses: defaults.admittedStatuses,
      excludeStateReceptionFacility: true,
      strandsExcludingWorkBan: ['FB2'],
    });
    const admitted = [...defaults.admittedStatuses, 'temporary_protection_24' as const];
    const own = policy({ admittedStatuses: admitted }, { ...defaults, admittedStatuses: admitted });
    expect(eligibilityValuesOf(own)).toMatchObject({ mode: 'own', admittedStatuses: admitted });
  });

  it('stores only what departs from the programme, and the programme rules as no override', () => {
    const values = eligibilityValuesOf(policy(null));
    expect(toEligibilityRequest(values, defaults)).toEqual({ ok: true, body: { override: null } });
    expect(toEligibilityRequest({ ...values, mode: 'own' }, defaults)).toEqual({ ok: true, body: { override: null } });
    expect(
      toEligibilityRequest(
        {
          ...values,
          mode: 'own',
          maxAge: '29',
          admittedStatuses: ['temporary_protection_24', ...defaults.admittedStatuses],
          strandsExcludingWorkBan: [],
        },
        defaults,
      ),
    ).toEqual({
      ok: true,
      body: {
        override: {
          maxAge: 29,
          // In the order of the code list, whatever order they were ticked in.
          admittedStatuses: [...defaults.admittedStatuses, 'temporary_protection_24'],
          strandsExcludingWorkBan: [],
        },
      },
    });
  });

  it('names every problem at its field', () => {
    const values = { ...eligibilityValuesOf(policy(null)), mode: 'own' as const };
    expect(toEligibilityRequest({ ...values, minAge: '', maxAge: 'x' }, defaults)).toEqual({
      ok: false,
      problems: [
        { field: 'minAge', problem: 'required' },
        { field: 'maxAge', problem: 'whole' },
      ],
    });
    expect(toEligibilityRequest({ ...values, minAge: '30', admittedStatuses: [] }, defaults)).toEqual({
      ok: false,
      problems: [
        { field: 'maxAge', problem: 'minAboveMax' },
        { field: 'admittedStatuses', problem: 'statusesRequired' },
      ],
    });
    expect(toEligibilityRequest({ ...values, maxAge: '120' }, defaults)).toEqual({
      ok: false,
      problems: [{ field: 'maxAge', problem: 'range' }],
    });
  });

  it('reads the server’s field errors under "override"', () => {
    expect(
      eligibilityProblems([
        {
          field: 'override.maxAge',
          code: 'custom',
          message: 'the youngest admitted age (30) is above the oldest (27)',
        },
        { field: 'override.admittedStatuses', code: 'too_small', message: '' },
      ]),
    ).toEqual([
      { field: 'maxAge', problem: 'minAboveMax' },
      { field: 'admittedStatuses', problem: 'statusesRequired' },
    ]);
  });

  it('tells a change from a save of what is stored', () => {
    const stored = policy({ maxAge: 29, admittedStatuses: ['toleration_60a', 'asylum_permit'] });
    expect(
      eligibilityChanged({ override: { admittedStatuses: ['asylum_permit', 'toleration_60a'], maxAge: 29 } }, stored),
    ).toBe(false);
    expect(eligibilityChanged({ override: null }, stored)).toBe(true);
    expect(eligibilityChanged({ override: {} }, policy(null))).toBe(false);
  });
});

const retention: RetentionPolicy = {
  caseData: {
    periodMonths: 60,
    action: 'anonymise',
    enabled: true,
    isDefault: true,
    minimumPeriodMonths: 6,
    updatedAt: null,
  },
  consentBased: {
    periodMonths: 0,
    action: 'delete',
    enabled: true,
    isDefault: true,
    minimumPeriodMonths: 0,
    updatedAt: null,
  },
  withoutCase: {
    periodMonths: 24,
    action: 'delete',
    enabled: true,
    isDefault: true,
    minimumPeriodMonths: 1,
    updatedAt: null,
  },
  version: 1,
};

describe('the deletion periods form', () => {
  it('sends every class and notices when nothing changed', () => {
    const values = retentionValuesOf(retention);
    const same = toRetentionRequest(values, retention);
    expect(same.ok && retentionChanged(same.body, retention)).toBe(false);
    const changed = toRetentionRequest(
      {
        ...values,
        caseData: { ...values.caseData, periodMonths: '72' },
        withoutCase: { ...values.withoutCase, enabled: false },
      },
      retention,
    );
    expect(changed).toEqual({
      ok: true,
      body: {
        caseData: { periodMonths: 72, action: 'anonymise', enabled: true },
        consentBased: { periodMonths: 0, action: 'delete', enabled: true },
        withoutCase: { periodMonths: 24, action: 'delete', enabled: false },
      },
    });
    expect(changed.ok && retentionChanged(changed.body, retention)).toBe(true);
  });

  it('refuses periods below the class’s minimum, above 600 months, blank or not whole', () => {
    const values = retentionValuesOf(retention);
    expect(
      toRetentionRequest(
        {
          caseData: { ...values.caseData, periodMonths: '5' },
          consentBased: { ...values.consentBased, periodMonths: '601' },
          withoutCase: { ...values.withoutCase, periodMonths: '1,5' },
        },
        retention,
      ),
    ).toEqual({
      ok: false,
      problems: [
        { field: 'caseData', problem: 'tooShort' },
        { field: 'consentBased', problem: 'tooLong' },
        { field: 'withoutCase', problem: 'whole' },
      ],
    });
    expect(retentionProblems([{ field: 'withoutCase.periodMonths', code: 'too_small' }])).toEqual([
      { field: 'withoutCase', problem: 'tooShort' },
    ]);
  });
});
