// Forwarding contracts over HTTP on a real database: drafts, conclusion within the decided amount (service check
// and database counter), cancelling and ending, who sees which contract (a provider only its own, across the
// municipalities it serves), and bad input.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../platform/db/rls.ts';
import { decidedGrant, setUpPaymentWorld, withVersion, type PaymentWorld } from './payment-test-setup.ts';
import type { ForwardingContract, ForwardingPage, GrantForwarding } from './forwarding.schema.ts';

let world: PaymentWorld;

beforeAll(async () => {
  world = await setUpPaymentWorld();
});

afterAll(async () => {
  await world.close();
});

let referenceCounter = 0;
function contractBody(providerId: string, amountCents: number, overrides: Record<string, unknown> = {}) {
  referenceCounter += 1;
  return {
    providerId,
    reference: `WV-2021-${String(referenceCounter).padStart(3, '0')}`,
    periodFrom: '2021-02-01',
    periodTo: '2021-12-31',
    purpose: 'Coaching junger Geflüchteter (FB1) im Auftrag der Stadt',
    amounts: [{ strand: 'FB1', budgetYear: 2021, amountCents }],
    ...overrides,
  };
}

const grantUrl = (grantId: string) => `/api/v1/funding/grants/${grantId}/forwarding`;
const contractUrl = (id: string) => `/api/v1/funding/forwarding/${id}`;

async function draft(
  grantId: string,
  amountCents: number,
  providerId = world.provider,
  staff = world.office,
): Promise<ForwardingContract> {
  const response = await staff.browser.post(grantUrl(grantId), contractBody(providerId, amountCents));
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as ForwardingContract;
}

async function moveTo(contract: ForwardingContract, status: string, staff = world.office) {
  return staff.browser.request('POST', `${contractUrl(contract.id)}/status`, { status }, withVersion(contract.version));
}

async function overview(grantId: string): Promise<GrantForwarding> {
  const response = await world.office.browser.get(grantUrl(grantId));
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as GrantForwarding;
}

