import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allRules, arbitraryHistory, enrolment, history, only, TODAY } from '../../test/helpers/career-histories.ts';
import { addDays as caseAddDays, addMonths as caseAddMonths } from '../cases/case.rules.ts';
import {
  addDays,
  addMonths,
  baselineRungs,
  detectCareer,
  fullMonthsBetween,
  isMeasure,
  isQualification,
  moreThanMonthsAfter,
  succeeded,
  withinMonths,
  type CareerEnrolment,
  type CareerHistory,
} from './career.rules.ts';
import { careerSettingsSchema, defaultCareerSettings } from './career.schema.ts';

const rulesOf = (h: CareerHistory, settings = allRules(), today = TODAY) =>
  detectCareer(h, settings, today).map((finding) => finding.rule);

describe('calendar months', () => {
  it('counts "within M months" up to the day before the same day M months later', () => {
    expect(withinMonths('2024-01-15', '2026-01-14', 24)).toBe(true);
    expect(withinMonths('2024-01-15', '2026-01-15', 24)).toBe(false);
    expect(withinMonths('2024-01-15', '2026-01-16', 24)).toBe(false);
    expect(withinMonths('2024-01-15', '2024-01-15', 24)).toBe(true);
    expect(withinMonths('2024-01-15', '2024-01-14', 24)).toBe(false);
  });

  it('clamps to the end of shorter months', () => {
    // 31 Jan + 1 month = 29 Feb (leap year): the 28th is within, the 29th is not.
    expect(withinMonths('2024-01-31', '2024-02-28', 1)).toBe(true);
    expect(withinMonths('2024-01-31', '2024-02-29', 1)).toBe(false);
  });

  it('counts "more than M months after" from the day after the same day M months later', () => {
    expect(moreThanMonthsAfter('2025-01-31', '2025-04-30', 3)).toBe(false);
    expect(moreThanMonthsAfter('2025-01-31', '2025-05-01', 3)).toBe(true);
    expect(moreThanMonthsAfter('2025-02-10', '2025-05-09', 3)).toBe(false);
    expect(moreThanMonthsAfter('2025-02-10', '2025-05-10', 3)).toBe(false);
    expect(moreThanMonthsAfter('2025-02-10', '2025-05-11', 3)).toBe(true);
  });

  it('shifts dates exactly like the case rules do', () => {
    const day = fc.integer({ min: -200_000, max: 200_000 }).map((n) => caseAddDays('2000-01-01', n));
    fc.assert(
      fc.property(day, fc.integer({ min: -1200, max: 1200 }), fc.integer({ min: -5000, max: 5000 }), (d, m, n) => {
        expect(addMonths(d, m)).toBe(caseAddMonths(d, m));
        expect(addDays(d, n)).toBe(caseAddDays(d, n));
      }),
      { numRuns: 2000 },
    );
  });

  it('counts full months', () => {
    expect(fullMonthsBetween('2025-01-31', '2025-02-27')).toBe(0);
    expect(fullMonthsBetween('2025-01-31', '2025-02-28')).toBe(1);
    expect(fullMonthsBetween('2025-01-15', '2026-01-14')).toBe(11);
    expect(fullMonthsBetween('2025-01-15', '2026-01-15')).toBe(12);
    expect(fullMonthsBetween('2025-03-01', '2025-01-01')).toBe(0);
  });
});

