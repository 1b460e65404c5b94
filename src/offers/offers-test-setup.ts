// The world of the offers integration tests: the case world (two municipalities, teams, participation managers,
// coaches), plus the managing office, two providers serving the municipality with a signed-in staff member
// each, and a provider serving only the other municipality. Test code only (imported by *.int.test.ts).
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../database.ts';
import { withTenant } from '../platform/db/rls.ts';
import { createOrganisation } from '../../test/helpers/accounts.ts';
import { assignToCase, createCase } from '../../test/helpers/participant-factories.ts';
import { setUpCaseWorld, signIn, withVersion, type CaseWorld, type Staff } from '../cases/case-test-setup.ts';
import type { CreateOffer } from './offer.schema.ts';

export interface OfferWorld extends CaseWorld {
  managingOffice: Staff;
  foreignOffice: Staff;
  /** A provider serving the municipality, and its staff. */
  provider: string;
  providerStaff: Staff;
  /** Another provider serving the municipality, and its staff. */
  otherProvider: string;
  otherProviderStaff: Staff;
  /** A provider serving only the other municipality. */
  foreignProvider: string;
}

export async function addProvider(db: Kysely<Database>, serves: readonly string[], name?: string): Promise<string> {
  const id = await createOrganisation(db, 'provider', name ?? `Bildungswerk ${randomUUID().slice(0, 6)}`);
  await db
    .insertInto('provider_municipality')
    .values(serves.map((municipality) => ({ provider_id: id, served_municipality_id: municipality })))
    .execute();
  return id;
}

export async function setUpOfferWorld(): Promise<OfferWorld> {
  const world = await setUpCaseWorld();
  const { db, app, clock } = world;
  const provider = await addProvider(db, [world.municipality], 'Bildungswerk Rhein');
  const otherProvider = await addProvider(db, [world.municipality], 'Sprachschule Dom');
  const foreignProvider = await addProvider(db, [world.otherMunicipality], 'Kolleg Siegburg');
  return {
    ...world,
    provider,
    otherProvider,
    foreignProvider,
    managingOffice: await signIn(app, clock, db, world.municipality, ['managing_office']),
    foreignOffice: await signIn(app, clock, db, world.otherMunicipality, ['managing_office']),
    providerStaff: await signIn(app, clock, db, provider, ['provider_staff']),
    otherProviderStaff: await signIn(app, clock, db, otherProvider, ['provider_staff']),
  };
}

/** An offer body that passes validation: an FB4 preparation course of the given provider. */
export function offerBody(providerId: string, overrides: Partial<Record<keyof CreateOffer, unknown>> = {}) {
  return {
    providerId,
    title: 'Berufsvorbereitung mit Sprachförderung',
    type: 'preparation_course',
    strand: 'FB4',
    place: 'Köln-Mülheim',
    startsOn: '2026-09-01',
    endsOn: '2027-06-30',
    weeklyHours: 25,
    teachingUnits: 900,
    capacity: 12,
    entryLevel: 'A2',
    targetLevel: 'B1',
    supportLanguages: ['ar', 'fa'],
    childcare: true,
    accessible: false,
    costCents: 3750,
    status: 'open',
    ...overrides,
  };
}

export interface OfferLike {
  id: string;
  version: number;
  seats: { taken: number; free: number | null; waiting: number };
}

/** Creates an offer through the API as the managing office. */
export async function createOffer(
  world: OfferWorld,
  overrides: Partial<Record<keyof CreateOffer, unknown>> = {},
): Promise<OfferLike> {
  const response = await world.managingOffice.browser.post('/api/v1/offers', offerBody(world.provider, overrides));
  if (response.statusCode !== 201) throw new Error(`offer not created: ${response.statusCode} ${response.body}`);
  return response.json() as OfferLike;
}

/** A case of the participant with the coach assigned to it (the coach's "own" participant). */
export async function coachOwns(world: OfferWorld, participantId: string, coachId: string): Promise<string> {
  const caseId = await createCase(world.db, world.municipality, participantId, { team_id: world.team });
  await assignToCase(world.db, world.municipality, { caseId, participantId }, coachId);
  return caseId;
}

export async function patch(staff: Staff, url: string, body: unknown, version: number | string) {
  return staff.browser.request('PATCH', url, body, withVersion(version));
}

/** Audit entries of the enrolment area, oldest first. */
export async function enrolmentAudit(world: OfferWorld, participantId: string) {
  return withTenant(world.db, { municipalityId: world.municipality, userId: null }, async (trx) =>
    trx
      .selectFrom('audit_log')
      .select(['action', 'resource_type', 'outcome', 'changed_fields'])
      .where('participant_id', '=', participantId)
      .where('resource_type', '=', 'enrolment')
      .orderBy('seq')
      .execute(),
  );
}
