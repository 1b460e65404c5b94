// Applications through the API: several people drafting one plan (versions per line, 412 on a stale write),
// check and submit with every problem listed, the plan frozen after submission (also by the database), the
// authority's review (comment, return, resubmit, reject), who may see and do what, and the audit trail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../platform/db/rls.ts';
import { adminCount, adminRows, fieldsOf } from '../cases/case-test-setup.ts';
import {
  addLine,
  APPLICATIONS,
  balancedPlan,
  current,
  draft,
  etagOf,
  setUpFundingWorld,
  step,
  withVersion,
  type FundingWorld,
} from './application-test-setup.ts';
import type { Application, ApplicationCheck, ApplicationPage } from './application.schema.ts';

let world: FundingWorld;

beforeAll(async () => {
  world = await setUpFundingWorld();
});

afterAll(async () => {
  await world.close();
});

describe('drafting an application', () => {
  it('creates a draft under the programme’s current version, idempotently', async () => {
    const headers = { 'idempotency-key': 'draft-once' };
    const body = {
      programmeId: world.programme.programmeId,
      title: 'Coaching 2021',
      periodFrom: '2021-01-01',
      periodTo: '2021-12-31',
    };
    const first = await world.office.browser.post(APPLICATIONS, body, headers);
    expect(first.statusCode, first.body).toBe(201);
    const created = first.json() as Application;
    expect([created.status, created.reference, created.programmeVersion, etagOf(first)]).toEqual([
      'draft',
      null,
      1,
      '"1"',
    ]);
    const again = await world.office.browser.post(APPLICATIONS, body, headers);
    expect((again.json() as Application).id).toBe(created.id);
  });

  it('refuses an unknown programme and a period that ends before it starts, with field errors', async () => {
    const response = await world.office.browser.post(APPLICATIONS, {
      programmeId: '00000000-0000-4000-8000-000000000000',
      title: 'x',
      periodFrom: '2021-01-01',
      periodTo: '2021-12-31',
    });
    expect([response.statusCode, fieldsOf(response)]).toEqual([400, ['programmeId']]);
    const period = await world.office.browser.post(APPLICATIONS, {
      programmeId: world.programme.programmeId,
      title: 'x',
      periodFrom: '2021-12-31',
      periodTo: '2021-01-01',
    });
    expect([period.statusCode, fieldsOf(period)]).toEqual([400, ['periodTo']]);
  });

  it('lets two people edit different lines at once; the stale write to the same line is 412', async () => {
    const application = await draft(world);
    const costs = await addLine(world.office, application.id, 'cost-lines', {
      strand: 'FB1',
      budgetYear: 2021,
      category: 'personnel',
      description: 'Coach',
      amountCents: 5_000_000,
    });
    const own = await addLine(world.colleague, application.id, 'funding-sources', {
      kind: 'own_contribution',
      name: 'Eigenanteil',
      budgetYear: 2021,
      amountCents: 1_000_000,
    });
    expect([costs.etag, own.etag]).toEqual(['"1"', '"1"']);
    const line = `${APPLICATIONS}/${application.id}/cost-lines/${costs.id}`;
    const mine = await world.office.browser.request('PATCH', line, { description: 'Coach (Vollzeit)' }, withVersion(1));
    expect([mine.statusCode, etagOf(mine)]).toEqual([200, '"2"']);
    const theirs = await world.colleague.browser.request(
      'PATCH',
      `${APPLICATIONS}/${application.id}/funding-sources/${own.id}`,
      { amountCents: 1_100_000 },
      withVersion(1),
    );
    expect(theirs.statusCode, theirs.body).toBe(200);
    const stale = await world.colleague.browser.request('PATCH', line, { amountCents: 4_000_000 }, withVersion(1));
    expect(stale.statusCode).toBe(412);
    const missing = await world.colleague.browser.request('PATCH', line, { amountCents: 4_000_000 });
    expect(missing.statusCode).toBe(428);
    const plan = await current(world.office, application.id);
    expect(plan.costLines.map((l) => [l.description, l.amountCents])).toEqual([['Coach (Vollzeit)', 5_000_000]]);
    expect(plan.fundingSources.map((s) => s.amountCents)).toEqual([1_100_000]);
    expect(plan.version).toBe(1);
  });

  it('computes teaching hours × the flat rate and removes a draft line', async () => {
    const application = await draft(world);
    const hours = await world.office.browser.post(`${APPLICATIONS}/${application.id}/cost-lines`, {
      strand: 'FB4',
      budgetYear: 2021,
      category: 'teaching_hours',
      description: 'Jugendintegrationskurs',
      quantity: '120.5',
      unitCents: 3750,
    });
    expect(hours.statusCode, hours.body).toBe(201);
    expect(hours.json()).toMatchObject({ quantity: '120.5', unitCents: 3750, amountCents: 451_875 });
    const tooMuch = await world.office.browser.post(`${APPLICATIONS}/${application.id}/cost-lines`, {
      strand: 'FB2',
      budgetYear: 2021,
      category: 'material',
      description: 'Überlauf',
      quantity: '9999999999.99',
      unitCents: 10_000_000_000_000,
    });
    expect([tooMuch.statusCode, fieldsOf(tooMuch)]).toEqual([400, ['quantity']]);
    const id = (hours.json() as { id: string }).id;
    const removed = await world.office.browser.request(
      'DELETE',
      `${APPLICATIONS}/${application.id}/cost-lines/${id}`,
      undefined,
      withVersion(1),
    );
    expect(removed.statusCode).toBe(204);
    expect((await current(world.office, application.id)).costLines).toEqual([]);
  });

  it('refuses a second requested amount for the same strand and year with 409', async () => {
    const application = await draft(world);
    const body = { strand: 'FB1', budgetYear: 2021, amountCents: 100 };
    await addLine(world.office, application.id, 'requested-amounts', body);
    const twice = await world.office.browser.post(`${APPLICATIONS}/${application.id}/requested-amounts`, body);
    expect(twice.statusCode).toBe(409);
  });
});

