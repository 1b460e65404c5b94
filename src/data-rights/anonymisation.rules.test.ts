import { describe, expect, it } from 'vitest';
import {
  ANONYMISATION_PLAN,
  changedColumns,
  participantNumber,
  personTables,
  scrubStructured,
} from './anonymisation.rules.ts';

describe('scrubStructured', () => {
  it('keeps codes, numbers, booleans and dates of an assessment and drops every free text', () => {
    const areas = {
      language: {
        needsSupport: true,
        notes: 'Versteht wenig am Telefon',
        germanLevel: 'A2',
        otherLanguages: [{ language: 'ar', level: 'native' }],
      },
      vocational: {
        needsSupport: false,
        workExperienceMonths: 24,
        occupations: ['tischler', 'Koch'],
        vocationalGoal: 'Ausbildung als Tischler',
      },
      legal_status: {
        needsSupport: true,
        residenceStatus: 'toleration_60a',
        documentExpiry: '2025-05-31',
        notes: null,
      },
      housing: { needsSupport: false, accommodation: 'municipal_shelter' },
      health: { needsSupport: true, limitsWorkOrTraining: false, notes: 'Rückenschmerzen seit 2019' },
    };
    expect(scrubStructured(areas)).toEqual({
      language: { needsSupport: true, germanLevel: 'A2', otherLanguages: [{ language: 'ar', level: 'native' }] },
      vocational: { needsSupport: false, workExperienceMonths: 24 },
      legal_status: { needsSupport: true, residenceStatus: 'toleration_60a', documentExpiry: '2025-05-31' },
      housing: { needsSupport: false, accommodation: 'municipal_shelter' },
      health: { needsSupport: true, limitsWorkOrTraining: false },
    });
  });

  it('drops strings that are not codes wherever they are', () => {
    expect(scrubStructured(['ok_code', 'Freier Text', 'B1', 'FB2', 'SY', 'mit Leerzeichen'])).toEqual([
      'ok_code',
      'B1',
      'FB2',
      'SY',
    ]);
    expect(scrubStructured({ a: { b: { c: 'Name: Samir' } } })).toEqual({ a: { b: {} } });
  });
});

describe('the plan', () => {
  it('classifies at least the identifying columns of the participant for removal', () => {
    expect(changedColumns('participant')).toEqual(
      expect.arrayContaining([
        'family_name',
        'given_names',
        'family_name_original',
        'given_names_original',
        'name_keys',
        'birth_date',
        'phone',
        'email',
        'street',
        'postcode',
        'external_id',
        'number',
        'vocational_experience',
      ]),
    );
  });

  it('keeps the statistical facts', () => {
    const plan = ANONYMISATION_PLAN.participant;
    if (plan.rows !== 'scrub') throw new Error('participant is scrubbed');
    for (const column of ['gender', 'countries_of_origin', 'nationalities', 'city_district', 'accommodation']) {
      expect(plan.columns[column]).toBe('keep');
    }
  });

  it('has a plan for every person table and deletes documents and consents', () => {
    expect(Object.keys(ANONYMISATION_PLAN).sort()).toEqual([...personTables].sort());
    expect(ANONYMISATION_PLAN.case_document.rows).toBe('delete');
    expect(ANONYMISATION_PLAN.participant_consent.rows).toBe('delete');
  });

  it('formats numbers as the participants area does', () => {
    expect(participantNumber(123)).toBe('TN-000123');
    expect(participantNumber(1234567)).toBe('TN-1234567');
  });
});
