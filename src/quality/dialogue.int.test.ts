// Quality dialogues through the API: create (idempotent) with actions, change with If-Match, delete, overdue
// flags, lists per provider, and who may do what (the office manages; a provider's staff read their own).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dialogue, DialoguePage, QualityActionRecord } from './dialogue.schema.ts';
import {
  addOffer,
  adminCount,
  adminRows,
  etagOf,
  fieldsOf,
  setUpQualityWorld,
  withVersion,
  type QualityWorld,
} from './quality-test-setup.ts';

let world: QualityWorld;
let offer: string;
let otherOffer: string;

function body(overrides: Record<string, unknown> = {}) {
  return {
    providerId: world.provider,
    offerId: offer,
    heldOn: '2026-10-15',
    attendees: 'Geschäftsstelle (Frau Yilmaz), Träger (Herr Becker)',
    findings: 'Hohe Abbruchquote im ersten Monat',
    followUpOn: '2027-01-15',
    actions: [
      { action: 'Probewoche vor Kursbeginn anbieten', owner: 'Träger', dueOn: '2026-11-15' },
      { action: 'Kinderbetreuung klären', owner: 'Geschäftsstelle', dueOn: '2027-02-01' },
    ],
    ...overrides,
  };
}

async function create(overrides: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const response = await world.office.browser.post('/api/v1/quality/dialogues', body(overrides), headers);
  expect(response.statusCode, response.body).toBe(201);
  return { dialogue: response.json() as Dialogue, etag: etagOf(response) };
}

function dialogues() {
  return adminCount(world, 'select count(*) as n from quality_dialogue where municipality_id = $1', [
    world.municipality,
  ]);
}

beforeAll(async () => {
  world = await setUpQualityWorld();
  offer = await addOffer(world, world.municipality, world.provider, { title: 'Sprachkurs B' });
  otherOffer = await addOffer(world, world.municipality, world.otherProvider, { title: 'Kurs des anderen' });
});

afterAll(async () => {
  await world.close();
});

describe('recording a quality dialogue', () => {
  it('creates it with its actions, flags the overdue one, and audits it', async () => {
    const { dialogue, etag } = await create();
    expect(etag).toBe('"1"');
    expect(dialogue.offerTitle).toBe('Sprachkurs B');
    expect(dialogue.actions.map((a) => [a.action, a.status, a.overdue])).toEqual([
      ['Probewoche vor Kursbeginn anbieten', 'open', true],
      ['Kinderbetreuung klären', 'open', false],
    ]);
    expect([dialogue.openActions, dialogue.overdueActions, dialogue.followUpDue]).toEqual([2, 1, false]);
    const audit = await adminRows<{ action: string; changed_fields: string[] }>(
      world,
      `select action, changed_fields from audit_log where resource_type = 'quality_dialogue' and resource_id = $1`,
      [dialogue.id],
    );
    expect(audit[0]?.action).toBe('create');
    expect(audit[0]?.changed_fields).toContain('dialogue.findings');
  });

  it('replays a create with the same Idempotency-Key instead of recording it twice', async () => {
    const before = await dialogues();
    const headers = { 'idempotency-key': 'dialogue-once' };
    const first = await create({}, headers);
    const again = await world.office.browser.post('/api/v1/quality/dialogues', body(), headers);
    expect(again.statusCode).toBe(201);
    expect((again.json() as Dialogue).id).toBe(first.dialogue.id);
    expect(await dialogues()).toBe(before + 1);
    const other = await world.office.browser.post('/api/v1/quality/dialogues', body({ attendees: 'x' }), headers);
    expect(other.statusCode).toBe(422);
  });

  it('refuses bad input with field errors and records nothing', async () => {
    const before = await dialogues();
    const cases: [Record<string, unknown>, string[]][] = [
      [{ heldOn: '2026-02-30', attendees: '' }, ['attendees', 'heldOn']],
      [{ actions: [{ action: '', owner: 'x' }] }, ['actions.0.action']],
      [{ offerId: otherOffer }, ['offerId']],
      [{ providerId: world.municipality }, ['providerId']],
      [{ colour: 'red' }, ['']],
    ];
    for (const [overrides, fields] of cases) {
      const response = await world.office.browser.post('/api/v1/quality/dialogues', body(overrides));
      expect(response.statusCode, JSON.stringify(overrides)).toBe(400);
      expect(fieldsOf(response), JSON.stringify(overrides)).toEqual(fields);
    }
    expect(await dialogues()).toBe(before);
  });
});