describe('checking and submitting', () => {
  it('lists every problem of the draft, and submit refuses with all of them, changing nothing', async () => {
    const application = await draft(world);
    const bad = await addLine(world.office, application.id, 'cost-lines', {
      strand: 'FB4',
      budgetYear: 2022,
      category: 'material',
      description: 'Lernmaterial',
      amountCents: 10_000,
    });
    await addLine(world.office, application.id, 'requested-amounts', {
      strand: 'FB9',
      budgetYear: 2021,
      amountCents: 1,
    });
    const check = await world.office.browser.get(`${APPLICATIONS}/${application.id}/check`);
    expect(check.statusCode).toBe(200);
    const problems = (check.json() as ApplicationCheck).problems.map((p) => p.field);
    expect(problems).toEqual(
      expect.arrayContaining([
        `costLines.${bad.id}.category`,
        `costLines.${bad.id}.budgetYear`,
        'years.2022',
        'years.2022.ownContribution',
      ]),
    );
    const submitted = await step(world.office, await current(world.office, application.id), 'submit');
    expect(submitted.statusCode).toBe(400);
    expect(fieldsOf(submitted)).toEqual([...problems].sort());
    const after = await current(world.office, application.id);
    expect([after.status, after.reference, after.version]).toEqual(['draft', null, 1]);
  });

  it('submits a balanced plan with a reference and freezes the plan, in the database too', async () => {
    const application = await draft(world);
    await balancedPlan(world.office, application.id, 1_000_000);
    const submitted = await step(world.office, await current(world.office, application.id), 'submit');
    expect(submitted.statusCode, submitted.body).toBe(200);
    const result = submitted.json() as Application;
    expect(result.status).toBe('submitted');
    expect(result.reference).toMatch(new RegExp(`^${result.programmeCode}-2026-05315000-\\d{4}$`));
    const more = await world.office.browser.post(`${APPLICATIONS}/${application.id}/funding-sources`, {
      kind: 'third_party',
      name: 'Stiftung',
      budgetYear: 2021,
      amountCents: 1,
    });
    expect(more.statusCode).toBe(409);
    const line = result.costLines[0];
    if (!line) throw new Error('no cost line');
    const direct = withTenant(world.db, { municipalityId: world.municipality, userId: null }, (trx) =>
      trx.updateTable('application_cost_line').set({ amount_cents: 1 }).where('id', '=', line.id).execute(),
    );
    await expect(direct).rejects.toMatchObject({ code: '23514', constraint: 'application_plan_frozen' });
    const header = await world.office.browser.request(
      'PATCH',
      `${APPLICATIONS}/${application.id}`,
      { title: 'Neu' },
      withVersion(result.version),
    );
    expect(header.statusCode).toBe(409);
  });

  it('numbers references per municipality, programme and year without gaps', async () => {
    const numbers: string[] = [];
    for (const title of ['Eins', 'Zwei']) {
      const application = await draft(world, world.office, title);
      await balancedPlan(world.office, application.id, 100_000);
      const submitted = await step(world.office, await current(world.office, application.id), 'submit');
      numbers.push(String((submitted.json() as Application).reference).slice(-4));
    }
    expect(Number(numbers[1]) - Number(numbers[0])).toBe(1);
  });
});

