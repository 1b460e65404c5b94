import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { authorize, roles, type Actor, type Role } from '../access/access.rules.ts';
import type { CaseStatus, EligibilityOutcome } from './case.codes.ts';
import {
  addDays,
  addMonths,
  assigneeProblems,
  caseTarget,
  caseVisibility,
  caseWarnings,
  caseWriteProblem,
  deriveCaseStatus,
  eligibilityLostAt,
  followUpDueOn,
  followUpState,
  isVisible,
  localDate,
  weakestDecision,
  type CasePart,
  type CaseStatusFacts,
} from './case.rules.ts';

const open: CaseStatusFacts = {
  exitedOn: null,
  followedUpOn: null,
  assessmentCount: 0,
  goalCount: 0,
  activeMeasures: 0,
};

describe('deriveCaseStatus', () => {
  const cases: [string, Partial<CaseStatusFacts>, CaseStatus][] = [
    ['a new case is open', {}, 'open'],
    ['an assessment makes it assessed', { assessmentCount: 1 }, 'assessed'],
    ['a goal makes it planned', { assessmentCount: 1, goalCount: 2 }, 'planned'],
    ['a goal without an assessment is planned too', { goalCount: 1 }, 'planned'],
    ['an active measure makes it in measures', { assessmentCount: 1, goalCount: 1, activeMeasures: 1 }, 'in_measures'],
    ['a measure counts even before a plan', { activeMeasures: 3 }, 'in_measures'],
    ['the exit overrides the work', { goalCount: 1, activeMeasures: 1, exitedOn: '2026-05-01' }, 'exited'],
    ['the follow-up comes last', { exitedOn: '2026-05-01', followedUpOn: '2026-11-02' }, 'followed_up'],
  ];
  it.each(cases)('%s', (_name, facts, expected) => {
    expect(deriveCaseStatus({ ...open, ...facts })).toBe(expected);
  });
});

describe('dates', () => {
  it.each([
    ['2026-01-15', '2026-07-15'],
    ['2025-08-31', '2026-02-28'],
    ['2023-08-31', '2024-02-29'],
    ['2026-12-31', '2027-06-30'],
    ['2026-07-01', '2027-01-01'],
  ])('the follow-up of an exit on %s is due on %s', (exitedOn, due) => {
    expect(followUpDueOn(exitedOn)).toBe(due);
  });

  it('adds negative months and days across year ends', () => {
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
    expect(addMonths('2026-01-10', -13)).toBe('2024-12-10');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
  });

  it('takes today from the German calendar, not from UTC', () => {
    expect(localDate(new Date('2026-11-29T22:59:59Z'))).toBe('2026-11-29');
    expect(localDate(new Date('2026-11-29T23:00:00Z'))).toBe('2026-11-30');
    expect(localDate(new Date('2026-06-30T22:00:00Z'))).toBe('2026-07-01');
  });

  it('refuses what is not a date', () => {
    expect(() => addMonths('2026-1-1', 1)).toThrow(RangeError);
  });
});

describe('followUpState', () => {
  it.each([
    ['nothing before the exit', null, null, '2026-06-01', null],
    ['nothing long before the date', '2026-07-15', null, '2026-06-30', null],
    ['due from 14 days before', '2026-07-15', null, '2026-07-01', 'due'],
    ['due on the day', '2026-07-15', null, '2026-07-15', 'due'],
    ['overdue the day after', '2026-07-15', null, '2026-07-16', 'overdue'],
    ['nothing once done', '2026-07-15', '2026-07-20', '2026-08-01', null],
  ] as const)('%s', (_name, dueOn, followedUpOn, today, expected) => {
    expect(followUpState(dueOn, followedUpOn, today)).toBe(expected);
  });
});

