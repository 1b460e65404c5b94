// The gap analysis through the API: demand from assessments, referrals and waiting lists against free seats,
// filters, the XLSX and CSV exports (audited), who may read and export, and tenant isolation.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GapTable } from './gap.schema.ts';
import {
  addAssessment,
  addEnrolment,
  addOffer,
  addReferral,
  adminRows,
  fieldsOf,
  personWithCase,
  setUpQualityWorld,
  type QualityWorld,
} from './quality-test-setup.ts';

let world: QualityWorld;

/** The body's bytes (the test browser's result type names only the text). */
function rawOf(response: object): Buffer {
  return (response as { rawPayload: Buffer }).rawPayload;
}
const RANGE = 'from=2026-01&to=2026-03';

beforeAll(async () => {
  world = await setUpQualityWorld();
  const m = world.municipality;
  const language = await addOffer(world, m, world.provider, { capacity: 2, title: 'Jugendintegrationskurs Mülheim' });
  // Planned offers are not supply yet; the other municipality's are not this one's.
  await addOffer(world, m, world.provider, { status: 'planned', capacity: 50 });
  await addOffer(world, world.otherMunicipality, world.provider, { capacity: 50 });

  const p1 = await personWithCase(world, m);
  await addAssessment(world, m, p1, '2025-12-01', { language: { needsSupport: true, germanLevel: 'A1' } });
  const p2 = await personWithCase(world, m);
  await addReferral(world, m, p2, { service: 'bamf_course', referredOn: '2026-02-10' });
  const p3 = await personWithCase(world, m);
  await addEnrolment(world, m, p3.participantId, language, {
    status: 'waiting',
    referred_on: '2026-01-15',
    starts_on: null,
  });
  // Assessed need met by taking part: no demand, and the seat is taken.
  const p4 = await personWithCase(world, m);
  await addAssessment(world, m, p4, '2025-12-01', { language: { needsSupport: true, germanLevel: 'A0' } });
  await addEnrolment(world, m, p4.participantId, language, { status: 'active', starts_on: '2026-01-05' });
  const p5 = await personWithCase(world, m, { cityDistrict: 'Porz' });
  await addAssessment(world, m, p5, '2025-11-20', {
    schooling: { needsSupport: true, highestQualification: 'none' },
    housing: { needsSupport: true, accommodation: 'shared' },
  });
  // The other municipality's demand never shows here.
  const foreign = await personWithCase(world, world.otherMunicipality);
  await addAssessment(world, world.otherMunicipality, foreign, '2025-12-01', { language: { needsSupport: true } });
});

afterAll(async () => {
  await world.close();
});

