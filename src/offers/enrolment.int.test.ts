import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCount, eligibleParticipant, fieldsOf, problem } from '../cases/case-test-setup.ts';
import { withTenant } from '../platform/db/rls.ts';
import type { Enrolment, EnrolmentPage } from './enrolment.schema.ts';
import {
  coachOwns,
  createOffer,
  enrolmentAudit,
  patch,
  setUpOfferWorld,
  type OfferLike,
  type OfferWorld,
} from './offers-test-setup.ts';

let world: OfferWorld;

beforeAll(async () => {
  world = await setUpOfferWorld();
}, 120_000);

afterAll(async () => {
  await world?.close();
});

async function enrol(
  staff: OfferWorld['manager'],
  participantId: string,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
) {
  return staff.browser.post(`/api/v1/participants/${participantId}/enrolments`, body, headers);
}

async function enrolled(participantId: string, offer: OfferLike, body: Record<string, unknown> = {}) {
  const response = await enrol(world.manager, participantId, { offerId: offer.id, ...body });
  if (response.statusCode !== 201) throw new Error(`not enrolled: ${response.statusCode} ${response.body}`);
  return response.json() as Enrolment;
}

const enrolmentCount = (participantId: string) =>
  adminCount(world, 'select count(*) as n from enrolment where participant_id = $1', [participantId]);

