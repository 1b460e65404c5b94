import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  emptyFigures,
  MIN_RATE_BASE,
  rate,
  rateIndicators,
  readAnswers,
  sumFigures,
  summariseFeedback,
  visibleAlerts,
} from './indicator.rules.ts';

describe('rates', () => {
  it('shows a rate only when at least five records stand behind it', () => {
    expect(rate(2, 4)).toEqual({ value: null, base: 4 });
    expect(rate(2, 5)).toEqual({ value: 0.4, base: 5 });
    expect(rate(0, 0)).toEqual({ value: null, base: 0 });
    expect(rate(1, 3, 3)).toEqual({ value: 0.333, base: 3 });
  });

  it('computes the indicators of an offer from its counts', () => {
    const figures = {
      ...emptyFigures,
      capacity: 10,
      active: 4,
      completed: 4,
      droppedOut: 2,
      attendanceRecords: 6,
      sessionsAttended: 90,
      sessionsPlanned: 120,
      transitionBase3: 6,
      transitions3: 3,
      transitionBase6: 4,
      transitions6: 4,
    };
    expect(rateIndicators(figures)).toEqual({
      fillRate: { value: 0.8, base: 10 },
      attendanceRate: { value: 0.75, base: 6 },
      completionRate: { value: 0.667, base: 6 },
      dropoutRate: { value: 0.333, base: 6 },
      transitionRate3: { value: 0.5, base: 6 },
      // Four ended six months ago: too few to show.
      transitionRate6: { value: null, base: 4 },
    });
  });

  it('has no fill rate without a seat limit, and no attendance rate from fewer than five people', () => {
    const indicators = rateIndicators({
      ...emptyFigures,
      active: 9,
      attendanceRecords: 4,
      sessionsPlanned: 400,
      sessionsAttended: 10,
    });
    expect(indicators.fillRate.value).toBeNull();
    expect(indicators.attendanceRate).toEqual({ value: null, base: 4 });
  });

  it('sums the figures of a provider, counting capacity only of offers that have one', () => {
    const sum = sumFigures([
      { ...emptyFigures, capacity: 10, active: 3 },
      { ...emptyFigures, capacity: null, active: 5 },
      { ...emptyFigures, capacity: 5, completed: 2 },
    ]);
    expect(sum.capacity).toBe(15);
    expect(sum.active).toBe(8);
    expect(sumFigures([{ ...emptyFigures }]).capacity).toBeNull();
  });

  it('keeps every shown rate between 0 and 1 (property)', () => {
    fc.assert(
      fc.property(fc.nat(1000), fc.nat(1000), (a, b) => {
        const result = rate(Math.min(a, b), Math.max(a, b));
        if (result.value !== null) {
          expect(result.value).toBeGreaterThanOrEqual(0);
          expect(result.value).toBeLessThanOrEqual(1);
          expect(result.base).toBeGreaterThanOrEqual(MIN_RATE_BASE);
        }
      }),
    );
  });
});

describe('alerts linked to an offer', () => {
  it('hides one or two alerts from viewers who may not read alerts, but not from case workers', () => {
    const two = { open: 1, acknowledged: 1, dismissed: 0, resolved: 0 };
    expect(visibleAlerts(two, false)).toBeNull();
    expect(visibleAlerts(two, true)).toEqual({ ...two, total: 2 });
    expect(visibleAlerts({ ...two, resolved: 1 }, false)?.total).toBe(3);
    expect(visibleAlerts({ open: 0, acknowledged: 0, dismissed: 0, resolved: 0 }, false)?.total).toBe(0);
  });
});

describe('feedback summaries', () => {
  const answer = (helped: number | null, extra: Record<string, unknown> = {}) => ({ helped, ...extra });

  it('shows nothing but the number of responses below the threshold', () => {
    const summary = summariseFeedback([answer(5), answer(1)], { threshold: 3, withComments: true });
    expect(summary.shown).toBe(false);
    expect(summary.responses).toBe(2);
    expect(summary.questions.every((q) => q.mean === null && q.agreeShare === null && q.answered === 0)).toBe(true);
    expect(summary.recommend).toBeNull();
    expect(summary.comments).toBeNull();
  });

  it('summarises each question only when enough responses answered it', () => {
    const summary = summariseFeedback(
      [
        answer(5, { respected: 4, recommend: 'yes', improvement: 'Mehr Pausen' }),
        answer(4, { recommend: 'yes' }),
        answer(2, { recommend: 'no', improvement: 'Andere Uhrzeit' }),
      ],
      { threshold: 3, withComments: true },
    );
    expect(summary.shown).toBe(true);
    const helped = summary.questions.find((q) => q.question === 'helped');
    expect(helped).toEqual({ question: 'helped', answered: 3, mean: 3.7, agreeShare: 0.667 });
    // Only one person answered "respected": their answer must not show.
    expect(summary.questions.find((q) => q.question === 'respected')).toEqual({
      question: 'respected',
      answered: 1,
      mean: null,
      agreeShare: null,
    });
    expect(summary.recommend).toEqual({ answered: 3, yes: 0.667, not_sure: 0, no: 0.333 });
    // Alphabetical, not in the order given.
    expect(summary.comments).toEqual(['Andere Uhrzeit', 'Mehr Pausen']);
  });

  it('never gives free text to viewers without the comments right', () => {
    const summary = summariseFeedback([answer(5, { improvement: 'x' }), answer(5), answer(5)], {
      threshold: 3,
      withComments: false,
    });
    expect(summary.comments).toBeNull();
  });

  it('follows a configured threshold', () => {
    const responses = [answer(5), answer(4), answer(3), answer(2)];
    expect(summariseFeedback(responses, { threshold: 5, withComments: false }).shown).toBe(false);
    expect(summariseFeedback(responses, { threshold: 4, withComments: false }).shown).toBe(true);
  });

  it('reads stored answers defensively', () => {
    expect(readAnswers({ helped: 7, learned: 2, recommend: 'maybe', improvement: '  ' })).toEqual({
      scale: { learned: 2 },
      recommend: null,
      improvement: null,
    });
    expect(readAnswers('nonsense')).toEqual({ scale: {}, recommend: null, improvement: null });
  });

  it('shows no mean that rests on fewer answers than the threshold (property)', () => {
    const arbitraryAnswer = fc.record({
      helped: fc.option(fc.integer({ min: 1, max: 5 })),
      learned: fc.option(fc.integer({ min: 1, max: 5 })),
      recommend: fc.option(fc.constantFrom('yes', 'no', 'not_sure')),
    });
    fc.assert(
      fc.property(
        fc.array(arbitraryAnswer, { maxLength: 12 }),
        fc.integer({ min: 3, max: 6 }),
        (answers, threshold) => {
          const summary = summariseFeedback(answers, { threshold, withComments: false });
          for (const question of summary.questions) {
            if (question.mean !== null) expect(question.answered).toBeGreaterThanOrEqual(threshold);
          }
          if (summary.recommend !== null) expect(summary.recommend.answered).toBeGreaterThanOrEqual(threshold);
        },
      ),
    );
  });
});