async function table(query: string, staff = world.office): Promise<GapTable> {
  const response = await staff.browser.get(`/api/v1/gap-analysis?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as GapTable;
}

describe('GET /api/v1/gap-analysis', () => {
  it('compares demand by source with free seats per group, place and month and flags unmet demand', async () => {
    const result = await table(RANGE);
    expect(result.periods.map((p) => p.key)).toEqual(['2026-01', '2026-02', '2026-03']);
    const language = result.rows.filter((r) => r.group === 'language');
    expect(language.map((r) => [r.place, r.period, r.demand, r.supply.free, r.gap, r.unmet])).toEqual([
      ['Mülheim', '2026-01', { waiting: 1, referral: 0, assessment: 1, total: 2 }, 1, 1, true],
      ['Mülheim', '2026-02', { waiting: 1, referral: 1, assessment: 1, total: 3 }, 1, 2, true],
      ['Mülheim', '2026-03', { waiting: 1, referral: 1, assessment: 1, total: 3 }, 1, 2, true],
    ]);
    expect(language[0]?.supply).toEqual({ offers: 1, unlimitedOffers: 0, capacity: 2, taken: 1, free: 1 });
    const school = result.rows.filter((r) => r.group === 'school_certificate');
    expect(school.map((r) => [r.place, r.demand.total, r.supply.offers, r.unmet])).toEqual([
      ['Porz', 1, 0, true],
      ['Porz', 1, 0, true],
      ['Porz', 1, 0, true],
    ]);
    // Housing is met by regular services, not by offers: no row.
    expect(new Set(result.rows.map((r) => r.group))).toEqual(new Set(['language', 'school_certificate']));
    expect(result.totals).toEqual({ demand: 11, free: 3, unmetRows: 6 });
  });

  it('filters by group, place and unmet rows, merges places and counts quarters', async () => {
    expect((await table(`${RANGE}&group=school_certificate`)).rows).toHaveLength(3);
    expect((await table(`${RANGE}&place=porz`)).rows.every((r) => r.place === 'Porz')).toBe(true);
    const quarter = await table(`${RANGE}&granularity=quarter&byPlace=false`);
    expect(quarter.rows.map((r) => [r.group, r.place, r.period, r.demand.total])).toEqual([
      ['language', null, '2026-Q1', 3],
      ['school_certificate', null, '2026-Q1', 1],
    ]);
    const met = await table('from=2025-06&to=2025-06&unmetOnly=true');
    expect(met.rows).toEqual([]);
  });

  it('lets everyone with aggregate read in the municipality see it, and no one else', async () => {
    await table(RANGE, world.manager);
    await table(RANGE, world.allianceMember);
    for (const staff of [world.coach, world.providerStaff]) {
      expect((await staff.browser.get(`/api/v1/gap-analysis?${RANGE}`)).statusCode).toBe(403);
    }
    // The other municipality's office sees its own municipality only: its one person and its own offer.
    const foreign = await table(RANGE, world.foreignOffice);
    expect(foreign.rows.map((r) => [r.group, r.demand.total, r.supply.free, r.unmet])).toEqual([
      ['language', 1, 50, false],
      ['language', 1, 50, false],
      ['language', 1, 50, false],
    ]);
  });

  it('refuses bad queries with field errors', async () => {
    const cases: [string, string[]][] = [
      ['from=2026-05&to=2026-01', ['to']],
      ['from=2020-01&to=2026-12', ['to']],
      ['from=2026-13', ['from']],
      ['granularity=week', ['granularity']],
      ['unmetOnly=yes', ['unmetOnly']],
      ['colour=red', ['']],
    ];
    for (const [query, fields] of cases) {
      const response = await world.office.browser.get(`/api/v1/gap-analysis?${query}`);
      expect(response.statusCode, query).toBe(400);
      if (fields[0] !== '') expect(fieldsOf(response), query).toEqual(fields);
    }
  });
});

describe('GET /api/v1/gap-analysis/export', () => {
  it('gives a formatted workbook with the unmet rows highlighted and a sheet of definitions', async () => {
    const response = await world.office.browser.get(`/api/v1/gap-analysis/export?${RANGE}&format=xlsx`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    expect(String(response.headers['content-disposition'])).toContain('bedarfsanalyse-2026-01-2026-03.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(rawOf(response) as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Bedarfsanalyse', 'Erläuterung']);
    const sheet = workbook.getWorksheet('Bedarfsanalyse');
    expect(sheet?.getRow(1).getCell(1).value).toBe('Angebotsgruppe');
    expect(sheet?.getRow(1).font?.bold).toBe(true);
    const first = sheet?.getRow(2);
    expect(first?.getCell(1).value).toBe('Sprachkurse');
    expect(first?.getCell(7).value).toBe(2);
    expect(first?.getCell(7).numFmt).toBe('#,##0');
    expect(first?.getCell(14).value).toBe('ja');
    const fill = first?.getCell(1).fill;
    expect(fill?.type === 'pattern' ? fill.fgColor?.argb : undefined).toBe('FFF8D7DA');
    expect(sheet?.rowCount).toBe(7);
    const explanation = workbook.getWorksheet('Erläuterung');
    const texts = explanation?.getColumn(1).values.map(String) ?? [];
    expect(texts).toEqual(expect.arrayContaining(['Bedarf', 'Lücke', 'Kleine Zahlen', 'Sprachkurse']));
  });

  it('gives a CSV for German Excel (UTF-8 with BOM, ";", CRLF) and audits every export', async () => {
    const response = await world.office.browser.get(`/api/v1/gap-analysis/export?${RANGE}&format=csv&place=Porz`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    const bytes = rawOf(response);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]).toBe(
      'Angebotsgruppe;Ort;Zeitraum;Bedarf: Warteliste;Bedarf: Vermittlung;Bedarf: Bedarfserhebung;Bedarf gesamt;' +
        'Angebote;davon ohne Platzgrenze;Plätze;belegt;frei;Lücke (Bedarf − frei);ungedeckt',
    );
    expect(lines[1]).toBe('Schulabschluss (ESA/EESA);Porz;2026-01;0;0;1;1;0;0;0;0;0;1;ja');
    const audits = await adminRows<{ action: string; outcome: string; details: Record<string, unknown> }>(
      world,
      `select action, outcome, details from audit_log where resource_type = 'gap_analysis' and actor_user_id = $1
        order by seq`,
      [world.office.user.id],
    );
    expect(audits.map((a) => [a.action, a.outcome, a.details.format])).toEqual([
      ['export', 'success', 'xlsx'],
      ['export', 'success', 'csv'],
    ]);
  });

  it('is for those with aggregate export only (the managing office)', async () => {
    for (const staff of [world.manager, world.allianceMember, world.coach, world.providerStaff]) {
      const response = await staff.browser.get(`/api/v1/gap-analysis/export?${RANGE}&format=csv`);
      expect(response.statusCode).toBe(403);
    }
    const bad = await world.office.browser.get(`/api/v1/gap-analysis/export?${RANGE}&format=pdf`);
    expect(bad.statusCode).toBe(400);
    expect(fieldsOf(bad)).toEqual(['format']);
  });
});