describe('changing a quality dialogue', () => {
  it('needs If-Match: missing 428, stale 412, current 200', async () => {
    const { dialogue } = await create();
    const url = `/api/v1/quality/dialogues/${dialogue.id}`;
    const change = { followUpNotes: 'Probewoche eingeführt', followUpOn: '2026-11-20' };
    expect((await world.office.browser.request('PATCH', url, change)).statusCode).toBe(428);
    expect((await world.office.browser.request('PATCH', url, change, withVersion(7))).statusCode).toBe(412);
    const changed = await world.office.browser.request('PATCH', url, change, withVersion(1));
    expect(changed.statusCode, changed.body).toBe(200);
    expect(etagOf(changed)).toBe('"2"');
    expect((changed.json() as Dialogue).followUpNotes).toBe('Probewoche eingeführt');
    const empty = await world.office.browser.request('PATCH', url, {}, withVersion(2));
    expect(empty.statusCode).toBe(400);
  });

  it('adds, completes and deletes agreed actions', async () => {
    const { dialogue } = await create({ actions: [] });
    const base = `/api/v1/quality/dialogues/${dialogue.id}/actions`;
    const added = await world.office.browser.post(base, {
      action: 'Elternabend',
      owner: 'Träger',
      dueOn: '2026-12-01',
    });
    expect(added.statusCode).toBe(201);
    const action = added.json() as QualityActionRecord;
    const done = await world.office.browser.request(
      'PATCH',
      `${base}/${action.id}`,
      { status: 'done' },
      withVersion(1),
    );
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: 'done', doneOn: '2026-11-29', overdue: false, version: 2 });
    const notDone = await world.office.browser.request(
      'PATCH',
      `${base}/${action.id}`,
      { status: 'open', doneOn: '2026-11-01' },
      withVersion(2),
    );
    expect(notDone.statusCode).toBe(400);
    expect(fieldsOf(notDone)).toEqual(['doneOn']);
    expect(
      (await world.office.browser.request('DELETE', `${base}/${action.id}`, undefined, withVersion(1))).statusCode,
    ).toBe(412);
    expect(
      (await world.office.browser.request('DELETE', `${base}/${action.id}`, undefined, withVersion(2))).statusCode,
    ).toBe(204);
    const reread = (await (
      await world.office.browser.get(`/api/v1/quality/dialogues/${dialogue.id}`)
    ).json()) as Dialogue;
    expect(reread.actions).toEqual([]);
  });

  it('deletes a dialogue with If-Match', async () => {
    const { dialogue } = await create();
    const url = `/api/v1/quality/dialogues/${dialogue.id}`;
    expect((await world.office.browser.delete(url)).statusCode).toBe(428);
    expect((await world.office.browser.delete(url, withVersion(1))).statusCode).toBe(204);
    expect((await world.office.browser.get(url)).statusCode).toBe(404);
    expect(
      await adminCount(world, 'select count(*) as n from quality_action where dialogue_id = $1', [dialogue.id]),
    ).toBe(0);
  });
});

describe('lists and access', () => {
  it("lists dialogues with overdue ones flagged; a provider's staff see only their own provider's", async () => {
    const theirs = await create({ providerId: world.otherProvider, offerId: otherOffer, actions: [] });
    const office = (await (
      await world.office.browser.get('/api/v1/quality/dialogues?limit=100')
    ).json()) as DialoguePage;
    expect(office.items.some((d) => d.id === theirs.dialogue.id)).toBe(true);
    const overdue = (await (
      await world.office.browser.get('/api/v1/quality/dialogues?overdue=true&limit=100')
    ).json()) as DialoguePage;
    expect(overdue.items.length).toBeGreaterThan(0);
    expect(overdue.items.every((d) => d.overdueActions > 0 || d.followUpDue)).toBe(true);
    expect(overdue.items.some((d) => d.id === theirs.dialogue.id)).toBe(false);

    const own = (await (
      await world.providerStaff.browser.get('/api/v1/quality/dialogues?limit=100')
    ).json()) as DialoguePage;
    expect(own.items.length).toBeGreaterThan(0);
    expect(own.items.every((d) => d.providerId === world.provider)).toBe(true);
    const asked = await world.providerStaff.browser.get(`/api/v1/quality/dialogues?providerId=${world.otherProvider}`);
    expect((asked.json() as DialoguePage).items).toEqual([]);
    expect((await world.providerStaff.browser.get(`/api/v1/quality/dialogues/${theirs.dialogue.id}`)).statusCode).toBe(
      404,
    );
    const denied = await adminRows<{ outcome: string }>(
      world,
      `select outcome from audit_log where resource_type = 'quality_dialogue' and actor_user_id = $1`,
      [world.providerStaff.user.id],
    );
    expect(denied.map((d) => d.outcome)).toEqual(['denied']);
  });

  it('pages through the list in order of the day held', async () => {
    const page1 = await world.office.browser.get('/api/v1/quality/dialogues?limit=2&sort=heldOn');
    const first = page1.json() as DialoguePage;
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const page2 = (await (
      await world.office.browser.get(`/api/v1/quality/dialogues?limit=2&sort=heldOn&cursor=${first.nextCursor}`)
    ).json()) as DialoguePage;
    const ids = [...first.items, ...page2.items].map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('lets only the office change; provider staff read their own, others see nothing', async () => {
    const { dialogue } = await create();
    const url = `/api/v1/quality/dialogues/${dialogue.id}`;
    expect((await world.providerStaff.browser.get(url)).statusCode).toBe(200);
    expect(
      (await world.providerStaff.browser.request('PATCH', url, { findings: 'x' }, withVersion(1))).statusCode,
    ).toBe(403);
    expect((await world.providerStaff.browser.post('/api/v1/quality/dialogues', body())).statusCode).toBe(403);
    expect((await world.manager.browser.get(url)).statusCode).toBe(200);
    expect((await world.manager.browser.request('PATCH', url, { findings: 'x' }, withVersion(1))).statusCode).toBe(403);
    expect((await world.coach.browser.get(url)).statusCode).toBe(403);
    expect((await world.foreignOffice.browser.get(url)).statusCode).toBe(404);
    expect(
      (await world.foreignOffice.browser.request('PATCH', url, { findings: 'x' }, withVersion(1))).statusCode,
    ).toBe(404);
  });
});
