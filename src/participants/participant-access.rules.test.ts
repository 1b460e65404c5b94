import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { authorize, roles, type Actor } from '../access/access.rules.ts';
import { participantReach, participantTarget, reachCovers, type ParticipantFacts } from './participant-access.rules.ts';

const M1 = '00000000-0000-4000-8000-000000000001';
const M2 = '00000000-0000-4000-8000-000000000002';
const users = ['10000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000002'];
const teams = ['20000000-0000-4000-8000-000000000001', '20000000-0000-4000-8000-000000000002'];
const organisations = [M1, '30000000-0000-4000-8000-000000000001'];

const actorArbitrary = fc.record({
  userId: fc.constantFrom(...users),
  organisationId: fc.constantFrom(...organisations),
  roles: fc.subarray([...roles], { minLength: 1, maxLength: 3 }),
  municipalityIds: fc.constant([M1]),
  activeMunicipalityId: fc.constant(M1),
  teamIds: fc.subarray(teams),
}) satisfies fc.Arbitrary<Actor>;

// Row-level security keeps other tenants' rows out of every query, so both paths only meet records of the
// active municipality; for those the list's reach and authorize must agree exactly.
const factsArbitrary = fc.record({
  municipalityId: fc.constant(M1),
  restricted: fc.boolean(),
  assignedUserIds: fc.subarray(users),
  teamIds: fc.subarray(teams),
  enrolledWithOrganisationIds: fc.subarray(organisations),
}) satisfies fc.Arbitrary<ParticipantFacts>;

describe('participant reach', () => {
  it('covers exactly the records authorize allows, for every role, action and record', () => {
    fc.assert(
      fc.property(actorArbitrary, factsArbitrary, fc.constantFrom('read', 'update'), (actor, facts, action) => {
        const reach = participantReach(actor, action);
        const listed = reach !== null && reachCovers(reach, facts);
        expect(listed).toBe(authorize(actor, action, participantTarget(facts)).allowed);
      }),
      { numRuns: 2000 },
    );
  });

  it('never covers a record of another municipality', () => {
    fc.assert(
      fc.property(actorArbitrary, factsArbitrary, (actor, facts) => {
        const reach = participantReach(actor, 'read');
        expect(reach !== null && reachCovers(reach, { ...facts, municipalityId: M2 })).toBe(false);
      }),
    );
  });

  it('is none without an active municipality or without any participant permission', () => {
    const actor: Actor = {
      userId: users[0] ?? '',
      organisationId: M1,
      roles: ['participation_manager'],
      municipalityIds: [M1],
      activeMunicipalityId: null,
      teamIds: [],
    };
    expect(participantReach(actor, 'read')).toBeNull();
    expect(participantReach({ ...actor, activeMunicipalityId: M1, roles: ['municipal_admin'] }, 'read')).toBeNull();
    expect(participantReach({ ...actor, activeMunicipalityId: M1 }, 'read')).toMatchObject({ wholeMunicipality: true });
    expect(participantReach({ ...actor, activeMunicipalityId: M1, roles: ['coach'] }, 'read')).toMatchObject({
      wholeMunicipality: false,
      assigned: true,
    });
  });
});