describe('measures and ladders', () => {
  it('counts started measures only: not waiting, not started, coaching or a start after today', () => {
    expect(isMeasure(enrolment({ startsOn: '2025-01-01', status: 'active' }), TODAY)).toBe(true);
    expect(isMeasure(enrolment({ startsOn: '2025-01-01', status: 'dropped_out' }), TODAY)).toBe(true);
    expect(isMeasure(enrolment({ startsOn: null, status: 'waiting' }), TODAY)).toBe(false);
    expect(isMeasure(enrolment({ startsOn: null, status: 'not_started' }), TODAY)).toBe(false);
    expect(isMeasure(enrolment({ startsOn: '2025-01-01', offerType: 'coaching' }), TODAY)).toBe(false);
    expect(isMeasure(enrolment({ startsOn: '2025-07-01', status: 'active' }), TODAY)).toBe(false);
  });

  it('starts from the undated German level (A0 when none) and the recognised school qualification', () => {
    expect(baselineRungs(history({ germanLevels: [] }))).toEqual({ language: 0, school: 0, vocational: 0 });
    expect(
      baselineRungs(
        history({
          germanLevels: [
            { level: 'A2', on: null },
            { level: 'B2', on: '2024-01-01' },
          ],
          schoolQualifications: ['esa', 'foreign_other'],
        }),
      ),
    ).toEqual({ language: 2, school: 1, vocational: 0 });
  });

  it('knows what a success and a qualification are', () => {
    const course = { startsOn: '2024-01-01', offerType: 'integration_course' as const, courseLevel: 'B1' as const };
    expect(succeeded(enrolment({ ...course, cefrLevelReached: 'B1' }))).toBe(true);
    expect(succeeded(enrolment({ ...course, cefrLevelReached: 'A2' }))).toBe(false);
    expect(
      succeeded(enrolment({ ...course, cefrLevelReached: 'B1', status: 'dropped_out', dropoutReason: 'work' })),
    ).toBe(false);
    expect(isQualification(enrolment({ ...course, cefrLevelReached: 'B1' }))).toBe(false);
    expect(isQualification(enrolment({ ...course, cefrLevelReached: 'B1', certificate: true }))).toBe(true);
    expect(isQualification(enrolment({ ...course, cefrLevelReached: 'A2', certificate: true }))).toBe(false);
    expect(isQualification(enrolment({ ...course, cefrLevelReached: 'B1', examResult: 'passed' }))).toBe(true);
    expect(isQualification(enrolment({ startsOn: '2024-01-01', schoolQualificationReached: 'esa' }))).toBe(true);
    expect(isQualification(enrolment({ startsOn: '2024-01-01', schoolQualificationReached: 'foreign_other' }))).toBe(
      false,
    );
    expect(isQualification(enrolment({ startsOn: '2024-01-01', vocationalQualificationReached: true }))).toBe(true);
  });
});

