// State budgets and their allocation through the API: setting a budget (never below what is allocated),
// allocation keys and population figures as data with every problem listed, distributing by key and by the FB6
// post formula (preview, apply, remainder), one recipient by hand, the database refusing over-allocation and
// over-commitment (409) — also when two allocations race for the last euros — and who may see and do what.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  AllocationKey,
  AllocationList,
  AllocationPreview,
  Population,
  StateBudgetDetail,
  StateBudgetList,
} from './budget.schema.ts';
import {
  adminCount,
  adminRows,
  etagOf,
  fieldsOf,
  insertDecidedGrant,
  setUpBudgetWorld,
  withVersion,
  type BudgetWorld,
} from './budget-test-setup.ts';

let world: BudgetWorld;
/** The ids of Durchstarten's state budgets by "strand/year" (the rows its definition implied, and those created). */
const budgetIds = new Map<string, string>();

async function budgetId(strand: string, year: number): Promise<string> {
  const known = budgetIds.get(`${strand}/${year}`);
  if (known) return known;
  const rows = await adminRows<{ id: string }>(
    world,
    'select id from programme_budget where programme_id = $1 and strand = $2 and budget_year = $3',
    [world.diaa, strand, year],
  );
  const id = rows[0]?.id ?? '00000000-0000-4000-8000-000000000000';
  if (rows[0]) budgetIds.set(`${strand}/${year}`, id);
  return id;
}

async function budgetUrl(strand: string, year: number, rest = '') {
  return `/api/v1/funding/budgets/${await budgetId(strand, year)}${rest}`;
}

async function setBudget(strand: string, year: number, amountCents: number, headers: Record<string, string> = {}) {
  return world.authority.browser.put(await budgetUrl(strand, year), { amountCents }, headers);
}

