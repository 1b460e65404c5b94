// The world of the proof-of-use integration tests: the payment world (municipalities, authority, managing office,
// providers and their staff), a decided grant (FB1 2021: 10,000 € at 80 % of 12,500 € eligible costs) with its
// financing plan (three cost lines), a concluded forwarding contract to the provider (3,000 €), payments of the
// full 10,000 €, and case data of 2021 to count (enrolments in FB1 offers, placements). The clock stands in
// February 2022: after the budget year, before the interim statement is due. Test code only.
import { withTenant } from '../platform/db/rls.ts';
import { insertTestPayment, type TestGrant } from '../../test/helpers/funding-factories.ts';
import { insertEnrolment, insertOffer } from '../../test/helpers/offer-factories.ts';
import { createCase, createParticipant } from '../../test/helpers/participant-factories.ts';
import { decidedGrant, setUpPaymentWorld, type PaymentWorld } from './payment-test-setup.ts';

export interface ProofWorld extends PaymentWorld {
  grant: TestGrant;
  contractId: string;
}

export const PROOF_WORLD_START = new Date('2022-02-15T09:00:00Z');

/** The financing plan of the grant: 12,500 € eligible costs in FB1 2021. */
export const PLAN = [
  { category: 'personnel', description: 'Coaches (1,5 VZÄ)', amountCents: 1_000_000 },
  { category: 'travel', description: 'Fahrtkosten', amountCents: 150_000 },
  { category: 'material', description: 'Sachausgaben', amountCents: 100_000 },
] as const;