describe('no_progress', () => {
  const settings = only('no_progress');
  const three = (second: string, third: string) => [
    enrolment({ startsOn: '2023-01-15' }),
    enrolment({ startsOn: second }),
    enrolment({ startsOn: third }),
  ];

  it('alerts on the third measure started within 24 months without a step up', () => {
    const measures = three('2023-06-01', '2025-01-14');
    const findings = detectCareer(history({ enrolments: measures }), settings, TODAY);
    expect(findings).toEqual([
      {
        rule: 'no_progress',
        anchorEnrolmentId: measures[0]?.id,
        enrolmentIds: measures.map((m) => m.id),
        details: {
          count: 3,
          withinMonths: 24,
          firstOn: '2023-01-15',
          lastOn: '2025-01-14',
          rungs: { language: 'A2', school: 'none', vocational: 'none' },
        },
      },
    ]);
  });

  it('does not alert when the third starts on (or after) the day 24 months after the first', () => {
    expect(rulesOf(history({ enrolments: three('2023-06-01', '2025-01-15') }), settings)).toEqual([]);
    expect(rulesOf(history({ enrolments: three('2023-06-01', '2025-01-16') }), settings)).toEqual([]);
  });

  it('does not alert on two measures', () => {
    expect(rulesOf(history({ enrolments: three('2023-06-01', '2025-01-14').slice(0, 2) }), settings)).toEqual([]);
  });

  it('does not count coaching, waiting or not-started enrolments as measures', () => {
    const enrolments = [
      enrolment({ startsOn: '2023-01-15' }),
      enrolment({ startsOn: '2023-03-01', offerType: 'coaching' }),
      enrolment({ startsOn: null, status: 'waiting' }),
      enrolment({ startsOn: null, status: 'not_started' }),
      enrolment({ startsOn: '2023-06-01' }),
    ];
    expect(rulesOf(history({ enrolments }), settings)).toEqual([]);
  });

  it('resets the count with a step up: a language level reached', () => {
    const enrolments = [
      enrolment({ startsOn: '2023-01-15', offerType: 'integration_course', courseLevel: 'B1', cefrLevelReached: 'B1' }),
      enrolment({ startsOn: '2023-06-01' }),
      enrolment({ startsOn: '2024-01-01' }),
    ];
    // The first one's B1 (ending 2023-04-15) is a step up: only two measures since.
    expect(rulesOf(history({ enrolments }), settings)).toEqual([]);
    const fourth = enrolment({ startsOn: '2024-06-01' });
    const findings = detectCareer(history({ enrolments: [...enrolments, fourth] }), settings, TODAY);
    expect(findings.map((f) => f.anchorEnrolmentId)).toEqual([enrolments[1]?.id]);
    expect(findings[0]?.enrolmentIds).toEqual([enrolments[1]?.id, enrolments[2]?.id, fourth.id]);
  });

  it('counts a level reached that is not above the best so far as no step up', () => {
    const enrolments = [
      enrolment({ startsOn: '2023-01-15', offerType: 'integration_course', courseLevel: 'A2', cefrLevelReached: 'A2' }),
      enrolment({ startsOn: '2023-06-01' }),
      enrolment({ startsOn: '2024-01-01' }),
    ];
    expect(rulesOf(history({ enrolments }), settings)).toEqual(['no_progress']);
  });

  it('resets on starting a higher vocational stage, which itself is not counted', () => {
    const enrolments = [
      enrolment({ startsOn: '2023-01-15', offerType: 'integration_course' }),
      enrolment({ startsOn: '2023-06-01', offerType: 'integration_course' }),
      enrolment({ startsOn: '2024-01-01', offerType: 'entry_qualification' }),
      enrolment({ startsOn: '2024-06-01', offerType: 'integration_course' }),
      enrolment({ startsOn: '2024-09-01', offerType: 'integration_course' }),
    ];
    expect(rulesOf(history({ enrolments }), settings)).toEqual([]);
    // A second EQ is no step up any more.
    const again = enrolment({ startsOn: '2024-10-01', offerType: 'entry_qualification' });
    expect(detectCareer(history({ enrolments: [...enrolments, again] }), settings, TODAY)[0]?.enrolmentIds).toEqual([
      enrolments[3]?.id,
      enrolments[4]?.id,
      again.id,
    ]);
  });

  it('resets with dated German evidence on the participant record', () => {
    const enrolments = three('2023-06-01', '2024-06-01');
    expect(rulesOf(history({ enrolments, germanLevels: [{ level: 'B1', on: '2023-07-01' }] }), settings)).toEqual([]);
    expect(rulesOf(history({ enrolments, germanLevels: [{ level: 'B1', on: null }] }), settings)).toEqual([
      'no_progress',
    ]);
  });

  it('counts a measure that starts on the day of a step up as after it', () => {
    const first = enrolment({
      startsOn: '2023-01-15',
      endsOn: '2023-06-01',
      offerType: 'school_certificate_course',
      schoolQualificationReached: 'esa',
    });
    const enrolments = [
      first,
      enrolment({ startsOn: '2023-06-01' }),
      enrolment({ startsOn: '2023-09-01' }),
      enrolment({ startsOn: '2024-01-01' }),
    ];
    const findings = detectCareer(history({ enrolments }), settings, TODAY);
    expect(findings[0]?.enrolmentIds).toEqual(enrolments.slice(1).map((m) => m.id));
  });

  it('alerts while the third measure is still running, and resolves when it ends with a step up', () => {
    const running = enrolment({
      startsOn: '2025-01-01',
      status: 'active',
      endsOn: null,
      offerType: 'integration_course',
    });
    const h = history({ enrolments: [...three('2023-06-01', '2024-06-01').slice(0, 2), running] });
    expect(rulesOf(h, settings)).toEqual(['no_progress']);
    const done = { ...running, status: 'completed' as const, endsOn: '2025-06-01', cefrLevelReached: 'B1' as const };
    expect(rulesOf({ ...h, enrolments: [...h.enrolments.slice(0, 2), done] }, settings)).toEqual([]);
  });

  it('takes the first window of a long run as its anchor and lists the run from there', () => {
    const enrolments = [
      enrolment({ startsOn: '2020-01-01' }),
      enrolment({ startsOn: '2022-06-01' }),
      enrolment({ startsOn: '2023-01-01' }),
      enrolment({ startsOn: '2023-06-01' }),
    ];
    const findings = detectCareer(history({ enrolments }), settings, TODAY);
    expect(findings[0]?.anchorEnrolmentId).toBe(enrolments[1]?.id);
    expect(findings[0]?.details.count).toBe(3);
  });

  it('follows the municipality thresholds', () => {
    const tuned = only('no_progress');
    tuned.no_progress.minMeasures = 4;
    expect(rulesOf(history({ enrolments: three('2023-06-01', '2024-06-01') }), tuned)).toEqual([]);
    tuned.no_progress.minMeasures = 2;
    tuned.no_progress.withinMonths = 3;
    expect(rulesOf(history({ enrolments: three('2023-06-01', '2024-06-01') }), tuned)).toEqual([]);
    tuned.no_progress.withinMonths = 5;
    expect(rulesOf(history({ enrolments: three('2023-06-01', '2024-06-01') }), tuned)).toEqual(['no_progress']);
  });
});