describe('enrolling a participant', () => {
  it('gives a seat in an offer with free seats, audited, and answers a retry with the same enrolment', async () => {
    const offer = await createOffer(world, { capacity: 3 });
    const person = await eligibleParticipant(world);
    const key = { 'idempotency-key': `enrol-${randomUUID()}` };
    const body = { offerId: offer.id, referredOn: '2026-11-20', endsOn: '2027-06-30' };
    const response = await enrol(world.manager, person.id, body, key);
    expect(response.statusCode).toBe(201);
    const enrolment = response.json() as Enrolment;
    expect(enrolment).toMatchObject({
      participant: { id: person.id, number: person.number },
      offer: { id: offer.id, strand: 'FB4', provider: { id: world.provider, name: 'Bildungswerk Rhein' } },
      status: 'active',
      referredOn: '2026-11-20',
      // A seat starts when the offer starts, never before the referral.
      startsOn: '2026-11-20',
      endsOn: '2027-06-30',
      waitingPosition: null,
      seatAvailable: false,
      eligibility: { outcome: 'eligible', exceptionJustification: null },
      version: 1,
    });
    const retry = await enrol(world.manager, person.id, body, key);
    expect(retry.statusCode).toBe(201);
    expect((retry.json() as Enrolment).id).toBe(enrolment.id);
    expect(await enrolmentCount(person.id)).toBe(1);
    expect(await enrolmentAudit(world, person.id)).toEqual([
      { action: 'create', resource_type: 'enrolment', outcome: 'success', changed_fields: expect.any(Array) },
    ]);

    const again = await enrol(world.manager, person.id, { offerId: offer.id });
    expect(again.statusCode).toBe(409);
    const seats = (await world.coach.browser.get(`/api/v1/offers/${offer.id}`)).json() as OfferLike;
    expect(seats.seats).toEqual({ taken: 1, free: 2, waiting: 0 });
  });

  it('refuses invalid enrolments with field errors and stores nothing', async () => {
    const offer = await createOffer(world);
    const person = await eligibleParticipant(world);
    const other = await eligibleParticipant(world);
    const otherCase = await coachOwns(world, other.id, world.coach.user.id);
    const cases: [Record<string, unknown>, string[]][] = [
      [{ offerId: offer.id, referredOn: '2026-12-24' }, ['referredOn']],
      [{ offerId: randomUUID() }, ['offerId']],
      [{ offerId: offer.id, caseId: otherCase }, ['caseId']],
      [{ offerId: offer.id, referredOn: '2026-11-01', startsOn: '2026-10-01' }, ['startsOn']],
      [{ offerId: offer.id, startsOn: '2027-01-01', endsOn: '2026-12-01' }, ['endsOn']],
      [{ offerId: 'x', referredOn: '1800-01-01', status: 'active' }, ['', 'offerId', 'referredOn']],
    ];
    for (const [body, fields] of cases) {
      const response = await enrol(world.manager, person.id, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(fieldsOf(response), JSON.stringify(body)).toEqual(fields);
    }
    expect(await enrolmentCount(person.id)).toBe(0);
    expect((await enrol(world.manager, randomUUID(), { offerId: offer.id })).statusCode).toBe(404);
  });

  it('refuses an ended offer and a blocked participant with 409', async () => {
    const offer = await createOffer(world, { status: 'running' });
    await patch(world.managingOffice, `/api/v1/offers/${offer.id}`, { status: 'ended' }, 1);
    const person = await eligibleParticipant(world);
    expect((await enrol(world.manager, person.id, { offerId: offer.id })).statusCode).toBe(409);

    const open = await createOffer(world);
    await withTenant(world.db, { municipalityId: world.municipality, userId: null }, (trx) =>
      sql`update participant set blocked_at = now(), blocked_reason = 'Art. 18' where id = ${person.id}`.execute(trx),
    );
    const blocked = await enrol(world.manager, person.id, { offerId: open.id });
    expect(blocked.statusCode).toBe(409);
    expect(problem(blocked).code).toBe('conflict');
    expect(await enrolmentCount(person.id)).toBe(0);
  });
});

describe('eligibility at enrolment', () => {
  it('checks the strand of the offer: 422 naming the reasons, an age exception with its justification', async () => {
    const offer = await createOffer(world, { strand: 'FB4', type: 'preparation_course' });
    const tooOld = await eligibleParticipant(world, { birth_date: '1990-03-01' });
    const refused = await enrol(world.manager, tooOld.id, { offerId: offer.id });
    expect(refused.statusCode).toBe(422);
    expect(problem(refused).errors?.map((e) => `${e.field}:${e.code}`)).toEqual([
      'offerId:eligibility.age.too_old',
      'exceptionJustification:required_for_exception',
    ]);
    expect(await enrolmentCount(tooOld.id)).toBe(0);

    const excepted = await enrol(world.manager, tooOld.id, {
      offerId: offer.id,
      exceptionJustification: 'Schulabschluss steht kurz bevor; Steuerungsgruppe hat zugestimmt',
    });
    expect(excepted.statusCode).toBe(201);
    expect((excepted.json() as Enrolment).eligibility).toEqual({
      outcome: 'eligible_by_exception',
      exceptionJustification: 'Schulabschluss steht kurz bevor; Steuerungsgruppe hat zugestimmt',
    });

    const notAdmitted = await eligibleParticipant(world, { status: 'other' });
    const status = await enrol(world.manager, notAdmitted.id, { offerId: offer.id, exceptionJustification: 'bitte' });
    expect(status.statusCode).toBe(422);
    expect(problem(status).errors?.map((e) => e.code)).toEqual(['eligibility.residence_status.not_admitted']);
  });

  it('takes the exception of the case the referral is made from, and checks no strand for regular offers', async () => {
    const offer = await createOffer(world);
    const tooOld = await eligibleParticipant(world, { birth_date: '1990-03-01' });
    const caseId = await coachOwns(world, tooOld.id, world.coach.user.id);
    await withTenant(world.db, { municipalityId: world.municipality, userId: null }, (trx) =>
      sql`update participant_case set exception_justification = 'Im Fall dokumentiert', eligibility_decision = 'eligible_by_exception'
           where id = ${caseId}`.execute(trx),
    );
    const fromCase = await enrol(world.coach, tooOld.id, { offerId: offer.id, caseId });
    expect(fromCase.statusCode).toBe(201);
    expect(fromCase.json()).toMatchObject({ caseId, eligibility: { outcome: 'eligible_by_exception' } });

    const regular = await createOffer(world, { type: 'integration_course', strand: null });
    const other = await eligibleParticipant(world, { status: 'other' });
    const response = await enrol(world.manager, other.id, { offerId: regular.id });
    expect(response.statusCode).toBe(201);
    expect((response.json() as Enrolment).eligibility).toBeNull();
  });
});

describe('who may do what', () => {
  let offer: OfferLike;
  let person: { id: string; number: string };
  let enrolment: Enrolment;

  beforeAll(async () => {
    offer = await createOffer(world);
    person = await eligibleParticipant(world);
    enrolment = await enrolled(person.id, offer);
  });

  it('coaches enrol and see only their own participants', async () => {
    const own = await eligibleParticipant(world);
    await coachOwns(world, own.id, world.coach.user.id);
    expect((await enrol(world.coach, own.id, { offerId: offer.id })).statusCode).toBe(201);
    expect((await enrol(world.otherCoach, own.id, { offerId: offer.id })).statusCode).toBe(404);
    expect((await world.otherCoach.browser.get(`/api/v1/enrolments/${enrolment.id}`)).statusCode).toBe(404);
    const list = await world.coach.browser.get(`/api/v1/offers/${offer.id}/enrolments`);
    expect((list.json() as EnrolmentPage).items.map((item) => item.participant.id)).toEqual([own.id]);
  });

  it("the offer's provider reads and records, another provider and other tenants do not", async () => {
    const url = `/api/v1/enrolments/${enrolment.id}`;
    const read = await world.providerStaff.browser.get(url);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ participant: { id: person.id, number: person.number } });
    expect((await world.otherProviderStaff.browser.get(url)).statusCode).toBe(404);
    expect((await world.foreignManager.browser.get(url)).statusCode).toBe(404);
    expect((await world.managingOffice.browser.get(url)).statusCode).toBe(403);
    expect((await enrol(world.providerStaff, person.id, { offerId: offer.id })).statusCode).toBe(403);

    const offerList = `/api/v1/offers/${offer.id}/enrolments`;
    expect((await world.providerStaff.browser.get(offerList)).statusCode).toBe(200);
    expect((await world.otherProviderStaff.browser.get(offerList)).statusCode).toBe(403);
    expect((await world.foreignManager.browser.get(offerList)).statusCode).toBe(404);

    const attended = await patch(
      world.providerStaff,
      url,
      { sessionsPlanned: 40, sessionsAttended: 12, attendanceConfirmed: true },
      1,
    );
    expect(attended.statusCode).toBe(200);
    expect((attended.json() as Enrolment).attendance).toMatchObject({
      sessionsPlanned: 40,
      sessionsAttended: 12,
      confirmedBy: { id: world.providerStaff.user.id },
      confirmedOn: '2026-11-29',
    });
    expect((await patch(world.otherProviderStaff, url, { sessionsAttended: 13 }, 2)).statusCode).toBe(404);
    const notProvider = await patch(world.manager, url, { attendanceConfirmed: true }, 2);
    expect(notProvider.statusCode).toBe(403);
    // Changed figures withdraw the confirmation: it was given for the old ones.
    const changed = await patch(world.manager, url, { sessionsAttended: 14 }, 2);
    expect((changed.json() as Enrolment).attendance).toMatchObject({ sessionsAttended: 14, confirmedBy: null });
    const denied = await adminCount(
      world,
      `select count(*) as n from audit_log where resource_type = 'enrolment' and resource_id = $1 and outcome = 'denied'`,
      [enrolment.id],
    );
    expect(denied).toBeGreaterThanOrEqual(3);
  });

  it("lists a person's enrolments for those who may see them, each read audited", async () => {
    const url = `/api/v1/participants/${person.id}/enrolments`;
    const list = await world.manager.browser.get(url);
    expect(list.statusCode).toBe(200);
    expect((list.json() as EnrolmentPage).items.map((item) => item.id)).toEqual([enrolment.id]);
    expect((await world.providerStaff.browser.get(url)).statusCode).toBe(200);
    expect((await world.otherProviderStaff.browser.get(url)).statusCode).toBe(404);
    expect((await world.otherCoach.browser.get(url)).statusCode).toBe(404);
    expect((await world.foreignManager.browser.get(url)).statusCode).toBe(404);
    expect((await world.manager.browser.get(`${url}?status=bogus`)).statusCode).toBe(400);
    const reads = await adminCount(
      world,
      `select count(*) as n from audit_log where resource_type = 'enrolment' and participant_id = $1 and action = 'read'
          and outcome = 'success'`,
      [person.id],
    );
    expect(reads).toBeGreaterThanOrEqual(3);
  });
});

