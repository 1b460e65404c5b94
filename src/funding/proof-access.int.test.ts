// Who may see and do what with proofs of use and recovery claims; bad input answered 4xx with nothing changed;
// the PDF and XLSX files.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Staff } from '../cases/case-test-setup.ts';
import { withTenant } from '../platform/db/rls.ts';
import { withVersion } from './payment-test-setup.ts';
import type { ProofView } from './proof.schema.ts';
import { setUpProofWorld, type ProofWorld } from './proof-test-setup.ts';

let world: ProofWorld;
let own: ProofView;
let providers: ProofView;

beforeAll(async () => {
  world = await setUpProofWorld();
  const created = async (staff: Staff, body: object) => {
    const response = await staff.browser.post('/api/v1/funding/proofs', body);
    if (response.statusCode !== 201) throw new Error(`${response.statusCode} ${response.body}`);
    return response.json() as ProofView;
  };
  own = await created(world.office, { grantId: world.grant.grantId, kind: 'interim', budgetYear: 2021 });
  providers = await created(world.providerStaff, {
    grantId: world.grant.grantId,
    contractId: world.contractId,
    kind: 'final',
  });
});

afterAll(async () => world?.close());

const url = (proof: { id: string }, rest = '') => `/api/v1/funding/proofs/${proof.id}${rest}`;

async function status(staff: Staff, method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown, version?: number) {
  const response = await staff.browser.request(method, path, body, version === undefined ? {} : withVersion(version));
  return response.statusCode;
}

/** The stored state of a proof and its lines, read past the API: to show that a refused request changed nothing. */
async function stored(proofId: string) {
  return withTenant(world.db, { municipalityId: world.municipality, userId: null }, async (trx) => ({
    proof: await trx
      .selectFrom('proof_of_use')
      .where('id', '=', proofId)
      .select(['status', 'version', 'narrative'])
      .executeTakeFirstOrThrow(),
    lines: await trx
      .selectFrom('proof_of_use_line')
      .where('proof_id', '=', proofId)
      .select(['actual_cents', 'version'])
      .orderBy('position')
      .execute(),
  }));
}

describe('who sees which proofs', () => {
  it('shows a provider only its own proofs; another provider and another municipality find nothing (404)', async () => {
    const mine = (await world.providerStaff.browser.get('/api/v1/funding/proofs')).json() as {
      items: { id: string }[];
    };
    expect(mine.items.map((p) => p.id)).toEqual([providers.id]);
    expect(await status(world.providerStaff, 'GET', url(own))).toBe(404);
    expect(await status(world.otherProviderStaff, 'GET', url(providers))).toBe(404);
    expect(await status(world.foreignOffice, 'GET', url(own))).toBe(404);
    const foreign = (await world.foreignOffice.browser.get('/api/v1/funding/proofs')).json() as { items: unknown[] };
    expect(foreign.items).toEqual([]);
  });

  it("shows the municipality its own and its providers' proofs, and the authority every municipality's", async () => {
    for (const staff of [world.office, world.admin, world.officer]) {
      const page = (await staff.browser.get('/api/v1/funding/proofs?sort=createdAt')).json() as {
        items: { id: string }[];
      };
      expect(page.items.map((p) => p.id)).toEqual([own.id, providers.id]);
    }
    const toCheck = (await world.office.browser.get('/api/v1/funding/proofs?origin=provider&status=draft')).json() as {
      items: { id: string }[];
    };
    expect(toCheck.items.map((p) => p.id)).toEqual([providers.id]);
  });

  it('keeps recovery claims from providers', async () => {
    expect(await status(world.providerStaff, 'GET', '/api/v1/funding/recovery-claims')).toBe(403);
  });
});

