// Quality indicators through the API: the rates of an offer and of a provider from its enrolments, transitions
// to a next step, alerts naming its enrolments, and who sees which provider's figures.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../platform/db/rls.ts';
import type { OfferIndicators, ProviderIndicators, ProviderOverview } from './indicator.schema.ts';
import {
  addEnrolment,
  addOffer,
  adminRows,
  fieldsOf,
  personWithCase,
  setUpQualityWorld,
  type QualityWorld,
} from './quality-test-setup.ts';

let world: QualityWorld;
let offer: string;
let nextOffer: string;
let coachingOffer: string;

async function alertFor(participantId: string, enrolmentId: string, status: 'open' | 'resolved') {
  await withTenant(world.db, { municipalityId: world.municipality, userId: null }, (trx) =>
    trx
      .insertInto('measure_career_alert')
      .values({
        municipality_id: world.municipality,
        participant_id: participantId,
        rule: 'repeated_dropouts',
        anchor_enrolment_id: enrolmentId,
        enrolment_ids: [enrolmentId],
        details: '{}',
        status,
        resolved_at: status === 'resolved' ? new Date() : null,
        handled_by: null,
        handled_at: null,
        plan: null,
        dismissal_reason: null,
      })
      .execute(),
  );
}

beforeAll(async () => {
  world = await setUpQualityWorld();
  const m = world.municipality;
  offer = await addOffer(world, m, world.provider, { title: 'Sprachkurs A', capacity: 10 });
  nextOffer = await addOffer(world, m, world.otherProvider, {
    title: 'Ausbildung',
    type: 'training_dual',
    strand: null,
  });
  coachingOffer = await addOffer(world, m, world.provider, { title: 'Coaching', type: 'coaching', strand: 'FB1' });
  const sessions = { sessions_planned: 100, sessions_attended: 75 };
  for (let i = 0; i < 4; i += 1) {
    const p = await personWithCase(world, m);
    await addEnrolment(world, m, p.participantId, offer, { status: 'active', ...(i < 2 ? sessions : {}) });
  }
  const ended: { participantId: string; caseId: string; enrolment: string }[] = [];
  for (let i = 0; i < 6; i += 1) {
    const p = await personWithCase(world, m);
    const dropped = i >= 4;
    const enrolment = await addEnrolment(world, m, p.participantId, offer, {
      status: dropped ? 'dropped_out' : 'completed',
      dropout_reason: dropped ? 'overload' : null,
      ends_on: dropped ? '2026-02-15' : '2026-03-31',
      ...(i < 4 ? sessions : {}),
    });
    ended.push({ ...p, enrolment });
  }
  const [a, b, c, d] = ended;
  if (!a || !b || !c || !d) throw new Error('setup');
  // Two went on to training within three months of the end…
  for (const person of [a, b]) {
    await addEnrolment(world, m, person.participantId, nextOffer, { status: 'active', starts_on: '2026-05-01' });
  }
  // …one left the case into training four months after (within six, not three)…
  await withTenant(world.db, { municipalityId: m, userId: null }, (trx) =>
    trx
      .updateTable('participant_case')
      .set({ exited_on: '2026-07-31', exit_outcome: 'training_dual' })
      .where('id', '=', c.caseId)
      .execute(),
  );
  // …and coaching alone is no next step.
  await addEnrolment(world, m, d.participantId, coachingOffer, { status: 'active', starts_on: '2026-04-15' });
  await alertFor(a.participantId, a.enrolment, 'open');
  await alertFor(b.participantId, b.enrolment, 'resolved');
});

afterAll(async () => {
  await world.close();
});

