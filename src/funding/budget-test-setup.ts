// The world of the programme, budget and dashboard integration tests: the bundled programmes loaded, three
// recipients (two alliance members, one not) with official keys, the approving authority, the ministry, the
// managing offices and administration of the municipalities, a provider and a caseworker — each signed in —
// and a factory for a decided grant under a programme version. Test code only (imported by *.int.test.ts).
import { randomInt, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Role } from '../access/access.rules.ts';
import type { Database } from '../database.ts';
import { withTenant } from '../platform/db/rls.ts';
import type { HttpServer } from '../platform/http/server.ts';
import { buildAccountsApp, createOrganisation, FakeClock } from '../../test/helpers/accounts.ts';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.ts';
import { insertTestGrantOf } from '../../test/helpers/funding-factories.ts';
import { signIn, type Staff } from '../cases/case-test-setup.ts';
import { loadBundledProgrammes } from './programme.bundled.ts';

export interface Recipient {
  id: string;
  officialKey: string;
}

export interface BudgetWorld {
  database: TestDatabase;
  db: Kysely<Database>;
  app: HttpServer;
  clock: FakeClock;
  /** The bundled programmes by code. */
  diaa: string;
  kim: string;
  /** Alliance members. */
  koeln: Recipient;
  neuss: Recipient;
  /** Not an alliance member, under budget recovery. */
  olpe: Recipient;
  /** A provider organisation (and `provider`, its staff member). */
  providerId: string;
  authority: Staff;
  ministry: Staff;
  office: Staff;
  admin: Staff;
  otherOffice: Staff;
  provider: Staff;
  caseworker: Staff;
  close(): Promise<void>;
}

async function recipient(
  db: Kysely<Database>,
  name: string,
  flags: { allianceMember: boolean; budgetRecovery?: boolean },
): Promise<Recipient> {
  const id = await createOrganisation(db, 'municipality', `${name} ${randomUUID().slice(0, 4)}`);
  const officialKey = String(randomInt(10_000_000, 99_999_999));
  await db
    .updateTable('organisation')
    .set({
      official_key: officialKey,
      alliance_member: flags.allianceMember,
      budget_recovery: flags.budgetRecovery ?? false,
      municipality_kind: 'district',
    })
    .where('id', '=', id)
    .execute();
  return { id, officialKey };
}

export async function setUpBudgetWorld(): Promise<BudgetWorld> {
  const database = await createTestDatabase();
  const { db } = database.handle;
  const clock = new FakeClock(new Date('2021-03-01T08:00:00Z'));
  const app = await buildAccountsApp(database, { clock });
  await loadBundledProgrammes(db);
  const programmes = await db.selectFrom('funding_programme').select(['id', 'code']).execute();
  const idOf = (code: string) => programmes.find((p) => p.code === code)?.id ?? '';
  const koeln = await recipient(db, 'Stadt Köln', { allianceMember: true });
  const neuss = await recipient(db, 'Rhein-Kreis Neuss', { allianceMember: true });
  const olpe = await recipient(db, 'Kreis Olpe', { allianceMember: false, budgetRecovery: true });
  const authorityOrg = await createOrganisation(db, 'approving_authority', 'Bezirksregierung Arnsberg');
  const ministryOrg = await createOrganisation(db, 'ministry', 'MKJFGFI');
  const providerOrg = await createOrganisation(db, 'provider', 'Bildungswerk');
  const sign = (organisation: string, role: Role) => signIn(app, clock, db, organisation, [role]);
  return {
    database,
    db,
    app,
    clock,
    diaa: idOf('DIAA'),
    kim: idOf('KIM'),
    koeln,
    neuss,
    olpe,
    providerId: providerOrg,
    authority: await sign(authorityOrg, 'grant_officer'),
    ministry: await sign(ministryOrg, 'ministry_analyst'),
    office: await sign(koeln.id, 'managing_office'),
    admin: await sign(koeln.id, 'municipal_admin'),
    otherOffice: await sign(neuss.id, 'managing_office'),
    provider: await sign(providerOrg, 'provider_staff'),
    caseworker: await sign(koeln.id, 'participation_manager'),
    async close() {
      await app.close();
      await database.close();
    },
  };
}

export interface GrantAmount {
  strand: string;
  budgetYear: number;
  decidedCents: number;
  paidCents?: number;
}

/**
 * A decided grant of the municipality under a programme version, with amounts in force per strand and year
 * (committing the municipality's budget; the database refuses them without one) and payments booked.
 */
export async function insertDecidedGrant(
  world: Pick<BudgetWorld, 'db'>,
  municipalityId: string,
  programme: { programmeId: string; version: number },
  amounts: readonly GrantAmount[],
): Promise<string> {
  return withTenant(world.db, { municipalityId, userId: null }, async (trx) => {
    const { grantId, deciderId } = await insertTestGrantOf(trx, municipalityId, programme, amounts);
    for (const amount of amounts) {
      if (amount.paidCents) {
        await trx
          .insertInto('payment')
          .values({
            municipality_id: municipalityId,
            grant_id: grantId,
            strand: amount.strand,
            budget_year: amount.budgetYear,
            kind: 'payment',
            amount_cents: amount.paidCents,
            request_id: null,
            recovery_claim_id: null,
            booked_on: `${amount.budgetYear}-02-01`,
            booked_by: deciderId,
            note: null,
          })
          .execute();
      }
    }
    return grantId;
  });
}

export { adminCount, adminRows, etagOf, fieldsOf, problem, withVersion, type Staff } from '../cases/case-test-setup.ts';
