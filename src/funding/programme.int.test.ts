// Programmes as versioned configuration through the API: the bundled programmes loaded once, a new version by
// the authority only (If-Match, validation with field paths, a change note), the differences between versions,
// and decided grants keeping the version they were decided under.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBundledProgrammes } from './programme.bundled.ts';
import type { ProgrammeDefinitionInput } from './programme.definition.ts';
import type { ProgrammeDetail, ProgrammeDiff, ProgrammeList } from './programme.schema.ts';
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
const url = (id: string, rest = '') => `/api/v1/funding/programmes/${id}${rest}`;

async function detail(id: string): Promise<{ programme: ProgrammeDetail; etag: string }> {
  const response = await world.authority.browser.get(url(id));
  expect(response.statusCode, response.body).toBe(200);
  return { programme: response.json() as ProgrammeDetail, etag: etagOf(response) };
}

function withRate(definition: ProgrammeDefinitionInput, cents: number): ProgrammeDefinitionInput {
  const next = structuredClone(definition);
  const fb4 = next.strands.find((strand) => strand.code === 'FB4');
  if (fb4) fb4.teachingHourRateCents = cents;
  return next;
}

beforeAll(async () => {
  world = await setUpBudgetWorld();
});

afterAll(async () => {
  await world.close();
});

describe('loading the bundled programmes', () => {
  it('created both programmes with the state budgets and the FB5 cap their definitions imply', async () => {
    const budgets = await adminRows<{ strand: string; budget_year: number; amount_cents: string; central: boolean }>(
      world,
      'select strand, budget_year, amount_cents, central from programme_budget where programme_id = $1 order by 1, 2',
      [world.diaa],
    );
    expect(budgets.filter((b) => b.strand === 'FB6').map((b) => [b.budget_year, Number(b.amount_cents)])).toEqual([
      [2019, 240_000_000],
      [2020, 396_000_000],
      [2021, 396_000_000],
      [2022, 396_000_000],
      [2023, 396_000_000],
    ]);
    expect(budgets.filter((b) => b.strand === 'FB5').every((b) => b.central)).toBe(true);
    const caps = await adminRows<{ strand: string; cap_cents: string }>(
      world,
      'select strand, cap_cents from programme_strand_cap where programme_id = $1',
      [world.diaa],
    );
    expect(caps.map((c) => [c.strand, Number(c.cap_cents)])).toEqual([['FB5', 500_000_000]]);
  });

  it('creates nothing on a second run, even when two run at once', async () => {
    const before = await adminCount(world, 'select count(*) as n from funding_programme_version');
    const runs = await Promise.all([loadBundledProgrammes(world.db), loadBundledProgrammes(world.db)]);
    expect(runs.flatMap((run) => run.created)).toEqual([]);
    expect(runs[0]?.existing).toEqual(['DIAA', 'KIM']);
    expect(await adminCount(world, 'select count(*) as n from funding_programme_version')).toBe(before);
  });
});

describe('reading programmes', () => {
  it('lists the programmes with their strands for everyone in the funding administration', async () => {
    for (const staff of [world.authority, world.ministry, world.office, world.admin, world.provider]) {
      const response = await staff.browser.get('/api/v1/funding/programmes');
      expect(response.statusCode, response.body).toBe(200);
      const list = response.json() as ProgrammeList;
      expect(list.items.map((p) => p.code)).toEqual(['DIAA', 'KIM']);
      expect(list.items[0]?.strands.map((s) => s.code)).toEqual(['FB1', 'FB2', 'FB3', 'FB4', 'FB5', 'FB6']);
    }
  });

  it('refuses a caseworker (no funding permission) and answers 404 for an unknown programme', async () => {
    expect((await world.caseworker.browser.get('/api/v1/funding/programmes')).statusCode).toBe(403);
    const unknown = await world.office.browser.get(url('00000000-0000-4000-8000-000000000000'));
    expect(unknown.statusCode).toBe(404);
    expect((await world.office.browser.get(url('not-a-uuid'))).statusCode).toBe(400);
  });

  it('shows the definition of the current version with its numbers', async () => {
    const { programme, etag } = await detail(world.kim);
    expect(etag).toBe(`"${programme.version}"`);
    const cm = programme.definition.strands[0];
    expect(cm?.postRates.map((r) => [r.code, r.annualMaxCents])).toEqual([
      ['full_time', 5_700_000],
      ['half_time_assistant', 2_250_000],
    ]);
    expect(cm?.setupPerWorkstationCents).toBe(570_000);
    expect(programme.versions.map((v) => [v.version, v.current])).toEqual([[1, true]]);
  });
});