describe('GET /api/v1/quality/offers/:offerId', () => {
  it('computes fill, attendance, completion, drop-out and transition rates of the offer', async () => {
    const response = await world.manager.browser.get(`/api/v1/quality/offers/${offer}`);
    expect(response.statusCode, response.body).toBe(200);
    const { offer: about, indicators } = response.json() as OfferIndicators;
    expect(about.title).toBe('Sprachkurs A');
    expect(indicators.enrolments).toEqual({ waiting: 0, active: 4, completed: 4, droppedOut: 2, notStarted: 0 });
    expect(indicators.fillRate).toEqual({ value: 0.8, base: 10 });
    expect(indicators.attendanceRate).toEqual({ value: 0.75, base: 6 });
    expect(indicators.completionRate).toEqual({ value: 0.667, base: 6 });
    expect(indicators.dropoutRate).toEqual({ value: 0.333, base: 6 });
    expect(indicators.transitionRate3).toEqual({ value: 0.333, base: 6 });
    expect(indicators.transitionRate6).toEqual({ value: 0.5, base: 6 });
    // Case workers read alerts themselves: they see even small counts.
    expect(indicators.alerts).toEqual({ open: 1, acknowledged: 0, dismissed: 0, resolved: 1, total: 2 });
  });

  it('hides small alert counts from those who may not read alerts, and rates below five records', async () => {
    const seen = (await (
      await world.providerStaff.browser.get(`/api/v1/quality/offers/${offer}`)
    ).json()) as OfferIndicators;
    expect(seen.indicators.alerts).toBeNull();
    const next = (await (
      await world.office.browser.get(`/api/v1/quality/offers/${nextOffer}`)
    ).json()) as OfferIndicators;
    expect(next.indicators.enrolments.active).toBe(2);
    expect(next.indicators.fillRate).toEqual({ value: 0.2, base: 10 });
    expect(next.indicators.completionRate).toEqual({ value: null, base: 0 });
  });

  it('limits the enrolments to a period', async () => {
    const response = await world.manager.browser.get(`/api/v1/quality/offers/${offer}?from=2026-03-01&to=2026-12-31`);
    const { indicators } = response.json() as OfferIndicators;
    // The two drop-outs ended in February.
    expect(indicators.enrolments.droppedOut).toBe(0);
    expect(indicators.enrolments.completed).toBe(4);
    const bad = await world.manager.browser.get(`/api/v1/quality/offers/${offer}?from=2026-03-01&to=2026-01-01`);
    expect(bad.statusCode).toBe(400);
    expect(fieldsOf(bad)).toEqual(['to']);
  });

  it("shows a provider's staff only their own provider's offers; others are not found (audited)", async () => {
    expect((await world.otherProviderStaff.browser.get(`/api/v1/quality/offers/${offer}`)).statusCode).toBe(404);
    expect((await world.foreignOffice.browser.get(`/api/v1/quality/offers/${offer}`)).statusCode).toBe(404);
    expect((await world.coach.browser.get(`/api/v1/quality/offers/${offer}`)).statusCode).toBe(403);
    const denied = await adminRows<{ outcome: string; resource_id: string }>(
      world,
      `select outcome, resource_id from audit_log where resource_type = 'quality_indicators' and actor_user_id = $1`,
      [world.otherProviderStaff.user.id],
    );
    expect(denied).toEqual([{ outcome: 'denied', resource_id: offer }]);
  });
});

describe('provider indicators', () => {
  it('sums the offers of a provider', async () => {
    const response = await world.office.browser.get(`/api/v1/quality/providers/${world.provider}`);
    expect(response.statusCode).toBe(200);
    const body = response.json() as ProviderIndicators;
    expect(body.offers.map((o) => o.offer.title).sort()).toEqual(['Coaching', 'Sprachkurs A']);
    expect(body.indicators.enrolments.active).toBe(5);
    expect(body.indicators.capacity).toBe(20);
    expect(body.indicators.fillRate).toEqual({ value: 0.45, base: 20 });
  });

  it('lists every provider for the office, only their own for provider staff', async () => {
    const office = (await (await world.office.browser.get('/api/v1/quality/providers')).json()) as ProviderOverview;
    expect(office.providers.map((p) => p.provider.id).sort()).toEqual([world.provider, world.otherProvider].sort());
    const own = (await (await world.providerStaff.browser.get('/api/v1/quality/providers')).json()) as ProviderOverview;
    expect(own.providers.map((p) => [p.provider.id, p.offers])).toEqual([[world.provider, 2]]);
    expect((await world.providerStaff.browser.get(`/api/v1/quality/providers/${world.otherProvider}`)).statusCode).toBe(
      404,
    );
    const foreign = (await (
      await world.foreignOffice.browser.get('/api/v1/quality/providers')
    ).json()) as ProviderOverview;
    expect(foreign.providers).toEqual([]);
  });
});
