// Enrolments are a participant's data: they are in the access report (Art. 15) and go with the person's erasure
// (Art. 17): anonymised with an ended case (the facts stay for the quality figures, the texts go), deleted
// with a person without a case.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminRows, eligibleParticipant } from '../cases/case-test-setup.ts';
import { createCase } from '../../test/helpers/participant-factories.ts';
import type { Enrolment } from './enrolment.schema.ts';
import { createOffer, patch, setUpOfferWorld, type OfferWorld } from './offers-test-setup.ts';

let world: OfferWorld;

beforeAll(async () => {
  world = await setUpOfferWorld();
}, 120_000);

afterAll(async () => {
  await world?.close();
});

async function droppedOut(participantId: string): Promise<Enrolment> {
  const offer = await createOffer(world, { title: 'Sprachkurs Auskunft' });
  const created = await world.manager.browser.post(`/api/v1/participants/${participantId}/enrolments`, {
    offerId: offer.id,
    referredOn: '2026-10-01',
  });
  expect(created.statusCode).toBe(201);
  const enrolment = created.json() as Enrolment;
  const dropped = await patch(
    world.manager,
    `/api/v1/enrolments/${enrolment.id}`,
    {
      status: 'dropped_out',
      dropoutReason: 'family',
      dropoutNotes: 'Pflegt die kranke Mutter in Bonn',
      nextStep: 'Teilzeitkurs ab März suchen',
    },
    1,
  );
  expect(dropped.statusCode).toBe(200);
  return dropped.json() as Enrolment;
}

async function participantVersion(id: string): Promise<number> {
  const [row] = await adminRows<{ version: number }>(world, 'select version from participant where id = $1', [id]);
  return row?.version ?? 0;
}

describe('data rights of enrolments', () => {
  it('puts the enrolments into the access report, named by offer and provider', async () => {
    const person = await eligibleParticipant(world);
    const enrolment = await droppedOut(person.id);
    const response = await world.manager.browser.get(`/api/v1/participants/${person.id}/export`);
    expect(response.statusCode).toBe(200);
    const report = response.json() as { tables: Record<string, Record<string, unknown>[]> };
    expect(report.tables.enrolment).toEqual([
      expect.objectContaining({
        id: enrolment.id,
        offerTitle: 'Sprachkurs Auskunft',
        providerName: 'Bildungswerk Rhein',
        status: 'dropped_out',
        dropoutReason: 'family',
        dropoutNotes: 'Pflegt die kranke Mutter in Bonn',
        nextStep: 'Teilzeitkurs ab März suchen',
      }),
    ]);
    const pdf = await world.manager.browser.get(`/api/v1/participants/${person.id}/export?format=pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(String(pdf.headers['content-type'])).toMatch(/application\/pdf/);
  });

  it('anonymises them with a person whose case ended: facts stay, texts go', async () => {
    const person = await eligibleParticipant(world);
    await createCase(world.db, world.municipality, person.id, { exited_on: '2026-11-01', exit_outcome: 'dropout' });
    const enrolment = await droppedOut(person.id);
    const response = await world.manager.browser.request(
      'DELETE',
      `/api/v1/participants/${person.id}`,
      { reason: 'no_longer_necessary' },
      { 'if-match': `"${await participantVersion(person.id)}"` },
    );
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ action: 'anonymise' });
    const [row] = await adminRows<Record<string, unknown>>(world, 'select * from enrolment where id = $1', [
      enrolment.id,
    ]);
    expect(row).toMatchObject({
      status: 'dropped_out',
      dropout_reason: 'family',
      dropout_notes: null,
      next_step: null,
      exception_justification: null,
      sessions_planned: null,
    });
    expect(row?.referred_on).not.toBeNull();
  });

  it('deletes them with a person without a case', async () => {
    const person = await eligibleParticipant(world);
    const enrolment = await droppedOut(person.id);
    const response = await world.manager.browser.request(
      'DELETE',
      `/api/v1/participants/${person.id}`,
      { reason: 'consent_withdrawn' },
      { 'if-match': `"${await participantVersion(person.id)}"` },
    );
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ action: 'delete' });
    expect(await adminRows(world, 'select id from enrolment where id = $1', [enrolment.id])).toEqual([]);
  });
});