describe('repeated_same_level', () => {
  const settings = only('repeated_same_level');
  const course = (startsOn: string, level: 'A2' | 'B1', extra: Partial<CareerEnrolment> = {}) =>
    enrolment({ startsOn, offerType: 'integration_course', courseLevel: level, ...extra });

  it('alerts on the same kind of offer at the same level twice', () => {
    const first = course('2023-01-01', 'B1', { cefrLevelReached: 'A2' });
    const second = course('2024-01-01', 'B1', { status: 'active', endsOn: null });
    const findings = detectCareer(history({ enrolments: [first, second] }), settings, TODAY);
    expect(findings).toEqual([
      {
        rule: 'repeated_same_level',
        anchorEnrolmentId: first.id,
        enrolmentIds: [first.id, second.id],
        details: {
          count: 2,
          offerType: 'integration_course',
          level: 'B1',
          firstOn: '2023-01-01',
          lastOn: '2024-01-01',
        },
      },
    ]);
  });

  it('does not alert on another level or another kind', () => {
    expect(
      rulesOf(history({ enrolments: [course('2023-01-01', 'A2'), course('2024-01-01', 'B1')] }), settings),
    ).toEqual([]);
    expect(
      rulesOf(
        history({
          enrolments: [
            course('2023-01-01', 'B1'),
            enrolment({ startsOn: '2024-01-01', offerType: 'youth_integration_course', courseLevel: 'B1' }),
          ],
        }),
        settings,
      ),
    ).toEqual([]);
  });

  it('treats offers without a level as one level of their own (a second BvB)', () => {
    const bvb = (startsOn: string) => enrolment({ startsOn, offerType: 'vocational_preparation' });
    expect(rulesOf(history({ enrolments: [bvb('2022-01-01'), bvb('2024-01-01')] }), settings)).toEqual([
      'repeated_same_level',
    ]);
  });

  it('never counts two offers of the catch-all kind "other" as the same course', () => {
    const other = (startsOn: string) => enrolment({ startsOn, offerType: 'other' });
    expect(rulesOf(history({ enrolments: [other('2022-01-01'), other('2024-01-01')] }), settings)).toEqual([]);
  });

  it('is over when the latest repetition succeeded', () => {
    const enrolments = [
      course('2023-01-01', 'B1', { cefrLevelReached: 'A2' }),
      course('2024-01-01', 'B1', { cefrLevelReached: 'B1' }),
    ];
    expect(rulesOf(history({ enrolments }), settings)).toEqual([]);
  });

  it('needs N repetitions when the municipality says so', () => {
    const tuned = only('repeated_same_level');
    tuned.repeated_same_level.minRepetitions = 3;
    const two = [course('2023-01-01', 'B1'), course('2024-01-01', 'B1')];
    expect(rulesOf(history({ enrolments: two }), tuned)).toEqual([]);
    expect(rulesOf(history({ enrolments: [...two, course('2025-01-01', 'B1')] }), tuned)).toEqual([
      'repeated_same_level',
    ]);
  });
});