async function createKey(name: string, shares: { officialKey: string; share: string }[]) {
  const response = await world.authority.browser.post('/api/v1/funding/budgets/keys', {
    name,
    referenceDate: '2020-12-31',
    source: 'FlüAG-Verteilschlüssel (Test)',
    shares,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as AllocationKey;
}

beforeAll(async () => {
  world = await setUpBudgetWorld();
});

afterAll(async () => {
  await world.close();
});

describe('state budgets', () => {
  it('are created by the authority for a strand of the programme, then changed only with If-Match', async () => {
    const body = { programmeId: world.diaa, strand: 'FB1', budgetYear: 2021, amountCents: 1_000_000_00 };
    const created = await world.authority.browser.post('/api/v1/funding/budgets', body);
    expect(created.statusCode, created.body).toBe(201);
    const budget = created.json() as StateBudgetDetail;
    expect([budget.amountCents, budget.allocatedCents, budget.remainingCents, budget.central]).toEqual([
      1_000_000_00,
      0,
      1_000_000_00,
      false,
    ]);
    expect((await world.authority.browser.post('/api/v1/funding/budgets', body)).statusCode).toBe(409);
    const unknown = await world.authority.browser.post('/api/v1/funding/budgets', { ...body, strand: 'FB9' });
    expect(fieldsOf(unknown)).toEqual(['strand']);
    expect(
      (await world.authority.browser.post('/api/v1/funding/budgets', { ...body, amountCents: -1 })).statusCode,
    ).toBe(400);
    expect((await setBudget('FB1', 2021, 2)).statusCode).toBe(428);
    expect((await setBudget('FB1', 2021, 2, withVersion(9))).statusCode).toBe(412);
    const changed = await setBudget('FB1', 2021, 1_200_000_00, { 'if-match': etagOf(created) });
    expect(changed.statusCode, changed.body).toBe(200);
    expect((changed.json() as StateBudgetDetail).amountCents).toBe(1_200_000_00);
  });

  it('are listed with what remains, for the municipalities too', async () => {
    const response = await world.office.browser.get(
      `/api/v1/funding/budgets?programmeId=${world.diaa}&budgetYear=2021`,
    );
    expect(response.statusCode, response.body).toBe(200);
    const list = response.json() as StateBudgetList;
    expect(list.items.map((b) => [b.strand, b.amountCents, b.distribution])).toEqual([
      ['FB1', 1_200_000_00, 'key'],
      ['FB5', 500_000_000, 'central'],
      ['FB6', 396_000_000, 'posts_formula'],
    ]);
  });

  it('may be changed only by the authority', async () => {
    for (const staff of [world.office, world.ministry, world.admin]) {
      expect((await staff.browser.put(await budgetUrl('FB1', 2021), { amountCents: 1 })).statusCode).toBe(403);
      const create = { programmeId: world.diaa, strand: 'FB2', budgetYear: 2021, amountCents: 1 };
      expect((await staff.browser.post('/api/v1/funding/budgets', create)).statusCode).toBe(403);
    }
    expect((await world.caseworker.browser.get('/api/v1/funding/budgets')).statusCode).toBe(403);
    expect((await world.provider.browser.get('/api/v1/funding/budgets')).statusCode).toBe(403);
  });
});

describe('allocation keys and population figures', () => {
  it('lists unknown official keys, duplicates and bad shares as field errors, and saves nothing', async () => {
    const response = await world.authority.browser.post('/api/v1/funding/budgets/keys', {
      name: 'Fehlerhaft',
      referenceDate: '2020-12-31',
      shares: [
        { officialKey: world.koeln.officialKey, share: '50' },
        { officialKey: '05999999', share: '30' },
        { officialKey: world.koeln.officialKey, share: '10' },
        { officialKey: world.neuss.officialKey, share: 'zehn' },
      ],
    });
    expect(response.statusCode).toBe(400);
    expect(fieldsOf(response)).toEqual(['shares.1.officialKey', 'shares.2.officialKey', 'shares.3.share']);
    const sum = await world.authority.browser.post('/api/v1/funding/budgets/keys', {
      name: 'Nicht 100',
      referenceDate: '2020-12-31',
      shares: [{ officialKey: world.koeln.officialKey, share: '99,5' }],
    });
    expect(fieldsOf(sum)).toEqual(['shares']);
    const both = await world.authority.browser.post('/api/v1/funding/budgets/keys', {
      name: 'Beides',
      referenceDate: '2020-12-31',
      shares: [],
      csv: 'a;b\n',
    });
    expect(fieldsOf(both)).toEqual(['csv']);
    expect(await adminCount(world, 'select count(*) as n from allocation_key')).toBe(0);
  });

  it('reads a key from a CSV upload, naming the line of every problem', async () => {
    const bad = await world.authority.browser.post('/api/v1/funding/budgets/keys', {
      name: 'FlüAG CSV',
      referenceDate: '2020-12-31',
      csv: `AGS;Anteil\n${world.koeln.officialKey};60\n12345678;40\n`,
    });
    expect(fieldsOf(bad)).toEqual(['csv.3']);
    const good = await world.authority.browser.post('/api/v1/funding/budgets/keys', {
      name: 'FlüAG CSV',
      referenceDate: '2020-12-31',
      csv: `AGS;Anteil;Name\n${world.koeln.officialKey};"60,5";Köln\n${world.neuss.officialKey};29,5;Neuss\n${world.olpe.officialKey};10;Olpe\n`,
    });
    expect(good.statusCode, good.body).toBe(201);
    const key = good.json() as AllocationKey;
    expect(key.recipients).toBe(3);
    expect(key.shares.map((s) => s.share).sort()).toEqual(['10', '29.5', '60.5']);
    const duplicate = await world.authority.browser.post('/api/v1/funding/budgets/keys', {
      name: 'FlüAG CSV',
      referenceDate: '2020-12-31',
      csv: `AGS;Anteil\n${world.koeln.officialKey};100\n`,
    });
    expect(fieldsOf(duplicate)).toEqual(['name']);
  });

  it('takes population figures as JSON or CSV, and corrects a date when entered again', async () => {
    const entered = await world.authority.browser.post('/api/v1/funding/budgets/target-population', {
      referenceDate: '2020-12-31',
      source: 'AZR-Auswertung (Test)',
      figures: [
        { officialKey: world.koeln.officialKey, tolerated18To27: 1490 },
        { officialKey: world.neuss.officialKey, tolerated18To27: 20 },
        { officialKey: world.olpe.officialKey, tolerated18To27: 300 },
      ],
    });
    expect(entered.statusCode, entered.body).toBe(200);
    const corrected = await world.authority.browser.post('/api/v1/funding/budgets/target-population', {
      referenceDate: '2020-12-31',
      csv: `AGS;Geduldete 18-27\n${world.neuss.officialKey};25\n`,
    });
    expect(corrected.statusCode, corrected.body).toBe(200);
    const population = corrected.json() as Population;
    expect(population.items.map((i) => i.tolerated18To27).sort((a, b) => a - b)).toEqual([25, 300, 1490]);
    const bad = await world.authority.browser.post('/api/v1/funding/budgets/target-population', {
      referenceDate: '2020-12-31',
      csv: `AGS;Geduldete\n${world.neuss.officialKey};viele\n`,
    });
    expect(fieldsOf(bad)).toEqual(['csv.2']);
    expect(
      (
        await world.office.browser.post('/api/v1/funding/budgets/target-population', {
          referenceDate: '2020-12-31',
          figures: [],
        })
      ).statusCode,
    ).toBe(403);
  });
});

describe('distributing a state budget', () => {
  it('by key: previews the exact parts, applies them, and leaves no remainder', async () => {
    const key = await createKey('FlüAG 2020', [
      { officialKey: world.koeln.officialKey, share: '33,33333' },
      { officialKey: world.neuss.officialKey, share: '33,33333' },
      { officialKey: world.olpe.officialKey, share: '33,33334' },
    ]);
    const preview = await world.authority.browser.post(await budgetUrl('FB1', 2021, '/allocation-preview'), {
      method: 'key',
      keyId: key.id,
    });
    expect(preview.statusCode, preview.body).toBe(200);
    const shown = preview.json() as AllocationPreview;
    expect(shown.lines.reduce((sum, line) => sum + line.amountCents, 0)).toBe(1_200_000_00);
    // 120,000,000 cents × 33.33333 % = 39,999,996 twice; the third share gets the rest, to the cent.
    expect(shown.lines.map((l) => l.amountCents).sort()).toEqual([39_999_996, 39_999_996, 40_000_008]);
    expect([shown.fitsBudget, shown.remainingAfterCents]).toEqual([true, 0]);
    expect(await adminCount(world, 'select count(*) as n from budget_allocation')).toBe(0);

    const applied = await world.authority.browser.post(await budgetUrl('FB1', 2021, '/allocation'), {
      method: 'key',
      keyId: key.id,
    });
    expect(applied.statusCode, applied.body).toBe(200);
    const budget = applied.json() as StateBudgetDetail;
    expect([budget.allocatedCents, budget.remainingCents]).toEqual([1_200_000_00, 0]);
    expect(budget.allocations.map((a) => [a.method, a.keyId])).toEqual([
      ['key', key.id],
      ['key', key.id],
      ['key', key.id],
    ]);
    // Each municipality's chain records its allocation.
    const audits = await adminRows<{ municipality_id: string }>(
      world,
      `select municipality_id from audit_log where resource_type = 'budget_allocation' and action = 'allocate'`,
    );
    expect(audits.map((a) => a.municipality_id).sort()).toEqual([world.koeln.id, world.neuss.id, world.olpe.id].sort());
  });

  it('refuses to lower the state budget below what is allocated (409, the limit named)', async () => {
    const current = await world.authority.browser.get(await budgetUrl('FB1', 2021));
    const refused = await setBudget('FB1', 2021, 1_000_00, { 'if-match': etagOf(current) });
    expect(refused.statusCode).toBe(409);
    expect((refused.json() as { limit: string }).limit).toBe('programme_budget_not_over_allocated');
  });

  it("shows a municipality its own budget with committed, paid and remaining, and nobody else's", async () => {
    await insertDecidedGrant(world, world.koeln.id, { programmeId: world.diaa, version: 1 }, [
      { strand: 'FB1', budgetYear: 2021, decidedCents: 10_000_000, paidCents: 2_500_000 },
    ]);
    const own = await world.office.browser.get('/api/v1/funding/budgets/allocations');
    expect(own.statusCode, own.body).toBe(200);
    const items = (own.json() as AllocationList).items;
    expect(items.map((a) => [a.municipalityId, a.committedCents, a.paidCents, a.remainingCents])).toEqual([
      [world.koeln.id, 10_000_000, 2_500_000, 39_999_996 - 10_000_000],
    ]);
    const detail = (await world.office.browser.get(await budgetUrl('FB1', 2021))).json() as StateBudgetDetail;
    expect(detail.allocations.map((a) => a.municipalityId)).toEqual([world.koeln.id]);
    const foreign = await world.office.browser.get(
      `/api/v1/funding/budgets/allocations?municipalityId=${world.neuss.id}`,
    );
    expect(foreign.statusCode).toBe(403);
    // An id that names no municipality: refused the same way (its denial goes to the shared chain), never a 500.
    const nowhere = await world.office.browser.get(
      '/api/v1/funding/budgets/allocations?municipalityId=00000000-0000-4000-8000-000000000000',
    );
    expect(nowhere.statusCode).toBe(403);
    const all = await world.ministry.browser.get('/api/v1/funding/budgets/allocations');
    expect((all.json() as AllocationList).items).toHaveLength(3);
  });

  it("refuses an allocation below what the municipality's grants commit (409)", async () => {
    const current = await world.authority.browser.get(
      '/api/v1/funding/budgets/allocations?municipalityId=' + world.koeln.id,
    );
    const row = (current.json() as AllocationList).items[0];
    const response = await world.authority.browser.put(
      await budgetUrl('FB1', 2021, `/allocations/${world.koeln.id}`),
      { amountCents: 5_000_000 },
      withVersion(row?.version ?? 1),
    );
    expect(response.statusCode, response.body).toBe(409);
    expect((response.json() as { limit: string }).limit).toBe('budget_allocation_not_over_committed');
  });

  it('by the FB6 post formula: alliance members only, max(0.5, n / 100) posts × 68,000 €', async () => {
    const preview = await world.authority.browser.post(await budgetUrl('FB6', 2021, '/allocation-preview'), {
      method: 'posts_formula',
      referenceDate: '2020-12-31',
    });
    expect(preview.statusCode, preview.body).toBe(200);
    const shown = preview.json() as AllocationPreview;
    const byId = new Map(shown.lines.map((l) => [l.municipalityId, l]));
    expect([byId.get(world.koeln.id)?.weight, byId.get(world.koeln.id)?.amountCents]).toEqual(['14.90', 101_320_000]);
    expect([byId.get(world.neuss.id)?.weight, byId.get(world.neuss.id)?.amountCents]).toEqual(['0.50', 3_400_000]);
    expect(shown.excluded.map((e) => [e.municipalityId, e.reason])).toEqual([[world.olpe.id, 'not_alliance_member']]);
    expect(shown.fitsBudget).toBe(true);
    const wrong = await world.authority.browser.post(await budgetUrl('FB6', 2021, '/allocation-preview'), {
      method: 'key',
      keyId: '00000000-0000-4000-8000-000000000000',
    });
    expect(fieldsOf(wrong)).toEqual(['method']);
    const noFigures = await world.authority.browser.post(await budgetUrl('FB6', 2021, '/allocation-preview'), {
      method: 'posts_formula',
      referenceDate: '2019-12-31',
    });
    expect(fieldsOf(noFigures)).toEqual(['referenceDate']);

    const applied = await world.authority.browser.post(await budgetUrl('FB6', 2021, '/allocation'), {
      method: 'posts_formula',
      referenceDate: '2020-12-31',
    });
    expect(applied.statusCode, applied.body).toBe(200);
    const budget = applied.json() as StateBudgetDetail;
    expect(budget.allocatedCents).toBe(104_720_000);
    expect(budget.remainingCents).toBe(396_000_000 - 104_720_000);
    // An alliance member only: Olpe gets no FB6 budget by hand either.
    const olpe = await world.authority.browser.put(await budgetUrl('FB6', 2021, `/allocations/${world.olpe.id}`), {
      amountCents: 100,
    });
    expect(fieldsOf(olpe)).toEqual(['amountCents']);
    // A central strand is not allocated.
    const central = await world.authority.browser.put(await budgetUrl('FB5', 2021, `/allocations/${world.koeln.id}`), {
      amountCents: 100,
    });
    expect(fieldsOf(central)).toEqual(['strand']);
  });

  it('lets one of two allocations racing for the last euros through and refuses the other (409)', async () => {
    // FB6 2022: 3.96 Mio € of which all but 1,000 € go to Köln; then Neuss and a top-up of Köln each want 600 €.
    const first = await world.authority.browser.put(await budgetUrl('FB6', 2022, `/allocations/${world.koeln.id}`), {
      amountCents: 396_000_000 - 100_000,
    });
    expect(first.statusCode, first.body).toBe(201);
    const neussUrl = await budgetUrl('FB6', 2022, `/allocations/${world.neuss.id}`);
    const koelnUrl = await budgetUrl('FB6', 2022, `/allocations/${world.koeln.id}`);
    const [neuss, koeln] = await Promise.all([
      world.authority.browser.put(neussUrl, { amountCents: 60_000 }),
      world.authority.browser.put(
        koelnUrl,
        { amountCents: 396_000_000 - 100_000 + 60_000 },
        { 'if-match': etagOf(first) },
      ),
    ]);
    const codes = [neuss.statusCode, koeln.statusCode];
    expect(codes.filter((code) => code === 409)).toHaveLength(1);
    expect(codes.filter((code) => code === 200 || code === 201)).toHaveLength(1);
    const after = (await world.authority.browser.get(await budgetUrl('FB6', 2022))).json() as StateBudgetDetail;
    expect(after.allocatedCents).toBe(396_000_000 - 40_000);
    expect(after.remainingCents).toBe(40_000);
  });

  it('shows an allocation set by hand with its method', async () => {
    const list = (
      await world.authority.browser.get(
        `/api/v1/funding/budgets/allocations?programmeId=${world.diaa}&strand=FB6&budgetYear=2022`,
      )
    ).json() as AllocationList;
    expect(list.items.map((a) => a.method)).toEqual(list.items.map(() => 'manual'));
    expect(list.items.length).toBeGreaterThanOrEqual(1);
  });
});
