import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCount, adminRows, fieldsOf, problem } from '../cases/case-test-setup.ts';
import {
  createOffer,
  offerBody,
  patch,
  setUpOfferWorld,
  type OfferLike,
  type OfferWorld,
} from './offers-test-setup.ts';
import type { Offer, OfferPage, ProviderContact, ProviderList } from './offer.schema.ts';

let world: OfferWorld;

beforeAll(async () => {
  world = await setUpOfferWorld();
}, 120_000);

afterAll(async () => {
  await world?.close();
});

describe('providers and their contact persons', () => {
  it('lists the providers serving the municipality with their offer counts', async () => {
    await createOffer(world, { title: 'Zählkurs' });
    const response = await world.coach.browser.get('/api/v1/providers');
    expect(response.statusCode).toBe(200);
    const { items } = response.json() as ProviderList;
    expect(items.map((p) => p.name)).toEqual(['Bildungswerk Rhein', 'Sprachschule Dom']);
    expect(items[0]).toMatchObject({ offerCount: expect.any(Number), canEdit: false });
    expect(items[0]?.offerCount).toBeGreaterThanOrEqual(1);
    const asProvider = (await world.providerStaff.browser.get('/api/v1/providers')).json() as ProviderList;
    expect(asProvider.items.map((p) => [p.name, p.canEdit])).toEqual([
      ['Bildungswerk Rhein', true],
      ['Sprachschule Dom', false],
    ]);
  });

  it('lets the provider’s staff and the managing office keep contacts, with If-Match, and nobody else', async () => {
    const url = `/api/v1/providers/${world.provider}/contacts`;
    const created = await world.providerStaff.browser.post(url, {
      name: 'Aylin Demir',
      role: 'Kursleitung',
      email: 'a.demir@example.org',
      phone: '0221 123',
    });
    expect(created.statusCode).toBe(201);
    const contact = created.json() as ProviderContact;
    expect(created.headers.etag).toBe('"1"');

    const byOffice = await world.managingOffice.browser.post(url, { name: 'Jonas Weber' });
    expect(byOffice.statusCode).toBe(201);

    expect((await world.otherProviderStaff.browser.post(url, { name: 'Fremd' })).statusCode).toBe(403);
    expect((await world.manager.browser.post(url, { name: 'Fremd' })).statusCode).toBe(403);
    expect((await world.foreignOffice.browser.post(url, { name: 'Fremd' })).statusCode).toBe(404);

    const invalid = await world.providerStaff.browser.post(url, { name: '', email: 'no mail' });
    expect(invalid.statusCode).toBe(400);
    expect(fieldsOf(invalid)).toEqual(['email', 'name']);

    const itemUrl = `${url}/${contact.id}`;
    expect((await world.providerStaff.browser.request('PATCH', itemUrl, { role: 'Leitung' })).statusCode).toBe(428);
    expect((await patch(world.providerStaff, itemUrl, { role: 'Leitung' }, 7)).statusCode).toBe(412);
    const changed = await patch(world.providerStaff, itemUrl, { role: 'Leitung', phone: '' }, 1);
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ role: 'Leitung', phone: null, version: 2 });

    const list = await world.coach.browser.get(url);
    expect(list.statusCode).toBe(200);
    expect((list.json() as { items: ProviderContact[] }).items.map((c) => c.name)).toEqual([
      'Aylin Demir',
      'Jonas Weber',
    ]);
    expect((await world.foreignManager.browser.get(url)).statusCode).toBe(404);

    expect((await world.providerStaff.browser.delete(itemUrl)).statusCode).toBe(428);
    expect((await world.otherProviderStaff.browser.delete(itemUrl, { 'if-match': '"2"' })).statusCode).toBe(403);
    expect((await world.providerStaff.browser.delete(itemUrl, { 'if-match': '"2"' })).statusCode).toBe(204);
    expect(await adminCount(world, 'select count(*) as n from provider_contact where id = $1', [contact.id])).toBe(0);
    const audit = await adminRows<{ action: string; outcome: string }>(
      world,
      `select action, outcome from audit_log where resource_type = 'provider_contact' and resource_id = $1 order by seq`,
      [contact.id],
    );
    expect(audit).toEqual([
      { action: 'create', outcome: 'success' },
      { action: 'update', outcome: 'success' },
      { action: 'delete', outcome: 'success' },
    ]);
  });
});

