// A factory for the tests of the case page's pure modules: a valid case (per the shared schema) with overrides.
import { caseSchema, type Case } from '../../../cases/case.schema.ts';

const ME = '11111111-1111-4111-8111-111111111111';
const COACH = '22222222-2222-4222-8222-222222222222';
const FORMER = '33333333-3333-4333-8333-333333333333';

export const PEOPLE = { me: ME, coach: COACH, former: FORMER } as const;

export function buildCase(overrides: Partial<Case> = {}): Case {
  const base: Case = {
    id: '44444444-4444-4444-8444-444444444444',
    participantId: '55555555-5555-4555-8555-555555555555',
    programme: 'diaa',
    teamId: '66666666-6666-4666-8666-666666666666',
    openedOn: '2026-02-01',
    intakeOn: '2026-02-03',
    strands: ['FB1', 'FB4'],
    restricted: false,
    status: 'open',
    eligibility: { decision: 'eligible', reasons: [], checkedAt: '2026-02-01T09:00:00.000Z', lostAt: null },
    exitedOn: null,
    exitOutcome: null,
    followUpDueOn: null,
    followedUpOn: null,
    version: 3,
    participant: {
      id: '55555555-5555-4555-8555-555555555555',
      number: 'TN-000042',
      familyName: 'Haddad',
      givenNames: 'Amina',
      restricted: false,
      blocked: false,
      mergedIntoId: null,
    },
    intakeNotes: 'Erstgespräch im Büro',
    exceptionJustification: null,
    exit: null,
    followUp: null,
    assignments: {
      current: [
        {
          id: '77777777-7777-4777-8777-777777777771',
          role: 'coach',
          userId: COACH,
          displayName: 'Cora Coach',
          startedAt: '2026-02-02T10:00:00.000Z',
          endedAt: null,
          version: 1,
        },
      ],
      history: [
        {
          id: '77777777-7777-4777-8777-777777777772',
          role: 'participation_manager',
          userId: FORMER,
          displayName: 'Frieda Früher',
          startedAt: '2026-02-01T10:00:00.000Z',
          endedAt: '2026-02-10T10:00:00.000Z',
          version: 2,
        },
      ],
    },
    latestAssessment: null,
    goals: [],
    counts: { assessments: 0, goals: 0, contacts: 0, referrals: 0, conferences: 0, documents: 0 },
    activeMeasures: 0,
    lastContactAt: null,
    warnings: [],
    writable: true,
    createdAt: '2026-02-01T09:00:00.000Z',
    updatedAt: '2026-02-01T09:00:00.000Z',
  };
  // Parsed, so that a change of the API's shape breaks these tests rather than passing silently.
  return caseSchema.parse({ ...base, ...overrides });
}