describe('repeated_dropouts', () => {
  const settings = only('repeated_dropouts');
  const dropout = (startsOn: string, endsOn: string, reason: CareerEnrolment['dropoutReason'] = 'motivation') =>
    enrolment({ startsOn, endsOn, status: 'dropped_out', dropoutReason: reason });

  it('alerts on two drop-outs within 12 months', () => {
    const first = dropout('2024-01-01', '2024-03-10');
    const second = dropout('2024-05-01', '2025-03-09');
    const findings = detectCareer(history({ enrolments: [first, second] }), settings, TODAY);
    expect(findings).toEqual([
      {
        rule: 'repeated_dropouts',
        anchorEnrolmentId: first.id,
        enrolmentIds: [first.id, second.id],
        details: { count: 2, withinMonths: 12, firstOn: '2024-03-10', lastOn: '2025-03-09', reasons: ['motivation'] },
      },
    ]);
  });

  it('does not alert when the second drop-out is on or after the day 12 months later', () => {
    expect(
      rulesOf(
        history({ enrolments: [dropout('2024-01-01', '2024-03-10'), dropout('2024-05-01', '2025-03-10')] }),
        settings,
      ),
    ).toEqual([]);
    expect(
      rulesOf(
        history({ enrolments: [dropout('2024-01-01', '2024-03-10'), dropout('2024-05-01', '2025-03-11')] }),
        settings,
      ),
    ).toEqual([]);
  });

  it('does not count leaving for work or training (by default) and counts them when the municipality says so', () => {
    const enrolments = [dropout('2024-01-01', '2024-03-10', 'work'), dropout('2024-05-01', '2024-08-01', 'training')];
    expect(rulesOf(history({ enrolments }), settings)).toEqual([]);
    const tuned = only('repeated_dropouts');
    tuned.repeated_dropouts.ignoredReasons = [];
    expect(rulesOf(history({ enrolments }), tuned)).toEqual(['repeated_dropouts']);
  });

  it('is over when a step up follows the drop-outs (a drop-out followed by success)', () => {
    const enrolments = [
      dropout('2024-01-01', '2024-03-10'),
      dropout('2024-05-01', '2024-06-01'),
      enrolment({
        startsOn: '2024-07-01',
        endsOn: '2025-01-31',
        offerType: 'integration_course',
        courseLevel: 'B1',
        cefrLevelReached: 'B1',
      }),
    ];
    expect(rulesOf(history({ enrolments: enrolments.slice(0, 2) }), settings)).toEqual(['repeated_dropouts']);
    expect(rulesOf(history({ enrolments }), settings)).toEqual([]);
  });

  it('does not alert on one drop-out followed by success', () => {
    const enrolments = [
      dropout('2024-01-01', '2024-03-10'),
      enrolment({ startsOn: '2024-04-01', offerType: 'entry_qualification', status: 'active', endsOn: null }),
    ];
    expect(rulesOf(history({ enrolments }), allRules())).toEqual([]);
  });
});

describe('gap_after_measure', () => {
  const settings = only('gap_after_measure');
  const ended = (endsOn: string) => enrolment({ startsOn: '2024-09-01', endsOn });

  it('alerts from the day after 3 months without a measure or a contact', () => {
    const measure = ended('2025-01-31');
    expect(rulesOf(history({ enrolments: [measure] }), settings, '2025-04-30')).toEqual([]);
    const findings = detectCareer(history({ enrolments: [measure] }), settings, '2025-05-01');
    expect(findings).toEqual([
      {
        rule: 'gap_after_measure',
        anchorEnrolmentId: measure.id,
        enrolmentIds: [measure.id],
        details: { lastEndedOn: '2025-01-31', lastContactOn: null, months: 3 },
      },
    ]);
  });

  it('counts from a contact after the measure ended', () => {
    const h = history({ enrolments: [ended('2025-01-31')], lastContactOn: '2025-03-15' });
    expect(rulesOf(h, settings, '2025-06-15')).toEqual([]);
    expect(rulesOf(h, settings, '2025-06-16')).toEqual(['gap_after_measure']);
    // A contact before the end does not count.
    expect(rulesOf({ ...h, lastContactOn: '2025-01-15' }, settings, '2025-05-01')).toEqual(['gap_after_measure']);
  });

  it('does not alert while a measure is active or ends in the future', () => {
    const active = enrolment({ startsOn: '2025-04-01', status: 'active', endsOn: null });
    expect(rulesOf(history({ enrolments: [ended('2024-01-31'), active] }), settings, '2025-06-01')).toEqual([]);
    expect(rulesOf(history({ enrolments: [ended('2025-12-31')] }), settings, '2025-06-01')).toEqual([]);
  });

  it('anchors on the measure that ended last', () => {
    const early = enrolment({ startsOn: '2024-01-01', endsOn: '2024-12-01' });
    const late = enrolment({ startsOn: '2024-02-01', endsOn: '2025-01-31' });
    expect(detectCareer(history({ enrolments: [late, early] }), settings, '2025-06-01')[0]?.anchorEnrolmentId).toBe(
      late.id,
    );
  });

  it('concerns people in case work only, and people with a measure', () => {
    expect(rulesOf(history({ enrolments: [ended('2024-01-31')], hasOpenCase: false }), settings)).toEqual([]);
    expect(rulesOf(history({ enrolments: [] }), settings)).toEqual([]);
  });
});