describe('caseWarnings', () => {
  const none = { eligibilityLostAt: null, followUpDueOn: null, followedUpOn: null, openStepDueDates: [] };

  it('shows nothing for a case in order', () => {
    expect(caseWarnings({ ...none, openStepDueDates: ['2026-12-01', null] }, '2026-11-30')).toEqual([]);
  });

  it('shows lost eligibility, the follow-up and overdue steps with their facts', () => {
    const lostAt = new Date('2026-10-01T08:00:00Z');
    expect(
      caseWarnings(
        {
          eligibilityLostAt: lostAt,
          followUpDueOn: '2026-11-20',
          followedUpOn: null,
          openStepDueDates: ['2026-11-29', '2026-11-01', null, '2026-11-30'],
        },
        '2026-11-30',
      ),
    ).toEqual([
      { kind: 'eligibility_lost', since: lostAt.toISOString() },
      { kind: 'follow_up_overdue', dueOn: '2026-11-20' },
      { kind: 'steps_overdue', count: 2, oldestDueOn: '2026-11-01' },
    ]);
  });

  it('announces a follow-up that falls due soon', () => {
    expect(caseWarnings({ ...none, followUpDueOn: '2026-12-10' }, '2026-11-30')).toEqual([
      { kind: 'follow_up_due', dueOn: '2026-12-10' },
    ]);
  });

  it('does not count a step due today as overdue', () => {
    expect(caseWarnings({ ...none, openStepDueDates: ['2026-11-30'] }, '2026-11-30')).toEqual([]);
  });
});

describe('eligibility of a case', () => {
  it.each([
    [['eligible', 'eligible'], 'eligible'],
    [['eligible', 'eligible_by_exception'], 'eligible_by_exception'],
    [['eligible_by_exception', 'not_eligible', 'eligible'], 'not_eligible'],
    [['not_eligible'], 'not_eligible'],
  ] as [EligibilityOutcome[], EligibilityOutcome][])('the weakest of %j is %s', (decisions, expected) => {
    expect(weakestDecision(decisions)).toBe(expected);
  });

  const now = new Date('2026-11-29T08:00:00Z');
  const earlier = new Date('2026-10-01T08:00:00Z');
  it.each([
    ['lost when an eligible person becomes not eligible', 'eligible', null, 'not_eligible', now],
    ['lost also after an exception', 'eligible_by_exception', null, 'not_eligible', now],
    ['kept while it stays lost', 'not_eligible', earlier, 'not_eligible', earlier],
    ['cleared when regained', 'not_eligible', earlier, 'eligible', null],
    ['cleared when regained by exception', 'not_eligible', earlier, 'eligible_by_exception', null],
    ['never set for someone never eligible', null, null, 'not_eligible', null],
    ['not set while eligible', 'eligible', null, 'eligible', null],
  ] as [string, EligibilityOutcome | null, Date | null, EligibilityOutcome, Date | null][])(
    '%s',
    (_name, decision, lostAt, next, expected) => {
      expect(eligibilityLostAt({ decision, lostAt }, next, now)).toEqual(expected);
    },
  );
});

describe('caseWriteProblem', () => {
  const running = { exitedOn: null, followedUpOn: null };
  const exited = { exitedOn: '2026-05-01', followedUpOn: null };
  const done = { exitedOn: '2026-05-01', followedUpOn: '2026-11-01' };
  const planParts: CasePart[] = ['case', 'assessment', 'goal', 'step', 'contact', 'referral', 'conference', 'exit'];

  it.each(planParts)('accepts %s writes while the case runs and refuses them after the exit', (part) => {
    expect(caseWriteProblem(running, part)).toBeNull();
    expect(caseWriteProblem(exited, part)).toBe('exited');
    expect(caseWriteProblem(done, part)).toBe('exited');
  });

  it('accepts documents in every state', () => {
    for (const state of [running, exited, done]) expect(caseWriteProblem(state, 'document')).toBeNull();
  });

  it('accepts the follow-up only once, after the exit', () => {
    expect(caseWriteProblem(running, 'follow_up')).toBe('not_exited');
    expect(caseWriteProblem(exited, 'follow_up')).toBeNull();
    expect(caseWriteProblem(done, 'follow_up')).toBe('followed_up');
  });

  it('keeps assignments possible until the follow-up is done', () => {
    expect(caseWriteProblem(running, 'assignment')).toBeNull();
    expect(caseWriteProblem(exited, 'assignment')).toBeNull();
    expect(caseWriteProblem(done, 'assignment')).toBe('followed_up');
  });
});