describe('forwarding contracts', () => {
  it('forward the amounts when concluded, keep them when ended, give them back when cancelled', async () => {
    const { grantId } = await decidedGrant(world, world.municipality, 1_000_000);
    const start = await overview(grantId);
    expect(start).toMatchObject({
      conditions: 'ANBest-P',
      period: { from: '2021-01-01', to: '2021-12-31' },
      amounts: [
        { strand: 'FB1', budgetYear: 2021, decidedCents: 1_000_000, forwardedCents: 0, forwardableCents: 1_000_000 },
      ],
      canEdit: true,
    });
    expect(start.providers.map((p) => p.id).sort()).toEqual([world.provider, world.otherProvider].sort());

    const contract = await draft(grantId, 600_000);
    expect(contract).toMatchObject({
      status: 'draft',
      conditions: 'ANBest-P',
      totalCents: 600_000,
      providerName: 'Bildungswerk Rhein',
    });
    expect((await overview(grantId)).amounts[0]?.forwardedCents).toBe(0);

    const concluded = await moveTo(contract, 'concluded');
    expect(concluded.statusCode, concluded.body).toBe(200);
    const live = concluded.json() as ForwardingContract;
    expect(live.concludedAt).not.toBeNull();
    expect((await overview(grantId)).amounts[0]).toMatchObject({ forwardedCents: 600_000, forwardableCents: 400_000 });

    // A second contract for more than is left cannot be concluded: field error, nothing forwarded.
    const second = await draft(grantId, 400_001, world.otherProvider);
    const refused = await moveTo(second, 'concluded');
    expect(refused.statusCode).toBe(400);
    expect((refused.json() as { errors: { field: string; code: string }[] }).errors).toEqual([
      expect.objectContaining({ field: 'amounts.0.amountCents', code: 'exceeds_forwardable' }),
    ]);
    expect((await overview(grantId)).amounts[0]?.forwardedCents).toBe(600_000);

    const ended = (await moveTo(live, 'ended')).json() as ForwardingContract;
    expect(ended.status).toBe('ended');
    expect((await overview(grantId)).amounts[0]?.forwardedCents).toBe(600_000);
    expect((await moveTo(ended, 'cancelled')).statusCode).toBe(409);

    const third = await draft(grantId, 300_000, world.otherProvider);
    const thirdLive = (await moveTo(third, 'concluded')).json() as ForwardingContract;
    expect((await overview(grantId)).amounts[0]?.forwardedCents).toBe(900_000);
    expect((await moveTo(thirdLive, 'cancelled')).statusCode).toBe(200);
    expect((await overview(grantId)).amounts[0]?.forwardedCents).toBe(600_000);
  });

  it('are limited by the database too: forwarding more than decided is refused (CHECK), also by a direct write', async () => {
    const { grantId } = await decidedGrant(world, world.municipality, 100_000);
    const contract = await draft(grantId, 100_000);
    await moveTo(contract, 'concluded');
    await expect(
      withTenant(world.db, { municipalityId: world.municipality, userId: null }, (trx) =>
        sql`update forwarding_amount set amount_cents = 100001 where contract_id = ${contract.id}`.execute(trx),
      ),
    ).rejects.toMatchObject({ code: '23514', constraint: 'grant_amount_forwarded_within_decided' });
    await expect(
      withTenant(world.db, { municipalityId: world.municipality, userId: null }, (trx) =>
        sql`insert into forwarding_amount (municipality_id, contract_id, strand, budget_year, amount_cents)
            values (${world.municipality}, ${contract.id}, 'FB3', 2021, 1)`.execute(trx),
      ),
    ).rejects.toMatchObject({ code: '23514', constraint: 'forwarding_amount_has_decided' });
  });

  it('concluded at the same time cannot together forward more than decided', async () => {
    const { grantId } = await decidedGrant(world, world.municipality, 1_000_000);
    const a = await draft(grantId, 600_000);
    const b = await draft(grantId, 600_000, world.otherProvider);
    const answers = await Promise.all([moveTo(a, 'concluded'), moveTo(b, 'concluded', world.secondOffice)]);
    const statuses = answers.map((answer) => answer.statusCode).sort();
    // The second waits for the first one's lock on the grant's amount and then sees too little left.
    expect(statuses[0]).toBe(200);
    expect([400, 409]).toContain(statuses[1]);
    expect((await overview(grantId)).amounts[0]?.forwardedCents).toBe(600_000);
  });

  it('change only while a draft; a duplicate reference is 409; stale If-Match 412', async () => {
    const { grantId } = await decidedGrant(world, world.municipality);
    const contract = await draft(grantId, 10_000);
    const url = contractUrl(contract.id);
    const changed = await world.office.browser.request(
      'PATCH',
      url,
      { purpose: 'Sprachförderung', amounts: [{ strand: 'FB1', budgetYear: 2021, amountCents: 20_000 }] },
      withVersion(contract.version),
    );
    expect(changed.statusCode, changed.body).toBe(200);
    const draftNow = changed.json() as ForwardingContract;
    expect(draftNow).toMatchObject({ purpose: 'Sprachförderung', totalCents: 20_000, version: 2 });
    expect((await world.office.browser.request('PATCH', url, { purpose: 'x' }, withVersion(1))).statusCode).toBe(412);
    const other = await draft(grantId, 1_000);
    const duplicate = await world.office.browser.request(
      'PATCH',
      contractUrl(other.id),
      { reference: contract.reference },
      withVersion(other.version),
    );
    expect(duplicate.statusCode).toBe(409);
    const live = (await moveTo(draftNow, 'concluded')).json() as ForwardingContract;
    expect(
      (await world.office.browser.request('PATCH', url, { purpose: 'y' }, withVersion(live.version))).statusCode,
    ).toBe(409);
  });

  it('answer bad input with 400 and field errors, and write nothing', async () => {
    const { grantId } = await decidedGrant(world, world.municipality);
    const bodies = [
      {},
      contractBody(world.foreignProvider, 1_000),
      contractBody(world.provider, 1_000, { periodFrom: '2020-12-01' }),
      contractBody(world.provider, 1_000, { periodTo: '2022-01-01' }),
      contractBody(world.provider, 1_000, { periodFrom: '2021-06-01', periodTo: '2021-05-01' }),
      contractBody(world.provider, 0),
      contractBody(world.provider, 1_000, { amounts: [{ strand: 'FB9', budgetYear: 2021, amountCents: 1 }] }),
      contractBody(world.provider, 1_000, { reference: '' }),
      contractBody(world.provider, 1_000, { unknown: 1 }),
      contractBody(world.provider, 1_000, { periodFrom: '2021-02-31' }),
    ];
    for (const body of bodies) {
      const response = await world.office.browser.post(grantUrl(grantId), body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect((response.json() as { errors: unknown[] }).errors.length).toBeGreaterThan(0);
    }
    expect((await overview(grantId)).contracts).toEqual([]);
  });
});

describe('who sees a contract', () => {
  it('a provider sees its own contracts in every municipality it serves, and nothing of others', async () => {
    const here = await decidedGrant(world, world.municipality);
    const there = await decidedGrant(world, world.otherMunicipality);
    const own = await draft(here.grantId, 5_000);
    const ownThere = await draft(there.grantId, 5_000, world.provider, world.foreignOffice);
    const others = await draft(here.grantId, 5_000, world.otherProvider);

    const list = await world.providerStaff.browser.get('/api/v1/funding/forwarding?limit=100');
    expect(list.statusCode).toBe(200);
    const ids = (list.json() as ForwardingPage).items.map((item) => item.id);
    expect(ids).toEqual(expect.arrayContaining([own.id, ownThere.id]));
    expect(ids).not.toContain(others.id);
    expect((list.json() as ForwardingPage).items.every((item) => item.providerId === world.provider)).toBe(true);
    expect((list.json() as ForwardingPage).items.every((item) => !item.canEdit)).toBe(true);

    const detail = await world.providerStaff.browser.get(contractUrl(ownThere.id));
    expect(detail.statusCode).toBe(200);
    expect(detail.json()).toMatchObject({ municipalityName: 'Rhein-Sieg-Kreis (Test)', canEdit: false });
    // Another provider's contract, even in a municipality both serve: unknown (404).
    expect((await world.otherProviderStaff.browser.get(contractUrl(own.id))).statusCode).toBe(404);
    // The grant's overview is the municipality's: not for providers.
    expect((await world.providerStaff.browser.get(grantUrl(here.grantId))).statusCode).toBe(404);
    // Providers read; they do not write.
    expect(
      (await world.providerStaff.browser.post(grantUrl(here.grantId), contractBody(world.provider, 1))).statusCode,
    ).toBe(403);
    expect((await moveTo(own, 'concluded', world.providerStaff)).statusCode).toBe(403);
  });

  it('the municipality sees its own, the authority all, another municipality none', async () => {
    const { grantId } = await decidedGrant(world, world.municipality);
    const contract = await draft(grantId, 5_000);
    expect((await world.admin.browser.get(contractUrl(contract.id))).statusCode).toBe(200);
    expect((await world.officer.browser.get(contractUrl(contract.id))).statusCode).toBe(200);
    expect((await world.officer.browser.get(grantUrl(grantId))).statusCode).toBe(200);
    expect((await world.foreignOffice.browser.get(contractUrl(contract.id))).statusCode).toBe(404);
    expect((await world.foreignOffice.browser.get(grantUrl(grantId))).statusCode).toBe(404);
    const foreignList = (
      await world.foreignOffice.browser.get(`/api/v1/funding/forwarding?grantId=${grantId}`)
    ).json() as ForwardingPage;
    expect(foreignList.items).toEqual([]);
    // The authority reads and does not conclude (the municipality forwards).
    expect((await moveTo(contract, 'concluded', world.officer)).statusCode).toBe(403);
    const all = (
      await world.officer.browser.get(`/api/v1/funding/forwarding?grantId=${grantId}`)
    ).json() as ForwardingPage;
    expect(all.items.map((item) => item.id)).toEqual([contract.id]);
  });

  it('pages a provider’s contracts across municipalities without repeating or skipping', async () => {
    const here = await decidedGrant(world, world.municipality);
    const there = await decidedGrant(world, world.otherMunicipality);
    const created: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      created.push((await draft(here.grantId, 100 + i)).id);
      created.push((await draft(there.grantId, 100 + i, world.provider, world.foreignOffice)).id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/funding/forwarding?limit=2&sort=reference${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await world.providerStaff.browser.get(url)).json() as ForwardingPage;
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(created));
  });
});