describe('who may do what', () => {
  it('lets only the author write a proof: not the municipality a provider’s, not the authority, not the admin', async () => {
    const before = await stored(providers.id);
    const line = providers.lines[0]?.id ?? '';
    const body = { lines: [{ lineId: line, actualCents: 1 }] };
    expect(await status(world.office, 'PATCH', url(providers, '/statement'), body, providers.version)).toBe(403);
    expect(await status(world.officer, 'PATCH', url(own, '/narrative'), { summary: 'x' }, own.version)).toBe(403);
    expect(await status(world.admin, 'PATCH', url(own, '/narrative'), { summary: 'x' }, own.version)).toBe(403);
    expect(await stored(providers.id)).toEqual(before);
  });

  it("refuses a proof for another provider's contract, and the municipality's own to a provider", async () => {
    const contract = { grantId: world.grant.grantId, contractId: world.contractId, kind: 'interim', budgetYear: 2021 };
    expect(await status(world.otherProviderStaff, 'POST', '/api/v1/funding/proofs', contract)).toBe(403);
    expect(await status(world.office, 'POST', '/api/v1/funding/proofs', contract)).toBe(403);
    const municipal = { grantId: world.grant.grantId, kind: 'final' };
    expect(await status(world.providerStaff, 'POST', '/api/v1/funding/proofs', municipal)).toBe(403);
    expect(await status(world.officer, 'POST', '/api/v1/funding/proofs', municipal)).toBe(403);
    expect(await status(world.foreignOffice, 'POST', '/api/v1/funding/proofs', municipal)).toBe(404);
  });

  it('lets nobody but the municipality check a provider proof, and nobody but the authority audit', async () => {
    const submitted = await submitProviderProof();
    expect(await status(world.providerStaff, 'POST', url(submitted, '/accept'), undefined, submitted.version)).toBe(
      403,
    );
    expect(await status(world.officer, 'POST', url(submitted, '/accept'), undefined, submitted.version)).toBe(403);
    expect(
      await status(world.officer, 'POST', url(submitted, '/audit'), { result: 'no_findings' }, submitted.version),
    ).toBe(403);
    expect(await status(world.office, 'POST', url(own, '/audit'), { result: 'no_findings' }, own.version)).toBe(403);
    expect(await status(world.office, 'POST', url(submitted, '/accept'), undefined, submitted.version)).toBe(200);
    const denials = await withTenant(world.db, { municipalityId: world.municipality, userId: null }, (trx) =>
      trx
        .selectFrom('audit_log')
        .where('resource_type', '=', 'proof_of_use')
        .where('outcome', '=', 'denied')
        .select('action')
        .execute(),
    );
    expect(denials.map((d) => d.action)).toEqual(expect.arrayContaining(['accept', 'audit', 'update', 'create']));
  });
});

async function submitProviderProof(): Promise<ProofView> {
  const line = providers.lines[0]?.id ?? '';
  let response = await world.providerStaff.browser.request(
    'PATCH',
    url(providers, '/statement'),
    { lines: [{ lineId: line, actualCents: 300_000 }] },
    withVersion(providers.version),
  );
  let proof = response.json() as ProofView;
  response = await world.providerStaff.browser.request(
    'PATCH',
    url(proof, '/narrative'),
    { summary: 'Coaching', results: 'Drei Übergänge' },
    withVersion(proof.version),
  );
  proof = response.json() as ProofView;
  response = await world.providerStaff.browser.request(
    'POST',
    url(proof, '/submit'),
    undefined,
    withVersion(proof.version),
  );
  expect(response.statusCode).toBe(200);
  providers = response.json() as ProofView;
  return providers;
}

