import { describe, expect, it } from 'vitest';
import { offerStatuses, offerStrands, offerTypes, strandRuleOfType } from './offer.codes.ts';
import { newEnrolmentStatus, offerProblems, offerTransitionProblem, seatCounts, strandProblem } from './offer.rules.ts';

describe('strand of an offer', () => {
  it('requires the own strand of a programme offer', () => {
    expect(strandProblem('coaching', 'FB1')).toBeNull();
    expect(strandProblem('coaching', null)?.code).toBe('strand_required');
    expect(strandProblem('school_certificate_course', 'FB4')?.code).toBe('strand_mismatch');
    expect(strandProblem('job_language_support', 'FB2')).toBeNull();
  });

  it('keeps regular-system offers strandless, except the courses FB4 funds', () => {
    expect(strandProblem('integration_course', null)).toBeNull();
    expect(strandProblem('integration_course', 'FB4')?.message).toMatch(/regular system/);
    expect(strandProblem('youth_integration_course', 'FB4')).toBeNull();
    expect(strandProblem('youth_integration_course', null)).toBeNull();
    expect(strandProblem('youth_integration_course', 'FB2')?.code).toBe('strand_mismatch');
    for (const strand of offerStrands) expect(strandProblem('other', strand)).toBeNull();
  });

  it('has a rule for every kind that some strand or the regular system can carry', () => {
    for (const type of offerTypes) {
      const rule = strandRuleOfType[type];
      expect(rule.regular || rule.strands.length > 0, type).toBe(true);
    }
  });
});

describe('offer status', () => {
  it('moves forward, may be postponed while open, and an ended offer stays ended', () => {
    expect(offerTransitionProblem('planned', 'open')).toBeNull();
    expect(offerTransitionProblem('open', 'planned')).toBeNull();
    expect(offerTransitionProblem('running', 'open')?.code).toBe('invalid_transition');
    for (const to of offerStatuses) {
      expect(offerTransitionProblem('ended', to) === null).toBe(to === 'ended');
    }
  });

  it('keeps the dates in order', () => {
    expect(offerProblems({ startsOn: '2026-03-01', endsOn: '2026-02-28' })).toHaveLength(1);
    expect(offerProblems({ startsOn: '2026-03-01', endsOn: '2026-03-01' })).toHaveLength(0);
    expect(offerProblems({ startsOn: null, endsOn: '2026-03-01' })).toHaveLength(0);
  });
});

describe('seats', () => {
  it('counts free seats, never below zero, and none for an unlimited offer', () => {
    expect(seatCounts(5, 3, 0)).toEqual({ taken: 3, free: 2, waiting: 0 });
    expect(seatCounts(2, 3, 1)).toEqual({ taken: 3, free: 0, waiting: 1 });
    expect(seatCounts(null, 40, 0)).toEqual({ taken: 40, free: null, waiting: 0 });
  });

  it('gives a newcomer a seat only when more are free than people wait', () => {
    expect(newEnrolmentStatus(seatCounts(5, 4, 0))).toBe('active');
    expect(newEnrolmentStatus(seatCounts(5, 5, 0))).toBe('waiting');
    expect(newEnrolmentStatus(seatCounts(5, 4, 1))).toBe('waiting');
    expect(newEnrolmentStatus(seatCounts(5, 3, 1))).toBe('active');
    expect(newEnrolmentStatus(seatCounts(null, 100, 0))).toBe('active');
    expect(newEnrolmentStatus(seatCounts(0, 0, 0))).toBe('waiting');
  });
});