describe('long_without_qualification', () => {
  const settings = only('long_without_qualification');

  it('alerts when one measure lasts one day more than 24 months', () => {
    const exact = enrolment({ startsOn: '2022-03-01', endsOn: '2024-02-29' });
    expect(rulesOf(history({ enrolments: [exact] }), settings)).toEqual([]);
    const longer = { ...exact, endsOn: '2024-03-01' };
    const findings = detectCareer(history({ enrolments: [longer] }), settings, TODAY);
    expect(findings).toEqual([
      {
        rule: 'long_without_qualification',
        anchorEnrolmentId: exact.id,
        enrolmentIds: [exact.id],
        details: { days: 732, months: 24, firstOn: '2022-03-01' },
      },
    ]);
  });

  it('counts overlapping measures once and gaps not at all', () => {
    const enrolments = [
      enrolment({ startsOn: '2021-01-01', endsOn: '2021-12-31' }),
      enrolment({ startsOn: '2021-06-01', endsOn: '2022-06-30' }),
      enrolment({ startsOn: '2023-01-01', endsOn: '2023-12-31' }),
    ];
    // 2021-01-01..2022-06-30 = 546 days, 2023 = 365 days: 911 days > 730 (24 months from 2021-01-01).
    expect(detectCareer(history({ enrolments }), settings, TODAY)[0]?.details.days).toBe(911);
    const short = [enrolments[0] as CareerEnrolment, enrolments[1] as CareerEnrolment];
    expect(rulesOf(history({ enrolments: short }), settings)).toEqual([]);
  });

  it('counts an active measure up to today', () => {
    const active = enrolment({ startsOn: '2023-06-30', status: 'active', endsOn: null });
    expect(rulesOf(history({ enrolments: [active] }), settings, '2025-06-29')).toEqual([]);
    expect(rulesOf(history({ enrolments: [active] }), settings, '2025-06-30')).toEqual(['long_without_qualification']);
  });

  it('counts only the time after the last qualification', () => {
    const enrolments = [
      enrolment({
        startsOn: '2021-01-01',
        endsOn: '2022-12-31',
        offerType: 'school_certificate_course',
        schoolQualificationReached: 'esa',
      }),
      enrolment({ startsOn: '2023-01-01', endsOn: '2024-06-30' }),
    ];
    expect(rulesOf(history({ enrolments }), settings)).toEqual([]);
    const noEsa = [
      { ...(enrolments[0] as CareerEnrolment), schoolQualificationReached: null },
      enrolments[1] as CareerEnrolment,
    ];
    expect(rulesOf(history({ enrolments: noEsa }), settings)).toEqual(['long_without_qualification']);
  });

  it('counts a language certificate at the target level as a qualification', () => {
    const enrolments = [
      enrolment({
        startsOn: '2022-01-01',
        endsOn: '2023-12-31',
        offerType: 'integration_course',
        courseLevel: 'B1',
        cefrLevelReached: 'B1',
        certificate: true,
      }),
      enrolment({ startsOn: '2024-01-01', endsOn: '2024-12-31' }),
    ];
    expect(rulesOf(history({ enrolments }), settings)).toEqual([]);
    const below = [
      { ...(enrolments[0] as CareerEnrolment), cefrLevelReached: 'A2' as const },
      enrolments[1] as CareerEnrolment,
    ];
    expect(rulesOf(history({ enrolments: below }), settings)).toEqual(['long_without_qualification']);
  });
});