describe('status changes and the waiting list', () => {
  it('puts newcomers on the waiting list of a full offer and lets the first take a freed seat', async () => {
    const offer = await createOffer(world, { capacity: 1 });
    const [first, second, third] = await Promise.all([1, 2, 3].map(() => eligibleParticipant(world)));
    if (!first || !second || !third) throw new Error('three participants');
    const seated = await enrolled(first.id, offer);
    const waiting1 = await enrolled(second.id, offer);
    const waiting2 = await enrolled(third.id, offer);
    expect([seated.status, waiting1.status, waiting2.status]).toEqual(['active', 'waiting', 'waiting']);
    expect([waiting1.waitingPosition, waiting2.waitingPosition]).toEqual([1, 2]);
    expect(waiting1.startsOn).toBeNull();

    // No seat is free: nobody leaves the list.
    const early = await patch(world.manager, `/api/v1/enrolments/${waiting1.id}`, { status: 'active' }, 1);
    expect(early.statusCode).toBe(409);
    expect(problem(early).errors?.[0]).toMatchObject({ field: 'status', code: 'no_free_seat' });

    // A drop-out needs its reason; with it, the seat frees.
    const url = `/api/v1/enrolments/${seated.id}`;
    const noReason = await patch(world.manager, url, { status: 'dropped_out' }, 1);
    expect(noReason.statusCode).toBe(400);
    expect(fieldsOf(noReason)).toEqual(['dropoutReason']);
    const dropped = await patch(
      world.manager,
      url,
      { status: 'dropped_out', dropoutReason: 'work', dropoutNotes: 'Hat eine Stelle im Lager' },
      1,
    );
    expect(dropped.statusCode).toBe(200);
    expect(dropped.json()).toMatchObject({ status: 'dropped_out', dropoutReason: 'work', endsOn: '2026-11-29' });

    const list = (
      await world.manager.browser.get(`/api/v1/offers/${offer.id}/enrolments?status=waiting&sort=createdAt`)
    ).json() as EnrolmentPage;
    expect(list.items.map((item) => [item.id, item.waitingPosition, item.seatAvailable])).toEqual([
      [waiting1.id, 1, true],
      [waiting2.id, 2, false],
    ]);
    // First come, first served: the second in line waits while the first has not taken the seat.
    expect((await patch(world.manager, `/api/v1/enrolments/${waiting2.id}`, { status: 'active' }, 1)).statusCode).toBe(
      409,
    );
    const promoted = await patch(world.providerStaff, `/api/v1/enrolments/${waiting1.id}`, { status: 'active' }, 1);
    expect(promoted.statusCode).toBe(200);
    expect(promoted.json()).toMatchObject({ status: 'active', startsOn: '2026-11-29', waitingPosition: null });
    const next = (await world.manager.browser.get(`/api/v1/enrolments/${waiting2.id}`)).json() as Enrolment;
    expect([next.waitingPosition, next.seatAvailable]).toEqual([1, false]);

    // Raising the capacity frees a seat for the next in line.
    await patch(world.managingOffice, `/api/v1/offers/${offer.id}`, { capacity: 2 }, 1);
    const raised = (await world.manager.browser.get(`/api/v1/enrolments/${waiting2.id}`)).json() as Enrolment;
    expect(raised.seatAvailable).toBe(true);
  });

  it('refuses capacity below the active enrolments with 409', async () => {
    const offer = await createOffer(world, { capacity: 3 });
    for (const person of await Promise.all([1, 2].map(() => eligibleParticipant(world))))
      await enrolled(person.id, offer);
    const response = await patch(world.managingOffice, `/api/v1/offers/${offer.id}`, { capacity: 1 }, 1);
    expect(response.statusCode).toBe(409);
    expect(problem(response).errors?.[0]).toMatchObject({ field: 'capacity', code: 'below_active' });
    expect((await patch(world.managingOffice, `/api/v1/offers/${offer.id}`, { capacity: 2 }, 1)).statusCode).toBe(200);
  });

  it('validates transitions and results, with If-Match', async () => {
    const offer = await createOffer(world);
    const person = await eligibleParticipant(world);
    const enrolment = await enrolled(person.id, offer, { referredOn: '2026-10-01' });
    expect(enrolment.startsOn).toBe('2026-10-01');
    const url = `/api/v1/enrolments/${enrolment.id}`;
    expect((await world.manager.browser.request('PATCH', url, { nextStep: 'B2-Kurs' })).statusCode).toBe(428);
    expect((await patch(world.manager, url, { nextStep: 'B2-Kurs' }, 5)).statusCode).toBe(412);
    const early = await patch(world.manager, url, { cefrLevelReached: 'B1' }, 1);
    expect(early.statusCode).toBe(400);
    expect(fieldsOf(early)).toEqual(['results']);
    const back = await patch(world.manager, url, { status: 'waiting' }, 1);
    expect(back.statusCode).toBe(409);
    const completed = await patch(
      world.providerStaff,
      url,
      {
        status: 'completed',
        endsOn: '2026-11-28',
        certificate: true,
        examResult: 'passed',
        cefrLevelReached: 'B1',
        nextStep: 'Einstiegsqualifizierung ab Februar',
      },
      1,
    );
    expect(completed.statusCode).toBe(200);
    expect(completed.json()).toMatchObject({
      status: 'completed',
      endsOn: '2026-11-28',
      results: { certificate: true, examResult: 'passed', cefrLevelReached: 'B1' },
      nextStep: 'Einstiegsqualifizierung ab Februar',
      version: 2,
    });
    const stored = await adminCount(
      world,
      `select count(*) as n from enrolment where id = $1 and status = 'completed' and version = 2`,
      [enrolment.id],
    );
    expect(stored).toBe(1);
    expect((await enrolmentAudit(world, person.id)).map((entry) => entry.action)).toEqual(['create', 'update']);
  });
});