describe('the authority’s review', () => {
  it('lists submitted applications of every municipality, never a draft', async () => {
    const submitted = await draft(world, world.office, 'Zur Prüfung');
    await balancedPlan(world.office, submitted.id, 200_000);
    await step(world.office, await current(world.office, submitted.id), 'submit');
    const hidden = await draft(world, world.office, 'Entwurf');
    const page = await world.officer.browser.get(`${APPLICATIONS}?status=submitted&limit=100`);
    expect(page.statusCode, page.body).toBe(200);
    const ids = (page.json() as ApplicationPage).items.map((item) => item.id);
    expect(ids).toContain(submitted.id);
    const all = await world.officer.browser.get(`${APPLICATIONS}?limit=100`);
    expect((all.json() as ApplicationPage).items.map((item) => item.id)).not.toContain(hidden.id);
    expect((await world.officer.browser.get(`${APPLICATIONS}/${hidden.id}`)).statusCode).toBe(404);
    const denials = await adminCount(
      world,
      `select count(*) as n from audit_log where resource_id = $1 and outcome = 'denied'`,
      [hidden.id],
    );
    expect(denials).toBe(1);
  });

  it('pages through the list in the order asked, page by page as in one piece', async () => {
    for (const title of ['Blatt B', 'Blatt A', 'Blatt C']) {
      const application = await draft(world, world.office, title);
      await balancedPlan(world.office, application.id, 100_000);
      await step(world.office, await current(world.office, application.id), 'submit');
    }
    for (const sort of ['title', '-updatedAt']) {
      const whole = await world.officer.browser.get(`${APPLICATIONS}?sort=${sort}&limit=100`);
      expect(whole.statusCode, whole.body).toBe(200);
      const expected = (whole.json() as ApplicationPage).items.map((item) => item.id);
      expect(expected.length).toBeGreaterThanOrEqual(3);
      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
        const page = await world.officer.browser.get(`${APPLICATIONS}?sort=${sort}&limit=2${query}`);
        expect(page.statusCode, page.body).toBe(200);
        const body = page.json() as ApplicationPage;
        paged.push(...body.items.map((item) => item.id));
        cursor = body.nextCursor;
      } while (cursor !== null);
      expect(paged, sort).toEqual(expected);
    }
  });

  it('reviews, comments on a line, returns with a reason; the municipality corrects and resubmits', async () => {
    const application = await draft(world);
    await balancedPlan(world.office, application.id, 300_000);
    const submitted = (
      await step(world.office, await current(world.office, application.id), 'submit')
    ).json() as Application;
    const reviewed = await step(world.officer, submitted, 'review');
    expect([reviewed.statusCode, (reviewed.json() as Application).status]).toEqual([200, 'in_review']);
    const line = submitted.costLines[0];
    if (!line) throw new Error('no cost line');
    const comment = await world.officer.browser.post(`${APPLICATIONS}/${application.id}/comments`, {
      body: 'Bitte die Stellenbeschreibung ergänzen.',
      subject: `costLines.${line.id}`,
    });
    expect(comment.statusCode, comment.body).toBe(201);
    const stale = await step(world.officer, submitted, 'return', { reason: 'Unvollständig' });
    expect(stale.statusCode).toBe(412);
    const returned = await step(world.officer, reviewed.json() as Application, 'return', {
      reason: 'Stellenbeschreibung fehlt.',
    });
    expect(returned.statusCode, returned.body).toBe(200);
    const back = returned.json() as Application;
    expect(back.status).toBe('returned');
    expect(back.comments.map((c) => [c.side, c.kind, c.subject])).toEqual([
      ['authority', 'comment', `costLines.${line.id}`],
      ['authority', 'returned', null],
    ]);
    const corrected = await world.office.browser.request(
      'PATCH',
      `${APPLICATIONS}/${application.id}/cost-lines/${line.id}`,
      { description: 'Coach (1,0 Stelle), Aufgaben laut Anlage' },
      withVersion(line.version),
    );
    expect(corrected.statusCode, corrected.body).toBe(200);
    await world.office.browser.post(`${APPLICATIONS}/${application.id}/comments`, { body: 'Ergänzt.' });
    const again = await step(world.office, await current(world.office, application.id), 'submit');
    expect(again.statusCode, again.body).toBe(200);
    const resubmitted = again.json() as Application;
    expect([resubmitted.status, resubmitted.reference]).toEqual(['submitted', submitted.reference]);
    expect(resubmitted.comments.at(-1)).toMatchObject({ side: 'applicant', body: 'Ergänzt.' });
    const audit = await adminRows<{ action: string; municipality_id: string }>(
      world,
      `select action, municipality_id from audit_log
        where resource_type = 'funding_application' and resource_id = $1 and outcome = 'success' order by seq`,
      [application.id],
    );
    expect(audit.map((a) => a.action)).toEqual([
      'create',
      'submit',
      'review',
      'comment',
      'return',
      'comment',
      'submit',
    ]);
    expect(new Set(audit.map((a) => a.municipality_id))).toEqual(new Set([world.municipality]));
  });

  it('rejects with a reason; the applicant withdraws another before the decision', async () => {
    const application = await draft(world);
    await balancedPlan(world.office, application.id, 100_000);
    const submitted = (
      await step(world.office, await current(world.office, application.id), 'submit')
    ).json() as Application;
    const withoutReason = await step(world.officer, submitted, 'reject', {});
    expect([withoutReason.statusCode, fieldsOf(withoutReason)]).toEqual([400, ['reason']]);
    const rejected = await step(world.officer, submitted, 'reject', { reason: 'Nicht förderfähig.' });
    expect((rejected.json() as Application).status).toBe('rejected');
    expect((await step(world.office, rejected.json() as Application, 'withdraw')).statusCode).toBe(409);
    const other = await draft(world);
    await balancedPlan(world.office, other.id, 100_000);
    const otherSubmitted = (
      await step(world.office, await current(world.office, other.id), 'submit')
    ).json() as Application;
    const withdrawn = await step(world.office, otherSubmitted, 'withdraw');
    expect((withdrawn.json() as Application).status).toBe('withdrawn');
  });
});