export async function setUpProofWorld(): Promise<ProofWorld> {
  const world = await setUpPaymentWorld();
  world.clock.current = new Date(PROOF_WORLD_START);
  // Their sessions ended with the jump of the clock: everyone signs in again.
  for (const staff of [
    world.office,
    world.secondOffice,
    world.admin,
    world.foreignOffice,
    world.officer,
    world.secondOfficer,
    world.providerStaff,
    world.otherProviderStaff,
  ]) {
    const response = await staff.browser.login(staff.user, world.clock, staff.user);
    if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
  }
  const grant = await decidedGrant(world, world.municipality, 1_000_000);
  const contractId = await withTenant(world.db, { municipalityId: world.municipality, userId: null }, async (trx) => {
    const { application_id: applicationId } = await trx
      .selectFrom('funding_grant')
      .where('id', '=', grant.grantId)
      .select('application_id')
      .executeTakeFirstOrThrow();
    // The plan of a decided application is frozen (migration 0018): it is written as if still returned for
    // correction, then decided again, as the factories' grant was.
    const application = (status: 'returned' | 'decided') =>
      trx.updateTable('funding_application').set({ status }).where('id', '=', applicationId).execute();
    await application('returned');
    await trx
      .insertInto('application_cost_line')
      .values(
        PLAN.map((line, position) => ({
          municipality_id: world.municipality,
          application_id: applicationId,
          strand: 'FB1',
          budget_year: 2021,
          category: line.category,
          description: line.description,
          quantity: null,
          unit_cents: null,
          amount_cents: line.amountCents,
          position,
        })),
      )
      .execute();
    await application('decided');
    const contract = await trx
      .insertInto('forwarding_contract')
      .values({
        municipality_id: world.municipality,
        grant_id: grant.grantId,
        provider_id: world.provider,
        reference: 'WL-2021-001',
        period_from: '2021-01-01',
        period_to: '2021-12-31',
        purpose: 'Coaching (FB1)',
        status: 'concluded',
        concluded_by: grant.deciderId,
        concluded_at: new Date('2021-01-05T09:00:00Z'),
        created_by: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('forwarding_amount')
      .values({
        municipality_id: world.municipality,
        contract_id: contract.id,
        strand: 'FB1',
        budget_year: 2021,
        amount_cents: 300_000,
      })
      .execute();
    await insertTestPayment(trx, world.municipality, grant, 1_000_000);
    return contract.id;
  });
  return { ...world, grant, contractId };
}

export interface SeededFigures {
  /** what the provider's proof must count (its own offer) */
  provider: {
    participants: number;
    women: number;
    enrolments: number;
    completions: number;
    dropouts: number;
    placements: number;
  };
  /** what the municipality's proof must count (all FB1 offers) */
  municipality: {
    participants: number;
    women: number;
    enrolments: number;
    completions: number;
    dropouts: number;
    placements: number;
  };
}

/**
 * Case data of 2021 in the municipality: the provider's FB1 coaching offer with six participants (three women;
 * four completed, one dropped out, one still active; three placed into training), the other provider's FB1
 * offer with one more participant, and what must not count: an enrolment that ended in 2020, one on the waiting
 * list, one in an FB4 offer, one in the other municipality.
 */
export async function seedCaseData(world: ProofWorld): Promise<SeededFigures> {
  const { db, municipality } = world;
  const offer = (providerId: string, strand: 'FB1' | 'FB4', municipalityId = municipality) =>
    withTenant(db, { municipalityId, userId: null }, (trx) =>
      insertOffer(
        trx,
        { municipality_id: municipalityId, provider_id: providerId },
        {
          title: strand === 'FB1' ? 'Coaching' : 'Berufsvorbereitung',
          type: strand === 'FB1' ? 'coaching' : 'preparation_course',
          strand,
          starts_on: '2020-01-01',
          ends_on: '2021-12-31',
          capacity: 20,
          status: 'running',
        },
      ),
    );
  const coaching = await offer(world.provider, 'FB1');
  const otherCoaching = await offer(world.otherProvider, 'FB1');
  const preparation = await offer(world.provider, 'FB4');
  const foreignCoaching = await offer(world.provider, 'FB1', world.otherMunicipality);

  const enrol = async (
    offerId: string,
    person: { gender: 'female' | 'male'; placedOn?: string },
    enrolment: {
      status: 'active' | 'completed' | 'dropped_out' | 'waiting';
      startsOn?: string;
      endsOn?: string | null;
    },
    municipalityId = municipality,
  ) => {
    const participant = await createParticipant(db, municipalityId, { gender: person.gender });
    if (person.placedOn) {
      await createCase(db, municipalityId, participant.id, {
        opened_on: '2020-06-01',
        intake_on: '2020-06-01',
        exited_on: person.placedOn,
        exit_outcome: 'training_dual',
      });
    }
    await withTenant(db, { municipalityId, userId: null }, (trx) =>
      insertEnrolment(
        trx,
        { municipality_id: municipalityId, participant_id: participant.id, offer_id: offerId },
        {
          referred_on: '2020-12-01',
          starts_on: enrolment.status === 'waiting' ? null : (enrolment.startsOn ?? '2021-02-01'),
          ends_on: enrolment.endsOn ?? null,
          status: enrolment.status,
          dropout_reason: enrolment.status === 'dropped_out' ? 'work' : null,
        },
      ),
    );
  };
  await enrol(coaching, { gender: 'female', placedOn: '2021-09-01' }, { status: 'completed', endsOn: '2021-06-30' });
  await enrol(coaching, { gender: 'female', placedOn: '2021-10-01' }, { status: 'completed', endsOn: '2021-07-31' });
  await enrol(coaching, { gender: 'female' }, { status: 'completed', endsOn: '2021-08-31' });
  await enrol(coaching, { gender: 'male', placedOn: '2021-11-15' }, { status: 'completed', endsOn: '2021-06-30' });
  await enrol(coaching, { gender: 'male' }, { status: 'dropped_out', endsOn: '2021-05-10' });
  await enrol(coaching, { gender: 'male' }, { status: 'active' });
  await enrol(otherCoaching, { gender: 'male' }, { status: 'active' });
  // Not counted: ended before 2021, waiting, another strand, another municipality.
  await enrol(coaching, { gender: 'female' }, { status: 'completed', startsOn: '2020-02-01', endsOn: '2020-12-01' });
  await enrol(coaching, { gender: 'female' }, { status: 'waiting' });
  await enrol(preparation, { gender: 'female' }, { status: 'active' });
  await enrol(foreignCoaching, { gender: 'female' }, { status: 'active' }, world.otherMunicipality);
  return {
    provider: { participants: 6, women: 3, enrolments: 6, completions: 4, dropouts: 1, placements: 3 },
    municipality: { participants: 7, women: 3, enrolments: 7, completions: 4, dropouts: 1, placements: 3 },
  };
}
