import { describe, expect, it } from 'vitest';
import { assignmentCandidates, candidateLabel, stepOwnerCandidates } from './assignment-candidates.ts';
import { caseAbilities } from './case-abilities.ts';
import { buildCase, PEOPLE } from './build-case.test-support.ts';
import { intakeValuesOf, toCaseUpdate } from './intake-values.ts';
import { toCreateGoal, toCreateStep, toUpdateGoal, toUpdateStep } from './plan-values.ts';

const pm = {
  id: PEOPLE.me,
  displayName: 'Paula Planer',
  roles: ['participation_manager' as const],
  permissions: [
    { action: 'read' as const, resource: 'case' as const, scope: 'team' as const },
    { action: 'update' as const, resource: 'case' as const, scope: 'team' as const },
  ],
};
const coach = {
  id: PEOPLE.coach,
  displayName: 'Cora Coach',
  roles: ['coach' as const],
  permissions: [
    { action: 'read' as const, resource: 'case' as const, scope: 'own' as const },
    { action: 'update' as const, resource: 'case' as const, scope: 'own' as const },
  ],
};
const reader = { ...pm, permissions: [pm.permissions[0]!] };

describe('what the user can do on a case', () => {
  it('lets a participation manager work on an open case and manage its assignments', () => {
    expect(caseAbilities(buildCase(), pm)).toEqual({
      update: true,
      work: true,
      documents: true,
      exit: true,
      followUp: false,
      assign: true,
    });
  });

  it('leaves a coach the work but not the assignments', () => {
    expect(caseAbilities(buildCase(), coach)).toMatchObject({ work: true, assign: false });
  });

  it('after the exit allows documents, the follow-up and assignments only', () => {
    const exited = buildCase({
      exitedOn: '2026-05-01',
      exitOutcome: 'dropout',
      exit: { exitedOn: '2026-05-01', outcome: 'dropout', notes: null },
      followUp: { dueOn: '2026-11-01', state: null, followedUpOn: null, outcome: null, notes: null },
      writable: false,
    });
    expect(caseAbilities(exited, pm)).toEqual({
      update: true,
      work: false,
      documents: true,
      exit: false,
      followUp: true,
      assign: true,
    });
  });

  it('makes the case of a blocked or merged person read-only, and a read-only role reads only', () => {
    const blocked = buildCase({ participant: { ...buildCase().participant, blocked: true }, writable: false });
    expect(Object.values(caseAbilities(blocked, pm)).filter(Boolean)).toEqual([true]);
    const merged = buildCase({ participant: { ...buildCase().participant, mergedIntoId: PEOPLE.former } });
    expect(caseAbilities(merged, pm)).toMatchObject({ work: false, documents: false, exit: false, assign: false });
    expect(Object.values(caseAbilities(buildCase(), reader)).some(Boolean)).toBe(false);
  });
});

describe('whom an assignment can go to', () => {
  const user = (id: string, displayName: string, organisationName: string, currentlyAssigned = false) => ({
    id,
    displayName,
    organisationName,
    role: 'coach' as const,
    currentlyAssigned,
  });
  const assignable = [
    user(PEOPLE.coach, 'Cora Coach', 'Stadt Köln', true),
    user(PEOPLE.former, 'Frieda Früher', 'Stadt Köln'),
    user(PEOPLE.me, 'Paula Planer', 'Stadt Köln'),
    user('00000000-0000-4000-8000-0000000000a1', 'Özlem Yılmaz', 'Bildungsträger Rhein gGmbH'),
  ];

  it('offers every assignable account except the current holder, the user first, then by name', () => {
    const candidates = assignmentCandidates(assignable, pm);
    expect(candidates.map((c) => [c.displayName, c.isMe, c.organisationName])).toEqual([
      ['Paula Planer', true, 'Stadt Köln'],
      ['Frieda Früher', false, 'Stadt Köln'],
      ['Özlem Yılmaz', false, 'Bildungsträger Rhein gGmbH'],
    ]);
    expect(assignmentCandidates([], pm)).toEqual([]);
  });

  it('labels a candidate with "(me)" and the organisation when known', () => {
    const me = (name: string) => `${name} (ich)`;
    const [mine, provider] = [
      ...assignmentCandidates(assignable, pm).filter((c) => c.isMe || c.displayName === 'Özlem Yılmaz'),
    ];
    expect(mine && candidateLabel(mine, me)).toBe('Paula Planer (ich) – Stadt Köln');
    expect(provider && candidateLabel(provider, me)).toBe('Özlem Yılmaz – Bildungsträger Rhein gGmbH');
    expect(candidateLabel({ userId: 'x', displayName: 'Cora Coach', organisationName: null, isMe: false }, me)).toBe(
      'Cora Coach',
    );
  });

  it('offers the user and everyone assigned now as owners of a step', () => {
    expect(stepOwnerCandidates(buildCase(), pm).map((c) => c.displayName)).toEqual(['Paula Planer', 'Cora Coach']);
  });

  it('adds every assignable account to the owners of a step, each once', () => {
    const owners = stepOwnerCandidates(buildCase(), pm, [
      ...assignable,
      user(PEOPLE.coach, 'Cora Coach', 'Stadt Köln'),
    ]);
    expect(owners.map((c) => [c.displayName, c.isMe])).toEqual([
      ['Paula Planer', true],
      ['Cora Coach', false],
      ['Frieda Früher', false],
      ['Özlem Yılmaz', false],
    ]);
  });
});

