import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { authorize, roles, type Actor } from '../access/access.rules.ts';
import {
  enrolmentReach,
  enrolmentReachCovers,
  enrolmentTarget,
  type EnrolmentFacts,
} from './enrolment-access.rules.ts';
import {
  applyEnrolmentChange,
  enrolmentProblems,
  enrolmentTransitionProblem,
  holdsResults,
  maySeat,
  type EnrolmentState,
} from './enrolment.rules.ts';
import { enrolmentStatuses } from './offer.codes.ts';

const base: EnrolmentState = {
  status: 'active',
  referredOn: '2026-01-10',
  startsOn: '2026-02-01',
  endsOn: null,
  dropoutReason: null,
  sessionsPlanned: null,
  sessionsAttended: null,
  hoursAttended: null,
  certificate: false,
  examResult: null,
  cefrLevelReached: null,
  schoolQualificationReached: null,
  vocationalQualificationReached: false,
};

const fieldsOf = (state: EnrolmentState) => enrolmentProblems(state).map((p) => `${p.field}:${p.code}`);

describe('enrolment status transitions', () => {
  it('allows the paths of practice and nothing else', () => {
    const allowed = new Set([
      'waiting>active',
      'waiting>not_started',
      'active>completed',
      'active>dropped_out',
      'active>not_started',
      'completed>dropped_out',
      'dropped_out>completed',
    ]);
    for (const from of enrolmentStatuses) {
      for (const to of enrolmentStatuses) {
        const problem = enrolmentTransitionProblem(from, to);
        const expected = from === to || allowed.has(`${from}>${to}`);
        expect(problem === null, `${from} → ${to}`).toBe(expected);
      }
    }
  });

  it('never puts anyone back on the waiting list, and a person who did not start stays so', () => {
    expect(enrolmentTransitionProblem('active', 'waiting')?.code).toBe('invalid_transition');
    expect(enrolmentTransitionProblem('not_started', 'active')?.message).toMatch(/enrol them again/);
  });
});

describe('enrolment state problems', () => {
  it('accepts a plain active enrolment', () => {
    expect(fieldsOf(base)).toEqual([]);
  });

  it('needs a start once started and an end once ended', () => {
    expect(fieldsOf({ ...base, startsOn: null })).toEqual(['startsOn:required']);
    expect(fieldsOf({ ...base, status: 'completed' })).toEqual(['endsOn:required']);
    expect(fieldsOf({ ...base, status: 'completed', endsOn: '2026-06-30' })).toEqual([]);
    expect(fieldsOf({ ...base, status: 'waiting', startsOn: null })).toEqual([]);
  });

  it('needs the reason of a drop-out, and only of a drop-out', () => {
    expect(fieldsOf({ ...base, status: 'dropped_out', endsOn: '2026-03-01' })).toEqual(['dropoutReason:required']);
    expect(fieldsOf({ ...base, status: 'dropped_out', endsOn: '2026-03-01', dropoutReason: 'work' })).toEqual([]);
    expect(fieldsOf({ ...base, dropoutReason: 'health' })).toEqual(['dropoutReason:not_dropped_out']);
  });

  it('keeps dates in order: referral ≤ start ≤ end', () => {
    expect(fieldsOf({ ...base, startsOn: '2026-01-09' })).toEqual(['startsOn:before_referral']);
    expect(fieldsOf({ ...base, startsOn: '2026-01-10', endsOn: '2026-01-09' })).toEqual(['endsOn:before_start']);
    expect(fieldsOf({ ...base, startsOn: '2026-01-10', endsOn: '2026-01-10' })).toEqual([]);
  });

  it('records results only for ended enrolments, attendance only once started', () => {
    expect(fieldsOf({ ...base, examResult: 'passed' })).toEqual(['results:not_ended']);
    expect(fieldsOf({ ...base, status: 'completed', endsOn: '2026-06-30', cefrLevelReached: 'B1' })).toEqual([]);
    expect(fieldsOf({ ...base, sessionsAttended: 3 })).toEqual([]);
    expect(fieldsOf({ ...base, status: 'waiting', startsOn: null, hoursAttended: 2 })).toEqual([
      'attendance:not_started',
    ]);
    expect(fieldsOf({ ...base, sessionsPlanned: 10, sessionsAttended: 11 })).toEqual([
      'attendance.sessionsAttended:more_than_planned',
    ]);
    expect(holdsResults('dropped_out')).toBe(true);
    expect(holdsResults('not_started')).toBe(false);
  });
});