describe('bad input', () => {
  it('answers 400 with field errors and changes nothing', async () => {
    const current = (await world.office.browser.get(url(own))).json() as ProofView;
    const before = await stored(own.id);
    const line = current.lines[0]?.id ?? '';
    const cases: [string, 'POST' | 'PATCH', string, unknown, number | undefined][] = [
      [
        'negative actual',
        'PATCH',
        url(own, '/statement'),
        { lines: [{ lineId: line, actualCents: -1 }] },
        current.version,
      ],
      [
        'fraction of a cent',
        'PATCH',
        url(own, '/statement'),
        { lines: [{ lineId: line, actualCents: 1.5 }] },
        current.version,
      ],
      [
        'unknown line',
        'PATCH',
        url(own, '/statement'),
        { lines: [{ lineId: providers.lines[0]?.id, actualCents: 1 }] },
        current.version,
      ],
      [
        'line twice',
        'PATCH',
        url(own, '/statement'),
        {
          lines: [
            { lineId: line, actualCents: 1 },
            { lineId: line, actualCents: 2 },
          ],
        },
        current.version,
      ],
      ['empty narrative change', 'PATCH', url(own, '/narrative'), {}, current.version],
      ['unknown section', 'PATCH', url(own, '/narrative'), { poem: 'x' }, current.version],
      [
        'receipt on a foreign line',
        'POST',
        url(own, '/receipts'),
        { lineId: providers.lines[0]?.id, receiptDate: '2021-05-01', payee: 'A', purpose: 'B', amountCents: 100 },
        undefined,
      ],
      [
        'receipt of year 0',
        'POST',
        url(own, '/receipts'),
        { lineId: line, receiptDate: '0000-05-01', payee: 'A', purpose: 'B', amountCents: 100 },
        undefined,
      ],
      [
        'interim without year',
        'POST',
        '/api/v1/funding/proofs',
        { grantId: world.grant.grantId, kind: 'interim' },
        undefined,
      ],
      [
        'final with year',
        'POST',
        '/api/v1/funding/proofs',
        { grantId: world.grant.grantId, kind: 'final', budgetYear: 2021 },
        undefined,
      ],
      [
        'year without amounts',
        'POST',
        '/api/v1/funding/proofs',
        { grantId: world.grant.grantId, kind: 'interim', budgetYear: 2022 },
        undefined,
      ],
    ];
    for (const [name, method, path, body, version] of cases) {
      const response = await world.office.browser.request(
        method,
        path,
        body,
        version === undefined ? {} : withVersion(version),
      );
      expect(response.statusCode, `${name}: ${response.body}`).toBe(400);
      expect((response.json() as { errors?: unknown[] }).errors?.length, name).toBeGreaterThan(0);
    }
    expect(await stored(own.id)).toEqual(before);
  });

  it('needs If-Match (428), refuses a stale version (412) and a second proof of the same year (409)', async () => {
    const body = { summary: 'Kurz' };
    expect((await world.office.browser.request('PATCH', url(own, '/narrative'), body)).statusCode).toBe(428);
    expect(await status(world.office, 'PATCH', url(own, '/narrative'), body, own.version + 7)).toBe(412);
    const again = { grantId: world.grant.grantId, kind: 'interim', budgetYear: 2021 };
    expect(await status(world.office, 'POST', '/api/v1/funding/proofs', again)).toBe(409);
  });

  it('refuses audited eligible spending above what the statement allows', async () => {
    const current = (await world.office.browser.get(url(own))).json() as ProofView;
    const actuals = current.lines.map((l) => ({ lineId: l.id, actualCents: l.plannedCents }));
    let proof = (
      await world.office.browser.request(
        'PATCH',
        url(own, '/statement'),
        { lines: actuals },
        withVersion(current.version),
      )
    ).json() as ProofView;
    proof = (
      await world.office.browser.request(
        'PATCH',
        url(own, '/narrative'),
        { summary: 'S', results: 'R' },
        withVersion(proof.version),
      )
    ).json() as ProofView;
    const submitted = await world.office.browser.request(
      'POST',
      url(own, '/submit'),
      undefined,
      withVersion(proof.version),
    );
    expect(submitted.statusCode, submitted.body).toBe(200);
    own = submitted.json() as ProofView;
    const tooMuch = {
      result: 'no_findings',
      eligible: [{ strand: 'FB1', budgetYear: 2021, eligibleCents: 1_250_001 }],
    };
    expect(await status(world.officer, 'POST', url(own, '/audit'), tooMuch, own.version)).toBe(400);
    const unknown = { result: 'no_findings', eligible: [{ strand: 'FB4', budgetYear: 2021, eligibleCents: 0 }] };
    expect(await status(world.officer, 'POST', url(own, '/audit'), unknown, own.version)).toBe(400);
    const findingsWithoutText = { result: 'findings' };
    expect(await status(world.officer, 'POST', url(own, '/audit'), findingsWithoutText, own.version)).toBe(400);
    expect((await stored(own.id)).proof.status).toBe('submitted');
  });
});

describe('files', () => {
  it('serves the proof as a PDF', async () => {
    const response = await world.office.browser.get(url(own, '/pdf'));
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toMatch(/attachment; filename="zwischennachweis-2021-/);
    const bytes = Buffer.from(response.body, 'latin1');
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.subarray(-6).toString('latin1')).toMatch(/%%EOF/);
  });

  it('serves the financial statement as an XLSX workbook with the planned and actual amounts', async () => {
    const response = await world.office.browser.request('GET', url(own, '/statement/xlsx'));
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const raw = await world.app.inject({
      method: 'GET',
      url: url(own, '/statement/xlsx'),
      headers: { cookie: `durchstarten_session=${world.office.browser.token ?? ''}`, 'sec-fetch-site': 'same-origin' },
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(raw.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Zahlenmäßiger Nachweis', 'Belegliste', 'Erläuterung']);
    const sheet = workbook.getWorksheet('Zahlenmäßiger Nachweis');
    expect(sheet?.getRow(2).getCell(4).value).toBe('Coaches (1,5 VZÄ)');
    expect(sheet?.getRow(2).getCell(5).value).toBe(10_000);
    expect(sheet?.getRow(2).getCell(6).value).toBe(10_000);
  });

  it('lets the provider export its own proof, not the municipality’s', async () => {
    expect(await status(world.providerStaff, 'GET', url(providers, '/pdf'))).toBe(200);
    expect(await status(world.providerStaff, 'GET', url(own, '/pdf'))).toBe(404);
  });
});