describe('who may see and do what', () => {
  it('keeps a municipality’s applications from another municipality (404) and from providers (403)', async () => {
    const application = await draft(world);
    expect((await world.foreignOffice.browser.get(`${APPLICATIONS}/${application.id}`)).statusCode).toBe(404);
    const foreignList = await world.foreignOffice.browser.get(`${APPLICATIONS}?limit=100`);
    expect((foreignList.json() as ApplicationPage).items).toEqual([]);
    const foreignLine = await world.foreignOffice.browser.post(`${APPLICATIONS}/${application.id}/cost-lines`, {
      strand: 'FB1',
      budgetYear: 2021,
      category: 'personnel',
      description: 'x',
      amountCents: 1,
    });
    expect(foreignLine.statusCode).toBe(404);
    expect((await world.providerStaff.browser.get(`${APPLICATIONS}/${application.id}`)).statusCode).toBe(403);
    expect((await world.providerStaff.browser.get(APPLICATIONS)).statusCode).toBe(403);
    expect((await world.analyst.browser.get(APPLICATIONS)).statusCode).toBe(403);
  });

  it('lets the administrator read but not write, and the authority review but not edit the plan', async () => {
    const application = await draft(world);
    await balancedPlan(world.office, application.id, 100_000);
    expect((await world.municipalAdmin.browser.get(`${APPLICATIONS}/${application.id}`)).statusCode).toBe(200);
    const adminLine = await world.municipalAdmin.browser.post(`${APPLICATIONS}/${application.id}/requested-amounts`, {
      strand: 'FB2',
      budgetYear: 2021,
      amountCents: 1,
    });
    expect(adminLine.statusCode).toBe(403);
    const submitted = (
      await step(world.office, await current(world.office, application.id), 'submit')
    ).json() as Application;
    const authorityLine = await world.officer.browser.request(
      'PATCH',
      `${APPLICATIONS}/${application.id}`,
      { title: 'Geändert von der Behörde' },
      withVersion(submitted.version),
    );
    expect(authorityLine.statusCode).toBe(403);
    expect((await step(world.office, submitted, 'review')).statusCode).toBe(403);
    expect((await step(world.office, submitted, 'return', { reason: 'selbst' })).statusCode).toBe(403);
  });
});
