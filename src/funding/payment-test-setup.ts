// The world of the forwarding and payment integration tests: the funding parties (funding-parties-test-setup.ts)
// and a second person of the municipality's managing office, a provider serving only the other municipality, and
// decided grants from the factories. The clock stands in March 2021, inside the factories' grant period. Test
// code only (imported by *.int.test.ts).
import type { Kysely } from 'kysely';
import type { Actor } from '../access/access.rules.ts';
import type { Database } from '../database.ts';
import { withTenant } from '../platform/db/rls.ts';
import { createUser } from '../../test/helpers/accounts.ts';
import { insertTestGrant, type TestGrant } from '../../test/helpers/funding-factories.ts';
import { withVersion, type Staff } from '../cases/case-test-setup.ts';
import { addProvider } from '../offers/offers-test-setup.ts';
import { setUpFundingParties, type FundingParties } from './funding-parties-test-setup.ts';

export interface PaymentWorld extends FundingParties {
  secondOffice: Staff;
  /** Serves the other municipality only. */
  foreignProvider: string;
}

/** 15 March 2021, 10:00 in Köln: the two-month rule allows amounts due until 15 May 2021. */
export const WORLD_START = new Date('2021-03-15T09:00:00Z');

export async function setUpPaymentWorld(): Promise<PaymentWorld> {
  const parties = await setUpFundingParties(WORLD_START);
  const foreignProvider = await addProvider(parties.db, [parties.otherMunicipality], 'Kolleg Siegburg');
  return {
    ...parties,
    foreignProvider,
    secondOffice: await parties.staff(parties.municipality, ['managing_office']),
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