describe('settings', () => {
  it('fills every threshold left out with its default', () => {
    expect(careerSettingsSchema.parse({})).toEqual(defaultCareerSettings);
    const tuned = careerSettingsSchema.parse({ no_progress: { minMeasures: 4 } });
    expect(tuned.no_progress).toEqual({ enabled: true, minMeasures: 4, withinMonths: 24 });
    expect(tuned.repeated_dropouts.ignoredReasons).toEqual(['work', 'training']);
  });

  it('refuses thresholds out of range and unknown fields', () => {
    expect(careerSettingsSchema.safeParse({ no_progress: { minMeasures: 1 } }).success).toBe(false);
    expect(careerSettingsSchema.safeParse({ gap_after_measure: { months: 0 } }).success).toBe(false);
    expect(careerSettingsSchema.safeParse({ repeated_dropouts: { ignoredReasons: ['work', 'work'] } }).success).toBe(
      false,
    );
    expect(careerSettingsSchema.safeParse({ unknown_rule: {} }).success).toBe(false);
  });

  it('runs no rule that is switched off', () => {
    const h = history({
      enrolments: [
        enrolment({
          startsOn: '2023-01-01',
          status: 'dropped_out',
          dropoutReason: 'health',
          offerType: 'literacy_course',
        }),
        enrolment({
          startsOn: '2023-02-01',
          status: 'dropped_out',
          dropoutReason: 'health',
          offerType: 'literacy_course',
        }),
        enrolment({ startsOn: '2023-03-01' }),
      ],
    });
    expect(rulesOf(h).sort()).toEqual(['gap_after_measure', 'no_progress', 'repeated_dropouts', 'repeated_same_level']);
    expect(rulesOf(h, only())).toEqual([]);
  });
});

describe('properties', () => {
  const noProgressRules = new Set(['no_progress', 'repeated_dropouts']);

  it('a step up after everything else never adds a "no progress" alert, and ends a no_progress run', () => {
    fc.assert(
      fc.property(arbitraryHistory, fc.constantFrom('language', 'vocational'), (h, kind) => {
        const before = detectCareer(h, allRules(), TODAY);
        // Today is after every start the arbitrary makes: the step up is the latest event.
        const lastEvent = TODAY;
        const stepped: CareerHistory =
          kind === 'language'
            ? { ...h, germanLevels: [...h.germanLevels, { level: 'native', on: lastEvent }] }
            : {
                ...h,
                enrolments: [
                  ...h.enrolments,
                  enrolment({
                    startsOn: lastEvent,
                    endsOn: lastEvent,
                    offerType: 'coaching',
                    vocationalQualificationReached: true,
                  }),
                ],
              };
        const after = detectCareer(stepped, allRules(), TODAY);
        for (const finding of after) {
          if (!noProgressRules.has(finding.rule)) continue;
          const earlier = before.find((b) => b.rule === finding.rule);
          expect(earlier).toBeDefined();
          for (const id of finding.enrolmentIds) expect(earlier?.enrolmentIds).toContain(id);
        }
        const alreadyAtTop =
          h.germanLevels.some((l) => l.level === 'native') ||
          h.enrolments.some((e) => e.vocationalQualificationReached);
        if (!alreadyAtTop) expect(after.some((f) => f.rule === 'no_progress')).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('finds each rule at most once per anchor, with the anchor among the triggering enrolments', () => {
    fc.assert(
      fc.property(arbitraryHistory, (h) => {
        const findings = detectCareer(h, allRules(), TODAY);
        const keys = findings.map((f) => `${f.rule}|${f.anchorEnrolmentId}`);
        expect(new Set(keys).size).toBe(keys.length);
        for (const finding of findings) {
          expect(finding.enrolmentIds[0]).toBe(finding.anchorEnrolmentId);
          expect(new Set(finding.enrolmentIds).size).toBe(finding.enrolmentIds.length);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('does not depend on the order the enrolments come in', () => {
    fc.assert(
      fc.property(arbitraryHistory, (h) => {
        const reversed = { ...h, enrolments: [...h.enrolments].reverse() };
        expect(detectCareer(reversed, allRules(), TODAY)).toEqual(detectCareer(h, allRules(), TODAY));
      }),
      { numRuns: 300 },
    );
  });
});