describe('offers', () => {
  it('creates an offer for the managing office and for a provider’s own staff only', async () => {
    const created = await world.managingOffice.browser.post('/api/v1/offers', offerBody(world.provider));
    expect(created.statusCode).toBe(201);
    const offer = created.json() as Offer;
    expect(offer).toMatchObject({
      provider: { id: world.provider, name: 'Bildungswerk Rhein' },
      type: 'preparation_course',
      strand: 'FB4',
      weeklyHours: 25,
      costCents: 3750,
      supportLanguages: ['ar', 'fa'],
      seats: { taken: 0, free: 12, waiting: 0 },
      canEdit: true,
      version: 1,
    });

    const own = await world.providerStaff.browser.post('/api/v1/offers', offerBody(world.provider, { title: 'Eigen' }));
    expect(own.statusCode).toBe(201);
    const foreign = await world.providerStaff.browser.post('/api/v1/offers', offerBody(world.otherProvider));
    expect(foreign.statusCode).toBe(403);
    expect((await world.manager.browser.post('/api/v1/offers', offerBody(world.provider))).statusCode).toBe(403);
    expect((await world.coach.browser.post('/api/v1/offers', offerBody(world.provider))).statusCode).toBe(403);
  });

  it('refuses invalid offers with field errors and stores nothing', async () => {
    const before = await adminCount(world, 'select count(*) as n from offer');
    const cases: [Record<string, unknown>, string[]][] = [
      [{ providerId: world.foreignProvider }, ['providerId']],
      [{ strand: 'FB2' }, ['strand']],
      [{ type: 'integration_course', strand: 'FB4' }, ['strand']],
      [{ type: 'coaching', strand: null }, ['strand']],
      [{ startsOn: '2026-09-01', endsOn: '2026-08-01' }, ['endsOn']],
      [{ weeklyHours: 7.25, capacity: -1, costCents: 1.5 }, ['capacity', 'costCents', 'weeklyHours']],
      [
        { title: '', place: '', entryLevel: 'Z9', supportLanguages: ['ar', 'ar'] },
        ['entryLevel', 'place', 'supportLanguages', 'title'],
      ],
      [{ startsOn: '0000-01-01', unknown: 1 }, ['', 'startsOn']],
    ];
    for (const [overrides, fields] of cases) {
      const response = await world.managingOffice.browser.post('/api/v1/offers', offerBody(world.provider, overrides));
      expect(response.statusCode, JSON.stringify(overrides)).toBe(400);
      expect(fieldsOf(response), JSON.stringify(overrides)).toEqual(fields);
    }
    expect(await adminCount(world, 'select count(*) as n from offer')).toBe(before);
  });

  it('changes an offer with If-Match, validating status changes and the strand', async () => {
    const offer = await createOffer(world, { status: 'planned' });
    const url = `/api/v1/offers/${offer.id}`;
    expect((await world.managingOffice.browser.request('PATCH', url, { status: 'open' })).statusCode).toBe(428);
    expect((await patch(world.managingOffice, url, { status: 'open' }, 2)).statusCode).toBe(412);
    const opened = await patch(world.managingOffice, url, { status: 'open', place: 'Köln-Kalk' }, 1);
    expect(opened.statusCode).toBe(200);
    expect(opened.json()).toMatchObject({ status: 'open', place: 'Köln-Kalk', version: 2 });
    expect(opened.headers.etag).toBe('"2"');

    const ended = await patch(world.providerStaff, url, { status: 'ended' }, 2);
    expect(ended.statusCode).toBe(200);
    const reopened = await patch(world.managingOffice, url, { status: 'open' }, 3);
    expect(reopened.statusCode).toBe(409);
    expect(problem(reopened).errors?.[0]).toMatchObject({ field: 'status', code: 'invalid_transition' });

    const wrongStrand = await patch(world.managingOffice, url, { strand: 'FB3' }, 3);
    expect(wrongStrand.statusCode).toBe(400);
    expect(fieldsOf(wrongStrand)).toEqual(['strand']);
    expect((await patch(world.managingOffice, url, {}, 3)).statusCode).toBe(400);

    expect((await patch(world.otherProviderStaff, url, { title: 'Fremd' }, 3)).statusCode).toBe(403);
    expect((await patch(world.foreignOffice, url, { title: 'Fremd' }, 3)).statusCode).toBe(404);
    const denied = await adminCount(
      world,
      `select count(*) as n from audit_log where resource_type = 'offer' and resource_id = $1 and outcome = 'denied'`,
      [offer.id],
    );
    expect(denied).toBe(1);
    const stored = await adminRows<{ title: string; version: number }>(
      world,
      'select title, version from offer where id = $1',
      [offer.id],
    );
    expect(stored).toEqual([{ title: 'Berufsvorbereitung mit Sprachförderung', version: 3 }]);
  });

  it('reads one offer, 404 in another municipality', async () => {
    const offer = await createOffer(world);
    const read = await world.coach.browser.get(`/api/v1/offers/${offer.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ id: offer.id, canEdit: false });
    expect((await world.foreignManager.browser.get(`/api/v1/offers/${offer.id}`)).statusCode).toBe(404);
  });
});

describe('the catalogue', () => {
  let catalogue: Record<string, OfferLike>;

  beforeAll(async () => {
    const make = async (key: string, overrides: Record<string, unknown>) =>
      [key, await createOffer(world, overrides)] as const;
    catalogue = Object.fromEntries(
      await Promise.all([
        make('jik', {
          title: 'Jugendintegrationskurs Katalog',
          type: 'youth_integration_course',
          strand: null,
          place: 'Katalog-Porz',
          entryLevel: 'A0',
          capacity: 1,
          childcare: false,
          accessible: true,
          supportLanguages: ['ti'],
          startsOn: '2027-01-10',
          endsOn: '2027-12-20',
          description: 'Mit Kinderbetreuung im Haus',
        }),
        make('eq', {
          title: 'Einstiegsqualifizierung Katalog Lager',
          type: 'entry_qualification',
          strand: null,
          place: 'Katalog-Kalk',
          entryLevel: 'B1',
          capacity: null,
          childcare: false,
          startsOn: '2026-08-01',
          endsOn: '2027-01-31',
        }),
        make('fb4', {
          title: 'Vorbereitung Katalog',
          place: 'Katalog-Kalk',
          entryLevel: 'A2',
          capacity: 0,
          status: 'planned',
        }),
      ]),
    );
  });

  const ids = async (query: string) => {
    const response = await world.coach.browser.get(`/api/v1/offers?${query}`);
    expect(response.statusCode, query).toBe(200);
    return (response.json() as OfferPage).items.map((item) => item.id);
  };

  it('searches title and description words and filters by every criterion', async () => {
    const { jik, eq, fb4 } = catalogue as Record<'jik' | 'eq' | 'fb4', OfferLike>;
    expect(await ids('q=katalog&sort=title')).toEqual([eq.id, jik.id, fb4.id]);
    expect(await ids('q=katalog kinderbetreuung')).toEqual([jik.id]);
    expect(await ids('q=katalog&type=entry_qualification')).toEqual([eq.id]);
    expect(await ids('q=katalog&strand=none&sort=title')).toEqual([eq.id, jik.id]);
    expect(await ids('q=katalog&strand=FB4')).toEqual([fb4.id]);
    expect(await ids('q=katalog&place=katalog-kalk&sort=title')).toEqual([eq.id, fb4.id]);
    expect(await ids('q=katalog&status=planned')).toEqual([fb4.id]);
    expect(await ids('q=katalog&hasFreeSeats=true&sort=title')).toEqual([eq.id, jik.id]);
    expect(await ids('q=katalog&hasFreeSeats=false')).toEqual([fb4.id]);
    expect(await ids('q=katalog&maxEntryLevel=A2&sort=title')).toEqual([jik.id, fb4.id]);
    expect(await ids('q=katalog&childcare=true')).toEqual([fb4.id]);
    expect(await ids('q=katalog&accessible=true')).toEqual([jik.id]);
    expect(await ids('q=katalog&supportLanguage=ti')).toEqual([jik.id]);
    expect(await ids('q=katalog&from=2027-02-01&sort=title')).toEqual([jik.id, fb4.id]);
    expect(await ids('q=katalog&to=2026-08-31&sort=startsOn')).toEqual([eq.id]);
    expect(await ids(`q=katalog&providerId=${world.otherProvider}`)).toEqual([]);
  });

  it('sorts and pages without skipping or repeating', async () => {
    const all = await ids('q=katalog&sort=-startsOn&limit=100');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const suffix: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const page = (
        await world.coach.browser.get(`/api/v1/offers?q=katalog&sort=-startsOn&limit=1${suffix}`)
      ).json() as OfferPage;
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
    expect(all).toHaveLength(3);
  });

  it('refuses unknown filters and an empty period with 400', async () => {
    expect((await world.coach.browser.get('/api/v1/offers?colour=blue')).statusCode).toBe(400);
    const empty = await world.coach.browser.get('/api/v1/offers?from=2027-01-02&to=2027-01-01');
    expect(empty.statusCode).toBe(400);
    expect(fieldsOf(empty)).toEqual(['to']);
    expect((await world.coach.browser.get('/api/v1/offers?maxEntryLevel=X')).statusCode).toBe(400);
  });

  it('shows nothing of another municipality', async () => {
    const response = await world.foreignManager.browser.get('/api/v1/offers?q=katalog');
    expect((response.json() as OfferPage).items).toEqual([]);
  });
});