describe('assigneeProblems', () => {
  const municipality = '11111111-1111-4111-8111-111111111111';
  const provider = '22222222-2222-4222-8222-222222222222';
  const staff = {
    status: 'active' as const,
    roles: ['participation_manager', 'coach'],
    organisationId: municipality,
    organisationKind: 'municipality',
    servedMunicipalityIds: [],
  };
  const providerCoach = {
    status: 'active' as const,
    roles: ['coach'],
    organisationId: provider,
    organisationKind: 'provider',
    servedMunicipalityIds: [municipality],
  };

  it('accepts active staff of the municipality in a role they hold', () => {
    expect(assigneeProblems(staff, 'participation_manager', municipality)).toEqual([]);
    expect(assigneeProblems(staff, 'coach', municipality)).toEqual([]);
  });

  it('accepts a coach of a provider serving the municipality, but not as participation manager', () => {
    expect(assigneeProblems(providerCoach, 'coach', municipality)).toEqual([]);
    expect(assigneeProblems(providerCoach, 'participation_manager', municipality)).toEqual([
      'lacks_role',
      'other_municipality',
    ]);
    expect(
      assigneeProblems(
        { ...providerCoach, roles: ['coach', 'participation_manager'] },
        'participation_manager',
        municipality,
      ),
    ).toEqual(['other_municipality']);
  });

  it('lists every problem at once', () => {
    expect(
      assigneeProblems(
        { ...providerCoach, status: 'disabled', roles: ['provider_staff'], servedMunicipalityIds: [] },
        'coach',
        municipality,
      ),
    ).toEqual(['not_active', 'lacks_role', 'other_municipality']);
    expect(assigneeProblems({ ...staff, status: 'invited' }, 'coach', provider)).toEqual([
      'not_active',
      'other_municipality',
    ]);
  });
});

describe('case visibility (list filters) agrees with authorize', () => {
  const municipality = '11111111-1111-4111-8111-111111111111';
  const userId = '33333333-3333-4333-8333-333333333333';
  const other = '44444444-4444-4444-8444-444444444444';
  const teams = ['55555555-5555-4555-8555-555555555555', '66666666-6666-4666-8666-666666666666'];

  const actorArb = fc.record({
    roles: fc.subarray([...roles] as Role[], { minLength: 0, maxLength: 3 }),
    teamIds: fc.subarray(teams),
    active: fc.boolean(),
  });
  const factsArb = fc.record({
    teamId: fc.constantFrom(null, ...teams),
    assignedUserIds: fc.subarray([userId, other]),
    caseRestricted: fc.boolean(),
    participantRestricted: fc.boolean(),
  });

  it('allows exactly the cases authorize allows, for reading and for changing', () => {
    fc.assert(
      fc.property(
        actorArb,
        factsArb,
        fc.constantFrom('read', 'update', 'export') as fc.Arbitrary<'read'>,
        (a, facts, action) => {
          const actor: Actor = {
            userId,
            organisationId: municipality,
            roles: a.roles,
            municipalityIds: [municipality],
            activeMunicipalityId: a.active ? municipality : null,
            teamIds: a.teamIds,
          };
          const expected = authorize(actor, action, caseTarget({ ...facts, municipalityId: municipality })).allowed;
          // Lists run inside the active municipality only; without one, they return nothing anyway.
          if (!a.active) return;
          expect(isVisible(caseVisibility(actor, action), facts)).toBe(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('shows a restricted case only to its assigned staff, whatever the scope', () => {
    const manager: Actor = {
      userId,
      organisationId: municipality,
      roles: ['participation_manager'],
      municipalityIds: [municipality],
      activeMunicipalityId: municipality,
      teamIds: teams,
    };
    const facts = {
      teamId: teams[0] ?? null,
      assignedUserIds: [other],
      caseRestricted: true,
      participantRestricted: false,
    };
    expect(isVisible(caseVisibility(manager, 'read'), facts)).toBe(false);
    expect(isVisible(caseVisibility(manager, 'read'), { ...facts, assignedUserIds: [userId] })).toBe(true);
    expect(isVisible(caseVisibility(manager, 'read'), { ...facts, caseRestricted: false })).toBe(true);
  });
});
