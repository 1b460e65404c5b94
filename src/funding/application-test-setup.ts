// The world of the application and grant integration tests: a programme with a state budget for FB1 2021, two
// municipalities (A with an allocation of 100,000 €), two managing-office staff and an administrator of A, the
// managing office of B, the approving authority's officer, a ministry analyst and a provider's staff; small
// request helpers for a balanced FB1 plan. Test code only (imported by *.int.test.ts).
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../database.ts';
import { withTenant } from '../platform/db/rls.ts';
import type { HttpServer } from '../platform/http/server.ts';
import { buildAccountsApp, createOrganisation, FakeClock } from '../../test/helpers/accounts.ts';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.ts';
import { insertTestAllocation, insertTestProgramme, type TestProgramme } from '../../test/helpers/funding-factories.ts';
import { etagOf, signIn, withVersion, type Staff } from '../cases/case-test-setup.ts';
import type { Application } from './application.schema.ts';

export interface FundingWorld {
  database: TestDatabase;
  db: Kysely<Database>;
  app: HttpServer;
  clock: FakeClock;
  programme: TestProgramme;
  municipality: string;
  otherMunicipality: string;
  office: Staff;
  colleague: Staff;
  municipalAdmin: Staff;
  foreignOffice: Staff;
  officer: Staff;
  analyst: Staff;
  providerStaff: Staff;
  close(): Promise<void>;
}

export const ALLOCATION_CENTS = 10_000_000;

export async function setUpFundingWorld(): Promise<FundingWorld> {
  const database = await createTestDatabase();
  const { db } = database.handle;
  const clock = new FakeClock(new Date('2026-11-29T08:00:00Z'));
  const app = await buildAccountsApp(database, { clock });
  const municipality = await createOrganisation(db, 'municipality', `Stadt ${randomUUID().slice(0, 6)}`);
  await db.updateTable('organisation').set({ official_key: '05315000' }).where('id', '=', municipality).execute();
  const otherMunicipality = await createOrganisation(db, 'municipality', `Kreis ${randomUUID().slice(0, 6)}`);
  const authority = await createOrganisation(db, 'approving_authority', 'Bezirksregierung Köln');
  const ministry = await createOrganisation(db, 'ministry', 'Ministerium');
  const provider = await createOrganisation(db, 'provider', 'Bildungswerk');
  const programme = await withTenant(db, { municipalityId: municipality, userId: null }, async (trx) => {
    const created = await insertTestProgramme(trx, 1_000_000_000);
    await insertTestAllocation(trx, municipality, created, ALLOCATION_CENTS);
    return created;
  });
  const sign = (organisation: string, role: Parameters<typeof signIn>[4][number]) =>
    signIn(app, clock, db, organisation, [role]);
  return {
    database,
    db,
    app,
    clock,
    programme,
    municipality,
    otherMunicipality,
    office: await sign(municipality, 'managing_office'),
    colleague: await sign(municipality, 'managing_office'),
    municipalAdmin: await sign(municipality, 'municipal_admin'),
    foreignOffice: await sign(otherMunicipality, 'managing_office'),
    officer: await sign(authority, 'grant_officer'),
    analyst: await sign(ministry, 'ministry_analyst'),
    providerStaff: await sign(provider, 'provider_staff'),
    async close() {
      await app.close();
      await database.close();
    },
  };
}

export const APPLICATIONS = '/api/v1/funding/applications';

export async function draft(
  world: FundingWorld,
  staff: Staff = world.office,
  title = 'Coaching 2021',
): Promise<Application> {
  const response = await staff.browser.post(APPLICATIONS, {
    programmeId: world.programme.programmeId,
    title,
    periodFrom: '2021-01-01',
    periodTo: '2021-12-31',
  });
  if (response.statusCode !== 201) throw new Error(`draft: ${response.statusCode} ${response.body}`);
  return response.json() as Application;
}

/** Adds a line and answers it with its ETag. */
export async function addLine(
  staff: Staff,
  applicationId: string,
  segment: 'cost-lines' | 'positions' | 'funding-sources' | 'requested-amounts',
  body: Record<string, unknown>,
): Promise<{ id: string; version: number; etag: string }> {
  const response = await staff.browser.post(`${APPLICATIONS}/${applicationId}/${segment}`, body);
  if (response.statusCode !== 201) throw new Error(`${segment}: ${response.statusCode} ${response.body}`);
  return { ...(response.json() as { id: string; version: number }), etag: etagOf(response) };
}

/** A balanced FB1 2021 plan: costs, 20 % own contribution, the rest requested. */
export async function balancedPlan(staff: Staff, applicationId: string, costsCents: number): Promise<void> {
  const own = costsCents / 5;
  await addLine(staff, applicationId, 'cost-lines', {
    strand: 'FB1',
    budgetYear: 2021,
    category: 'personnel',
    description: 'Coach (1,0 Stelle)',
    amountCents: costsCents,
  });
  await addLine(staff, applicationId, 'funding-sources', {
    kind: 'own_contribution',
    name: 'Eigenanteil der Stadt',
    budgetYear: 2021,
    amountCents: own,
  });
  await addLine(staff, applicationId, 'requested-amounts', {
    strand: 'FB1',
    budgetYear: 2021,
    amountCents: costsCents - own,
  });
}

/** Posts a step of the application with the If-Match of its current version. */
export async function step(
  staff: Staff,
  application: { id: string; version: number },
  segment: 'submit' | 'withdraw' | 'review' | 'return' | 'reject',
  body: Record<string, unknown> = {},
) {
  return staff.browser.post(`${APPLICATIONS}/${application.id}/${segment}`, body, withVersion(application.version));
}

export async function current(staff: Staff, id: string): Promise<Application> {
  const response = await staff.browser.get(`${APPLICATIONS}/${id}`);
  if (response.statusCode !== 200) throw new Error(`get: ${response.statusCode} ${response.body}`);
  return response.json() as Application;
}

/** A balanced, submitted FB1 application of the municipality, opened for review by the officer. */
export async function inReview(world: FundingWorld, costsCents: number, title?: string): Promise<Application> {
  const created = await draft(world, world.office, title);
  await balancedPlan(world.office, created.id, costsCents);
  const submitted = await step(world.office, await current(world.office, created.id), 'submit');
  if (submitted.statusCode !== 200) throw new Error(`submit: ${submitted.statusCode} ${submitted.body}`);
  const reviewed = await step(world.officer, submitted.json() as Application, 'review');
  if (reviewed.statusCode !== 200) throw new Error(`review: ${reviewed.statusCode} ${reviewed.body}`);
  return reviewed.json() as Application;
}

export { etagOf, withVersion, type Staff };
