import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../access/access.rules.ts';
import { adminCount, adminRows, eligibleParticipant } from '../cases/case-test-setup.ts';
import type { EnrolmentChange } from './enrolment.port.ts';
import type { Enrolment } from './enrolment.schema.ts';
import { createEnrolmentService } from './enrolment.service.ts';
import { createOffer, patch, setUpOfferWorld, type OfferWorld } from './offers-test-setup.ts';

let world: OfferWorld;

beforeAll(async () => {
  world = await setUpOfferWorld();
}, 120_000);

afterAll(async () => {
  await world?.close();
});

const people = (n: number) => Promise.all(Array.from({ length: n }, () => eligibleParticipant(world)));

async function activeOf(offerId: string): Promise<number> {
  return adminCount(world, `select count(*) as n from enrolment where offer_id = $1 and status = 'active'`, [offerId]);
}

describe('capacity under concurrent enrolments', () => {
  it('gives exactly the free seats to 20 parallel enrolments into 5 seats and queues the rest in order', async () => {
    const offer = await createOffer(world, { capacity: 5 });
    const persons = await people(20);
    const responses = await Promise.all(
      persons.map((person) =>
        world.manager.browser.post(`/api/v1/participants/${person.id}/enrolments`, { offerId: offer.id }),
      ),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(Array.from({ length: 20 }, () => 201));
    const enrolments = responses.map((r) => r.json() as Enrolment);
    expect(enrolments.filter((e) => e.status === 'active')).toHaveLength(5);
    expect(enrolments.filter((e) => e.status === 'waiting')).toHaveLength(15);
    expect(await activeOf(offer.id)).toBe(5);
    // Positions as answered at enrolment are 1…15, each once: the queue grew one by one.
    const positions = enrolments.flatMap((e) => (e.waitingPosition === null ? [] : [e.waitingPosition]));
    expect([...positions].sort((a, b) => a - b)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    const queue = await adminRows<{ id: string }>(
      world,
      `select id from enrolment where offer_id = $1 and status = 'waiting' order by queued_at, id`,
      [offer.id],
    );
    const byPosition = [...enrolments]
      .filter((e) => e.waitingPosition !== null)
      .sort((a, b) => (a.waitingPosition ?? 0) - (b.waitingPosition ?? 0))
      .map((e) => e.id);
    expect(queue.map((row) => row.id)).toEqual(byPosition);
  });

  it('never exceeds the capacity when it is reduced while people enrol', async () => {
    for (let round = 0; round < 3; round += 1) {
      const offer = await createOffer(world, { capacity: 6 });
      const seated = await people(3);
      for (const person of seated) {
        await world.manager.browser.post(`/api/v1/participants/${person.id}/enrolments`, { offerId: offer.id });
      }
      const newcomers = await people(5);
      const results = await Promise.all([
        patch(world.managingOffice, `/api/v1/offers/${offer.id}`, { capacity: 4 }, 1),
        ...newcomers.map((person) =>
          world.manager.browser.post(`/api/v1/participants/${person.id}/enrolments`, { offerId: offer.id }),
        ),
      ]);
      const [reduction, ...enrolments] = results;
      expect(enrolments.map((r) => r.statusCode)).toEqual([201, 201, 201, 201, 201]);
      // The reduction either came first (then 4 seats) or found more active enrolments (409, 6 seats stay).
      expect([200, 409]).toContain(reduction?.statusCode);
      const [stored] = await adminRows<{ capacity: number }>(world, 'select capacity from offer where id = $1', [
        offer.id,
      ]);
      const capacity = stored?.capacity ?? -1;
      expect(capacity).toBe(reduction?.statusCode === 200 ? 4 : 6);
      const active = await activeOf(offer.id);
      expect(active).toBe(capacity);
      const waiting = enrolments.filter((r) => (r.json() as Enrolment).status === 'waiting').length;
      expect(active + waiting).toBe(8);
    }
  });
});

describe('the hook of the measure-career detector', () => {
  function actorOf(): Actor {
    return {
      userId: world.manager.user.id,
      organisationId: world.municipality,
      roles: ['participation_manager'],
      municipalityIds: [world.municipality],
      activeMunicipalityId: world.municipality,
      teamIds: [world.team],
    };
  }
  const meta = { ip: null, userAgent: null, requestId: null };

  it('runs inside the transaction of every enrolment write, and its failure undoes the write', async () => {
    const offer = await createOffer(world, { capacity: 1 });
    const [first, second] = await people(2);
    if (!first || !second) throw new Error('two participants');
    const calls: (EnrolmentChange & { seen: string[] })[] = [];
    const service = createEnrolmentService({
      db: world.db,
      now: world.clock.now,
      onEnrolmentChanged: async (trx, change) => {
        const rows = await trx
          .selectFrom('enrolment')
          .select('status')
          .where('participant_id', '=', change.participantId)
          .execute();
        calls.push({ ...change, seen: rows.map((row) => row.status) });
      },
    });
    const seated = await service.enrol(actorOf(), first.id, { offerId: offer.id }, meta);
    const waiting = await service.enrol(actorOf(), second.id, { offerId: offer.id }, meta);
    await service.update(actorOf(), seated.id, 1, { status: 'dropped_out', dropoutReason: 'health' }, meta);
    await service.update(actorOf(), waiting.id, 1, { status: 'active' }, meta);
    expect(calls.map((call) => [call.participantId, call.seen, call.municipalityId, call.actor?.userId])).toEqual([
      [first.id, ['active'], world.municipality, world.manager.user.id],
      [second.id, ['waiting'], world.municipality, world.manager.user.id],
      [first.id, ['dropped_out'], world.municipality, world.manager.user.id],
      [second.id, ['active'], world.municipality, world.manager.user.id],
    ]);

    const failing = createEnrolmentService({
      db: world.db,
      now: world.clock.now,
      onEnrolmentChanged: async () => {
        throw new Error('detector down');
      },
    });
    const [third] = await people(1);
    if (!third) throw new Error('a participant');
    const unlimited = await createOffer(world, { capacity: null });
    await expect(failing.enrol(actorOf(), third.id, { offerId: unlimited.id }, meta)).rejects.toThrow('detector down');
    expect(await adminCount(world, 'select count(*) as n from enrolment where participant_id = $1', [third.id])).toBe(
      0,
    );
  });
});
