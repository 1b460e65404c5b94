// The world of the quality integration tests: the case world (two municipalities, managers, coaches) plus the
// managing office, an alliance member, two providers serving the municipality with a staff member each, and the
// managing office of the other municipality; small factories for offers, enrolments, assessments, referrals.
// Test code only (imported by *.int.test.ts).
import { randomUUID } from 'node:crypto';
import { withTenant } from '../platform/db/rls.ts';
import { createOrganisation } from '../../test/helpers/accounts.ts';
import {
  insertEnrolment,
  insertOffer,
  type EnrolmentValues,
  type OfferValues,
} from '../../test/helpers/offer-factories.ts';
import { addCaseRecord, createCase, createParticipant } from '../../test/helpers/participant-factories.ts';
import { setUpCaseWorld, signIn, type CaseWorld, type Staff } from '../cases/case-test-setup.ts';

export interface QualityWorld extends CaseWorld {
  office: Staff;
  allianceMember: Staff;
  provider: string;
  providerStaff: Staff;
  otherProvider: string;
  otherProviderStaff: Staff;
  foreignOffice: Staff;
}

async function addProvider(world: Pick<CaseWorld, 'db'>, municipalities: string[]): Promise<string> {
  const provider = await createOrganisation(world.db, 'provider', `Bildungswerk ${randomUUID().slice(0, 6)}`);
  await world.db
    .insertInto('provider_municipality')
    .values(municipalities.map((id) => ({ provider_id: provider, served_municipality_id: id })))
    .execute();
  return provider;
}

export async function setUpQualityWorld(options: { start?: Date } = {}): Promise<QualityWorld> {
  const world = await setUpCaseWorld(options);
  const provider = await addProvider(world, [world.municipality]);
  const otherProvider = await addProvider(world, [world.municipality]);
  const sign = (organisation: string, role: Parameters<typeof signIn>[4][number]) =>
    signIn(world.app, world.clock, world.db, organisation, [role]);
  return {
    ...world,
    office: await sign(world.municipality, 'managing_office'),
    allianceMember: await sign(world.municipality, 'alliance_member'),
    provider,
    providerStaff: await sign(provider, 'provider_staff'),
    otherProvider,
    otherProviderStaff: await sign(otherProvider, 'provider_staff'),
    foreignOffice: await sign(world.otherMunicipality, 'managing_office'),
  };
}

export type OfferOverrides = Partial<OfferValues>;

/** A running offer of 2026 in Mülheim (a new title each time) of the provider, without costs. */
export async function addOffer(
  world: Pick<CaseWorld, 'db'>,
  municipalityId: string,
  providerId: string,
  overrides: OfferOverrides = {},
): Promise<string> {
  return withTenant(world.db, { municipalityId, userId: null }, (trx) =>
    insertOffer(
      trx,
      { municipality_id: municipalityId, provider_id: providerId },
      {
        title: `Jugendintegrationskurs ${randomUUID().slice(0, 4)}`,
        place: 'Mülheim',
        starts_on: '2026-01-05',
        ends_on: '2026-12-18',
        cost_cents: null,
        status: 'running',
        ...overrides,
      },
    ),
  );
}

export type EnrolmentOverrides = Partial<EnrolmentValues>;

/** An active enrolment since the offer's start in January 2026. */
export async function addEnrolment(
  world: Pick<CaseWorld, 'db'>,
  municipalityId: string,
  participantId: string,
  offerId: string,
  overrides: EnrolmentOverrides = {},
): Promise<string> {
  return withTenant(world.db, { municipalityId, userId: null }, (trx) =>
    insertEnrolment(
      trx,
      { municipality_id: municipalityId, participant_id: participantId, offer_id: offerId },
      { referred_on: '2026-01-02', starts_on: '2026-01-05', ...overrides },
    ),
  );
}

/** A new participant (default place Mülheim) with an open case. */
export async function personWithCase(
  world: Pick<CaseWorld, 'db'>,
  municipalityId: string,
  overrides: { cityDistrict?: string | null; caseExitedOn?: string | null } = {},
): Promise<{ participantId: string; caseId: string }> {
  const person = await createParticipant(world.db, municipalityId, {
    family_name: `Test-${randomUUID().slice(0, 6)}`,
    city_district: overrides.cityDistrict === undefined ? 'Mülheim' : overrides.cityDistrict,
  });
  const caseId = await createCase(world.db, municipalityId, person.id, {
    opened_on: '2025-06-01',
    intake_on: '2025-06-01',
    ...(overrides.caseExitedOn ? { exited_on: overrides.caseExitedOn, exit_outcome: 'other' } : {}),
  });
  return { participantId: person.id, caseId };
}

export async function addAssessment(
  world: Pick<CaseWorld, 'db'>,
  municipalityId: string,
  keys: { caseId: string; participantId: string },
  assessedOn: string,
  areas: Record<string, unknown>,
): Promise<void> {
  await addCaseRecord(world.db, municipalityId, 'case_assessment', keys, {
    assessed_on: assessedOn,
    areas: JSON.stringify(areas),
    notes: null,
  });
}

export async function addReferral(
  world: Pick<CaseWorld, 'db'>,
  municipalityId: string,
  keys: { caseId: string; participantId: string },
  values: { service: string; referredOn: string; outcome?: string; outcomeOn?: string | null },
): Promise<void> {
  await addCaseRecord(world.db, municipalityId, 'case_referral', keys, {
    service: values.service,
    referred_on: values.referredOn,
    description: null,
    outcome: values.outcome ?? 'pending',
    outcome_on: values.outcomeOn ?? null,
    outcome_notes: null,
  });
}

export { adminCount, adminRows, etagOf, fieldsOf, problem, withVersion, type Staff } from '../cases/case-test-setup.ts';