describe('a new version', () => {
  it('is created by the authority from the whole definition with a change note, and becomes current', async () => {
    const { programme, etag } = await detail(world.diaa);
    const grantId = await insertDecidedGrant(world, world.koeln.id, { programmeId: world.diaa, version: 1 }, []);
    const missing = await world.authority.browser.post(url(world.diaa, '/versions'), {
      definition: withRate(programme.definition, 4000),
      note: 'Stundensatz FB4 ab 2022',
    });
    expect(missing.statusCode).toBe(428);
    const created = await world.authority.browser.post(
      url(world.diaa, '/versions'),
      { definition: withRate(programme.definition, 4000), note: 'Stundensatz FB4 ab 2022' },
      { 'if-match': etag },
    );
    expect(created.statusCode, created.body).toBe(201);
    const next = created.json() as ProgrammeDetail;
    expect(next.currentVersion).toBe(2);
    expect(next.definition.strands.find((s) => s.code === 'FB4')?.teachingHourRateCents).toBe(4000);
    expect(next.versions.map((v) => [v.version, v.current, v.note, v.grantsDecided])).toEqual([
      [2, true, 'Stundensatz FB4 ab 2022', 0],
      [1, false, 'Bundled definition (durchstarten.json)', 1],
    ]);

    // The decided grant keeps version 1, whose rate is still 37.50 €.
    const grant = await adminRows<{ programme_version: number }>(
      world,
      'select programme_version from funding_grant where id = $1',
      [grantId],
    );
    expect(grant[0]?.programme_version).toBe(1);
    const first = (await world.office.browser.get(url(world.diaa, '?version=1'))).json() as ProgrammeDetail;
    expect(first.shownVersion).toBe(1);
    expect(first.definition.strands.find((s) => s.code === 'FB4')?.teachingHourRateCents).toBe(3750);
    // A municipality does not see the other municipalities' grants: no count for it.
    expect(first.versions.map((v) => v.grantsDecided)).toEqual([null, null]);
    expect((await world.office.browser.get(url(world.diaa, '?version=7'))).statusCode).toBe(404);

    const audit = await adminRows<{ action: string; changed_fields: string[] }>(
      world,
      `select action, changed_fields from system_audit_log where resource_type = 'funding_programme' and resource_id = $1
        order by seq desc limit 1`,
      [world.diaa],
    );
    expect(audit[0]).toEqual({
      action: 'create_version',
      changed_fields: ['definition.strands.FB4.teachingHourRateCents'],
    });
  });

  it('shows what changed between two versions', async () => {
    const response = await world.ministry.browser.get(url(world.diaa, '/diff?from=1&to=2'));
    expect(response.statusCode, response.body).toBe(200);
    expect((response.json() as ProgrammeDiff).changes).toEqual([
      { path: 'strands.FB4.teachingHourRateCents', kind: 'changed', before: 3750, after: 4000 },
    ]);
    expect((await world.ministry.browser.get(url(world.diaa, '/diff?from=1&to=9'))).statusCode).toBe(404);
    expect((await world.ministry.browser.get(url(world.diaa, '/diff?from=0&to=2'))).statusCode).toBe(400);
  });

  it('refuses a stale If-Match (412) and saves nothing', async () => {
    const { programme } = await detail(world.diaa);
    const response = await world.authority.browser.post(
      url(world.diaa, '/versions'),
      { definition: withRate(programme.definition, 4100), note: 'zu spät' },
      withVersion(1),
    );
    expect(response.statusCode).toBe(412);
    expect((await detail(world.diaa)).programme.currentVersion).toBe(2);
  });

  it('lists every problem of an invalid definition with its path, and saves nothing', async () => {
    const { programme, etag } = await detail(world.diaa);
    const broken = structuredClone(programme.definition) as Record<string, unknown> & ProgrammeDefinitionInput;
    const fb4 = broken.strands[3];
    if (fb4) delete fb4.teachingHourRateCents;
    broken.ownContribution = { defaultRateBp: 12_000, budgetRecoveryRateBp: 1000 };
    const response = await world.authority.browser.post(
      url(world.diaa, '/versions'),
      { definition: broken, note: 'kaputt' },
      { 'if-match': etag },
    );
    expect(response.statusCode).toBe(400);
    expect(fieldsOf(response)).toEqual(expect.arrayContaining(['definition.ownContribution.defaultRateBp']));
    const second = await world.authority.browser.post(
      url(world.diaa, '/versions'),
      { definition: { ...programme.definition, strands: [fb4 ? { ...fb4 } : {}] }, note: 'kaputt' },
      { 'if-match': etag },
    );
    expect(second.statusCode).toBe(400);
    expect(fieldsOf(second)).toContain('definition.strands.0.teachingHourRateCents');
    const noNote = await world.authority.browser.post(
      url(world.diaa, '/versions'),
      { definition: programme.definition, note: '  ' },
      { 'if-match': etag },
    );
    expect(fieldsOf(noNote)).toEqual(['note']);
    expect((await detail(world.diaa)).programme.currentVersion).toBe(2);
  });

  it('is refused for everyone but the authority, with the denial audited', async () => {
    const { programme, etag } = await detail(world.diaa);
    for (const staff of [world.office, world.ministry, world.provider]) {
      const response = await staff.browser.post(
        url(world.diaa, '/versions'),
        { definition: programme.definition, note: 'unbefugt' },
        { 'if-match': etag },
      );
      expect(response.statusCode).toBe(403);
    }
    // Refused at the route (no role of theirs may update a programme): one denial each, by the user.
    for (const staff of [world.office, world.ministry, world.provider]) {
      const denied = await adminCount(
        world,
        `select count(*) as n from system_audit_log
          where resource_type = 'programme' and action = 'update' and outcome = 'denied' and actor_user_id = $1`,
        [staff.user.id],
      );
      expect(denied).toBe(1);
    }
  });

  it('writes the state budgets whose figures change, and refuses a cap below what is committed (409)', async () => {
    const { programme, etag } = await detail(world.diaa);
    const next = structuredClone(programme.definition);
    const fb6 = next.strands.find((s) => s.code === 'FB6');
    const budget2021 = fb6?.annualBudgets?.find((b) => b.budgetYear === 2021);
    if (budget2021) budget2021.amountCents = 400_000_000;
    const created = await world.authority.browser.post(
      url(world.diaa, '/versions'),
      { definition: next, note: 'Nachtragshaushalt FB6 2021' },
      { 'if-match': etag },
    );
    expect(created.statusCode, created.body).toBe(201);
    const rows = await adminRows<{ amount_cents: string }>(
      world,
      `select amount_cents from programme_budget where programme_id = $1 and strand = 'FB6' and budget_year = 2021`,
      [world.diaa],
    );
    expect(Number(rows[0]?.amount_cents)).toBe(400_000_000);

    // 1,000 € committed in FB5 (central): a cap of 500 € would be below it.
    await insertDecidedGrant(world, world.koeln.id, { programmeId: world.diaa, version: 3 }, [
      { strand: 'FB5', budgetYear: 2021, decidedCents: 100_000 },
    ]);
    const after = await detail(world.diaa);
    const capped = structuredClone(after.programme.definition);
    const fb5 = capped.strands.find((s) => s.code === 'FB5');
    if (fb5) fb5.capCents = 50_000;
    const refused = await world.authority.browser.post(
      url(world.diaa, '/versions'),
      { definition: capped, note: 'Deckel gesenkt' },
      { 'if-match': after.etag },
    );
    expect(refused.statusCode, refused.body).toBe(409);
    expect((refused.json() as { limit?: string }).limit).toBe('programme_strand_cap_holds');
    expect((await detail(world.diaa)).programme.currentVersion).toBe(3);
  });
});
