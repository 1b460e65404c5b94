// Builders and fast-check arbitraries of a person's measure history, for the measure-career detector's tests
// (pure rules and the full-versus-incremental property on a real database).
import fc from 'fast-check';
import { addDays } from '../../src/cases/case.rules.ts';
import type { CareerEnrolment, CareerHistory } from '../../src/careers/career.rules.ts';
import { defaultCareerSettings, type CareerSettings } from '../../src/careers/career.schema.ts';
import {
  dropoutReasons,
  enrolmentStatuses,
  type DropoutReason,
  type EnrolmentStatus,
  type OfferType,
} from '../../src/offers/offer.codes.ts';
import type { CefrLevel } from '../../src/participants/participant.codes.ts';

let sequence = 0;

/** A deterministic, sortable id (uuid-shaped): ids decide ties between measures that start on the same day. */
export function testId(n = (sequence += 1)): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

export function enrolment(overrides: Partial<CareerEnrolment> & { startsOn: string | null }): CareerEnrolment {
  return {
    id: testId(),
    offerId: testId(),
    providerId: '00000000-0000-4000-8000-aaaaaaaaaaaa',
    // 'other' is a measure on no ladder: neither support only nor a vocational stage.
    offerType: 'other',
    courseLevel: null,
    status: 'completed',
    referredOn: overrides.startsOn ?? '2020-01-01',
    endsOn: overrides.startsOn === null ? null : addDays(overrides.startsOn, 90),
    dropoutReason: null,
    cefrLevelReached: null,
    schoolQualificationReached: null,
    vocationalQualificationReached: false,
    certificate: false,
    examResult: null,
    ...overrides,
  };
}

export function history(overrides: Partial<CareerHistory> = {}): CareerHistory {
  return {
    germanLevels: [{ level: 'A2', on: null }],
    schoolQualifications: [],
    enrolments: [],
    lastContactOn: null,
    hasOpenCase: true,
    ...overrides,
  };
}

/** The defaults with every rule off but the ones named (so that a test sees one rule at a time). */
export function only(...rules: (keyof CareerSettings)[]): CareerSettings {
  const settings = structuredClone(defaultCareerSettings) as unknown as CareerSettings;
  for (const rule of Object.keys(settings) as (keyof CareerSettings)[]) {
    settings[rule].enabled = rules.includes(rule);
  }
  return settings;
}

export function allRules(): CareerSettings {
  return structuredClone(defaultCareerSettings) as unknown as CareerSettings;
}

// --- Arbitraries -------------------------------------------------------------------------------------------------

const FIRST_DAY = Date.UTC(2020, 0, 1);
const DAYS = 5 * 365;
export const arbitraryDate = fc
  .integer({ min: 0, max: DAYS })
  .map((offset) => new Date(FIRST_DAY + offset * 86_400_000).toISOString().slice(0, 10));

const types: OfferType[] = [
  'coaching',
  'integration_course',
  'youth_integration_course',
  'job_language_course',
  'preparation_course',
  'vocational_preparation',
  'entry_qualification',
  'training_dual',
  'school_certificate_course',
];
const levels: (CefrLevel | null)[] = [null, 'A1', 'A2', 'B1', 'B2'];

export interface ArbitraryEnrolmentFacts {
  offerType: OfferType;
  courseLevel: CefrLevel | null;
  status: EnrolmentStatus;
  startsOn: string;
  lengthDays: number;
  dropoutReason: DropoutReason;
  cefrLevelReached: CefrLevel | null;
  schoolQualificationReached: 'esa' | null;
  vocationalQualificationReached: boolean;
  certificate: boolean;
}

/** One enrolment's facts (status consistent with the table's constraints). */
export const arbitraryEnrolmentFacts: fc.Arbitrary<ArbitraryEnrolmentFacts> = fc.record({
  offerType: fc.constantFrom(...types),
  courseLevel: fc.constantFrom(...levels),
  status: fc.constantFrom(...enrolmentStatuses, 'completed', 'dropped_out'),
  startsOn: arbitraryDate,
  lengthDays: fc.integer({ min: 0, max: 500 }),
  dropoutReason: fc.constantFrom(...dropoutReasons),
  cefrLevelReached: fc.option(fc.constantFrom<CefrLevel>('A1', 'A2', 'B1', 'B2', 'C1'), { freq: 4 }),
  schoolQualificationReached: fc.option(fc.constant('esa' as const), { freq: 8 }),
  vocationalQualificationReached: fc.integer({ min: 0, max: 19 }).map((n) => n === 0),
  certificate: fc.boolean(),
});

export function toCareerEnrolment(facts: ArbitraryEnrolmentFacts, index: number): CareerEnrolment {
  const started = facts.status !== 'waiting' && facts.status !== 'not_started';
  return {
    id: testId(1_000_000 + index),
    offerId: testId(2_000_000 + index),
    providerId: '00000000-0000-4000-8000-aaaaaaaaaaaa',
    offerType: facts.offerType,
    courseLevel: facts.courseLevel,
    status: facts.status,
    referredOn: facts.startsOn,
    startsOn: started ? facts.startsOn : null,
    endsOn: started && facts.status !== 'active' ? addDays(facts.startsOn, facts.lengthDays) : null,
    dropoutReason: facts.status === 'dropped_out' ? facts.dropoutReason : null,
    cefrLevelReached: started ? facts.cefrLevelReached : null,
    schoolQualificationReached: started ? facts.schoolQualificationReached : null,
    vocationalQualificationReached: started && facts.vocationalQualificationReached,
    certificate: started && facts.certificate,
    examResult: null,
  };
}

export const arbitraryHistory: fc.Arbitrary<CareerHistory> = fc
  .record({
    german: fc.constantFrom<CefrLevel | null>(null, 'A0', 'A1', 'A2', 'B1'),
    school: fc.constantFrom<('esa' | 'msa')[]>([], ['esa'], ['msa']),
    enrolments: fc.array(arbitraryEnrolmentFacts, { maxLength: 12 }),
    lastContactOn: fc.option(arbitraryDate),
    hasOpenCase: fc.boolean(),
  })
  .map(({ german, school, enrolments, lastContactOn, hasOpenCase }) => ({
    germanLevels: german === null ? [] : [{ level: german, on: null }],
    schoolQualifications: school,
    enrolments: enrolments.map(toCareerEnrolment),
    lastContactOn,
    hasOpenCase,
  }));

export const TODAY = '2025-06-30';