describe('applying a change', () => {
  const context = { today: '2026-11-29', offerStartsOn: '2026-09-01' };
  const waiting: EnrolmentState = { ...base, status: 'waiting', startsOn: null };

  it('starts a seat when the offer starts, never before the referral, today when the offer names no start', () => {
    expect(applyEnrolmentChange(waiting, { status: 'active' }, context).startsOn).toBe('2026-09-01');
    const late = { ...waiting, referredOn: '2026-10-15' };
    expect(applyEnrolmentChange(late, { status: 'active' }, context).startsOn).toBe('2026-10-15');
    expect(applyEnrolmentChange(late, { status: 'active' }, { ...context, offerStartsOn: null }).startsOn).toBe(
      '2026-11-29',
    );
    expect(applyEnrolmentChange(waiting, { status: 'active', startsOn: '2026-12-01' }, context).startsOn).toBe(
      '2026-12-01',
    );
  });

  it('ends a completion or drop-out today unless an end is given or stored', () => {
    expect(applyEnrolmentChange(base, { status: 'completed' }, context).endsOn).toBe('2026-11-29');
    expect(applyEnrolmentChange(base, { status: 'dropped_out', endsOn: '2026-10-01' }, context).endsOn).toBe(
      '2026-10-01',
    );
    expect(applyEnrolmentChange({ ...base, endsOn: '2027-01-31' }, { status: 'active' }, context).endsOn).toBe(
      '2027-01-31',
    );
  });

  it('drops the drop-out reason when a drop-out is corrected, keeps it otherwise; null clears a field', () => {
    const dropped: EnrolmentState = { ...base, status: 'dropped_out', endsOn: '2026-10-01', dropoutReason: 'work' };
    expect(applyEnrolmentChange(dropped, { status: 'completed' }, context).dropoutReason).toBeNull();
    expect(applyEnrolmentChange(dropped, { status: 'dropped_out' }, context).dropoutReason).toBe('work');
    const attended = { ...base, sessionsAttended: 4 };
    expect(applyEnrolmentChange(attended, { status: 'active', sessionsAttended: null }, context).sessionsAttended).toBe(
      null,
    );
    expect(applyEnrolmentChange(attended, { status: 'active' }, context).sessionsAttended).toBe(4);
  });
});

describe('waiting list', () => {
  it('seats someone only when fewer people are ahead than seats are free', () => {
    expect(maySeat(1, 0)).toBe(false);
    expect(maySeat(1, 1)).toBe(true);
    expect(maySeat(2, 1)).toBe(false);
    expect(maySeat(2, 2)).toBe(true);
    expect(maySeat(50, null)).toBe(true);
  });
});

const M1 = '00000000-0000-4000-8000-000000000001';
const M2 = '00000000-0000-4000-8000-000000000002';
const users = ['10000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000002'];
const organisations = [M1, '30000000-0000-4000-8000-000000000001', '30000000-0000-4000-8000-000000000002'];

const actorArbitrary = fc.record({
  userId: fc.constantFrom(...users),
  organisationId: fc.constantFrom(...organisations),
  roles: fc.subarray([...roles], { minLength: 1, maxLength: 3 }),
  municipalityIds: fc.constant([M1]),
  activeMunicipalityId: fc.constant(M1),
  teamIds: fc.constant([]),
}) satisfies fc.Arbitrary<Actor>;

const factsArbitrary = fc.record({
  municipalityId: fc.constant(M1),
  assignedUserIds: fc.subarray(users),
  providerId: fc.constantFrom(...organisations.slice(1)),
  restricted: fc.boolean(),
}) satisfies fc.Arbitrary<EnrolmentFacts>;

describe('enrolment reach', () => {
  it('covers exactly the enrolments authorize allows, for every role, action and enrolment', () => {
    fc.assert(
      fc.property(actorArbitrary, factsArbitrary, fc.constantFrom('read', 'update'), (actor, facts, action) => {
        const reach = enrolmentReach(actor, action);
        const listed = reach !== null && enrolmentReachCovers(reach, facts);
        expect(listed).toBe(authorize(actor, action, enrolmentTarget(facts)).allowed);
      }),
      { numRuns: 2000 },
    );
  });

  it('never covers an enrolment of another municipality', () => {
    fc.assert(
      fc.property(actorArbitrary, factsArbitrary, (actor, facts) => {
        const reach = enrolmentReach(actor, 'read');
        expect(reach !== null && enrolmentReachCovers(reach, { ...facts, municipalityId: M2 })).toBe(false);
      }),
    );
  });
});
