// The world of the forwarding and payment integration tests: two municipalities, the approving authority with
// two grant officers, the municipality's managing office (two people) and administrator, a managing office of
// the other municipality, providers (one serving both municipalities, one serving only the first, one only the
// other) with their staff, and decided grants from the factories. The clock stands in March 2021, inside the
// factories' grant period. Test code only (imported by *.int.test.ts).
import type { Kysely } from 'kysely';
import type { Actor } from '../access/access.rules.ts';
import type { Database } from '../database.ts';
import { withTenant } from '../platform/db/rls.ts';
import type { HttpServer } from '../platform/http/server.ts';
import { buildAccountsApp, createOrganisation, createUser, FakeClock } from '../../test/helpers/accounts.ts';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.ts';
import { insertTestGrant, type TestGrant } from '../../test/helpers/funding-factories.ts';
import { signIn, withVersion, type Staff } from '../cases/case-test-setup.ts';
import { addProvider } from '../offers/offers-test-setup.ts';

export interface PaymentWorld {
  database: TestDatabase;
  db: Kysely<Database>;
  app: HttpServer;
  clock: FakeClock;
  municipality: string;
  otherMunicipality: string;
  authority: string;
  office: Staff;
  secondOffice: Staff;
  admin: Staff;
  foreignOffice: Staff;
  officer: Staff;
  secondOfficer: Staff;
  /** Serves both municipalities. */
  provider: string;
  providerStaff: Staff;
  /** Serves the first municipality only. */
  otherProvider: string;
  otherProviderStaff: Staff;
  /** Serves the other municipality only. */
  foreignProvider: string;
  close(): Promise<void>;
}

/** 15 March 2021, 10:00 in Köln: the two-month rule allows amounts due until 15 May 2021. */
export const WORLD_START = new Date('2021-03-15T09:00:00Z');

export async function setUpPaymentWorld(): Promise<PaymentWorld> {
  const database = await createTestDatabase();
  const { db } = database.handle;
  const clock = new FakeClock(WORLD_START);
  const app = await buildAccountsApp(database, { clock });
  const municipality = await createOrganisation(db, 'municipality', 'Stadt Köln (Test)');
  const otherMunicipality = await createOrganisation(db, 'municipality', 'Rhein-Sieg-Kreis (Test)');
  const authority = await createOrganisation(db, 'approving_authority', 'Bezirksregierung Köln (Test)');
  const provider = await addProvider(db, [municipality, otherMunicipality], 'Bildungswerk Rhein');
  const otherProvider = await addProvider(db, [municipality], 'Sprachschule Dom');
  const foreignProvider = await addProvider(db, [otherMunicipality], 'Kolleg Siegburg');
  const staff = (organisation: string, role: Parameters<typeof signIn>[4]) =>
    signIn(app, clock, db, organisation, role);
  return {
    database,
    db,
    app,
    clock,
    municipality,
    otherMunicipality,
    authority,
    provider,
    otherProvider,
    foreignProvider,
    office: await staff(municipality, ['managing_office']),
    secondOffice: await staff(municipality, ['managing_office']),
    admin: await staff(municipality, ['municipal_admin']),
    foreignOffice: await staff(otherMunicipality, ['managing_office']),
    officer: await staff(authority, ['grant_officer']),
    secondOfficer: await staff(authority, ['grant_officer']),
    providerStaff: await staff(provider, ['provider_staff']),
    otherProviderStaff: await staff(otherProvider, ['provider_staff']),
    async close() {
      await app.close();
      await database.close();
    },
  };
}

/** A decided grant of the municipality (FB1 2021 = decidedCents; period 2021) from the factories. */
export function decidedGrant(world: Pick<PaymentWorld, 'db'>, municipalityId: string, decidedCents = 1_000_000) {
  return withTenant(world.db, { municipalityId, userId: null }, (trx): Promise<TestGrant> =>
    insertTestGrant(trx, municipalityId, decidedCents),
  );
}

/** An actor for calling services directly (property tests): the user must exist. */
export async function actorOf(
  db: Kysely<Database>,
  organisationId: string,
  roles: Actor['roles'],
  municipalityIds: string[],
): Promise<Actor> {
  const user = await createUser(db, { organisationId, roles: [...roles] });
  return {
    userId: user.id,
    organisationId,
    roles,
    municipalityIds,
    activeMunicipalityId: municipalityIds[0] ?? null,
    teamIds: [],
  };
}

export { withVersion };

/** A valid request body of one FB1 2021 line. */
export function requestBody(grantId: string, amountCents: number, dueOn = '2021-04-30') {
  return {
    grantId,
    justification: 'Personalkosten April (Coaching)',
    lines: [{ strand: 'FB1', budgetYear: 2021, amountCents, dueOn, purpose: 'Gehälter Coaches' }],
  };
}

export interface RequestLike {
  id: string;
  version: number;
  status: string;
}
