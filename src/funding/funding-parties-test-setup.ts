// The parties that the funding areas' integration tests share: two municipalities, the approving authority with
// two grant officers, the first municipality's managing office and administrator, the other's managing office,
// and two providers (one serving both municipalities, one only the first) with their staff; the clock stands
// where the area's story begins. Each area's world adds its own (innovation-test-setup.ts,
// payment-test-setup.ts). Test code only (imported by *.int.test.ts).
import type { Kysely } from 'kysely';
import type { Database } from '../database.ts';
import type { HttpServer } from '../platform/http/server.ts';
import { buildAccountsApp, createOrganisation, FakeClock } from '../../test/helpers/accounts.ts';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.ts';
import { signIn, type Staff } from '../cases/case-test-setup.ts';
import { addProvider } from '../offers/offers-test-setup.ts';

export interface FundingParties {
  database: TestDatabase;
  db: Kysely<Database>;
  app: HttpServer;
  clock: FakeClock;
  municipality: string;
  otherMunicipality: string;
  authority: string;
  office: Staff;
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
  /** Signs in one more person of an organisation with the roles. */
  staff(organisation: string, roles: Parameters<typeof signIn>[4]): Promise<Staff>;
  close(): Promise<void>;
}

export async function setUpFundingParties(start: Date): Promise<FundingParties> {
  const database = await createTestDatabase();
  const { db } = database.handle;
  const clock = new FakeClock(start);
  const app = await buildAccountsApp(database, { clock });
  const municipality = await createOrganisation(db, 'municipality', 'Stadt Köln (Test)');
  const otherMunicipality = await createOrganisation(db, 'municipality', 'Rhein-Sieg-Kreis (Test)');
  const authority = await createOrganisation(db, 'approving_authority', 'Bezirksregierung Köln (Test)');
  const provider = await addProvider(db, [municipality, otherMunicipality], 'Bildungswerk Rhein');
  const otherProvider = await addProvider(db, [municipality], 'Sprachschule Dom');
  const staff = (organisation: string, roles: Parameters<typeof signIn>[4]) =>
    signIn(app, clock, db, organisation, roles);
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
    office: await staff(municipality, ['managing_office']),
    admin: await staff(municipality, ['municipal_admin']),
    foreignOffice: await staff(otherMunicipality, ['managing_office']),
    officer: await staff(authority, ['grant_officer']),
    secondOfficer: await staff(authority, ['grant_officer']),
    providerStaff: await staff(provider, ['provider_staff']),
    otherProviderStaff: await staff(otherProvider, ['provider_staff']),
    staff,
    async close() {
      await app.close();
      await database.close();
    },
  };
}