describe('the intake form', () => {
  it('sends only what changed', () => {
    const record = buildCase();
    const values = { ...intakeValuesOf(record), intakeNotes: '  Neu  ', strands: ['FB1' as const], restricted: true };
    expect(toCaseUpdate(values, record)).toEqual({
      ok: true,
      body: { intakeNotes: 'Neu', strands: ['FB1'], restricted: true },
    });
    expect(toCaseUpdate(intakeValuesOf(record), record)).toEqual({ ok: true, body: {} });
  });

  it('names every problem at its field', () => {
    const record = buildCase();
    const result = toCaseUpdate(
      { ...intakeValuesOf(record), intakeOn: '2026-02-31', strands: [], teamId: '', intakeNotes: 'x'.repeat(20001) },
      record,
    );
    expect(result).toEqual({
      ok: false,
      problems: [
        { field: 'intakeOn', key: 'date' },
        { field: 'teamId', key: 'choose' },
        { field: 'strands', key: 'choose' },
        { field: 'intakeNotes', key: 'tooLong' },
      ],
    });
  });
});

describe('the plan forms', () => {
  it('creates a goal with what is filled in and reports a missing title', () => {
    expect(toCreateGoal({ title: ' Ausbildungsplatz finden ', area: 'vocational', dueOn: '', status: 'open' })).toEqual(
      {
        ok: true,
        body: { title: 'Ausbildungsplatz finden', area: 'vocational', dueOn: null },
      },
    );
    expect(toCreateGoal({ title: ' ', area: '', dueOn: '2026-99-01', status: 'open' })).toEqual({
      ok: false,
      problems: [
        { field: 'title', key: 'required' },
        { field: 'dueOn', key: 'date' },
      ],
    });
  });

  it('changes a goal by its differences only', () => {
    const goal = {
      id: '88888888-8888-4888-8888-888888888888',
      title: 'Deutsch B1',
      area: 'language' as const,
      dueOn: '2026-09-01',
      status: 'open' as const,
      steps: [],
      createdAt: '2026-02-01T09:00:00.000Z',
      version: 2,
    };
    expect(
      toUpdateGoal({ title: 'Deutsch B1', area: 'language', dueOn: '2026-09-01', status: 'achieved' }, goal),
    ).toEqual({
      ok: true,
      body: { status: 'achieved' },
    });
    expect(toUpdateGoal({ title: 'Deutsch B1', area: '', dueOn: '', status: 'open' }, goal)).toEqual({
      ok: true,
      body: { area: null, dueOn: null },
    });
  });

  it('marks a step done with its day, and sends no day for other statuses', () => {
    const step = {
      id: '99999999-9999-4999-8999-999999999999',
      goalId: '88888888-8888-4888-8888-888888888888',
      title: 'Anmeldung VHS',
      ownerUserId: null,
      ownerName: null,
      dueOn: '2026-03-01',
      status: 'open' as const,
      doneOn: null,
      overdue: true,
      version: 1,
    };
    const base = { title: 'Anmeldung VHS', ownerUserId: '', dueOn: '2026-03-01', status: 'open' as const, doneOn: '' };
    expect(toUpdateStep({ ...base, status: 'done', doneOn: '2026-03-02' }, step)).toEqual({
      ok: true,
      body: { status: 'done', doneOn: '2026-03-02' },
    });
    expect(toUpdateStep({ ...base, status: 'cancelled', doneOn: '2026-03-02' }, step)).toEqual({
      ok: true,
      body: { status: 'cancelled' },
    });
    expect(toUpdateStep({ ...base, ownerUserId: PEOPLE.coach }, step)).toEqual({
      ok: true,
      body: { ownerUserId: PEOPLE.coach },
    });
    expect(toCreateStep({ ...base, title: '', ownerUserId: 'not-a-user' })).toEqual({
      ok: false,
      problems: [
        { field: 'title', key: 'required' },
        { field: 'ownerUserId', key: 'invalid' },
      ],
    });
  });
});
