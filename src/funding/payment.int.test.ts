// Payment requests over HTTP on a real database: the two-month rule and the request limit with field errors,
// four eyes (service and database), the ledger, rejection and withdrawal, and concurrent approvals that would
// together pay more than was decided.
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../platform/db/rls.ts';
import { createUser } from '../../test/helpers/accounts.ts';
import { insertTestPaymentRequest } from '../../test/helpers/funding-factories.ts';
import { signIn } from '../cases/case-test-setup.ts';
import {
  decidedGrant,
  requestBody,
  setUpPaymentWorld,
  withVersion,
  type PaymentWorld,
  type RequestLike,
} from './payment-test-setup.ts';
import type { GrantLedger, PaymentRequest, PaymentRequestPage } from './payment.schema.ts';

let world: PaymentWorld;

beforeAll(async () => {
  world = await setUpPaymentWorld();
});

afterAll(async () => {
  await world.close();
});

const REQUESTS = '/api/v1/funding/payment-requests';

async function request(grantId: string, amountCents: number, dueOn?: string): Promise<PaymentRequest> {
  const response = await world.office.browser.post(REQUESTS, requestBody(grantId, amountCents, dueOn));
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as PaymentRequest;
}

async function approve(staff: PaymentWorld['officer'], item: RequestLike) {
  return staff.browser.request('POST', `${REQUESTS}/${item.id}/approve`, undefined, withVersion(item.version));
}

async function ledger(grantId: string): Promise<GrantLedger> {
  const response = await world.office.browser.get(`/api/v1/funding/grants/${grantId}/ledger`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as GrantLedger;
}

async function countRows(table: 'payment_request' | 'payment', grantId: string): Promise<number> {
  return withTenant(world.db, { municipalityId: world.municipality, userId: null }, async (trx) => {
    const row = await trx
      .selectFrom(table)
      .where('grant_id', '=', grantId)
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  });
}

describe('requesting a payment', () => {
  it('is made by the managing office and counts against what may still be requested', async () => {
    const { grantId } = await decidedGrant(world, world.municipality, 1_000_000);
    const before = await ledger(grantId);
    expect(before.rule).toEqual({ dueWithinMonths: 2, today: '2021-03-15', latestDueOn: '2021-05-15' });
    expect(before.amounts).toEqual([
      expect.objectContaining({
        strand: 'FB1',
        budgetYear: 2021,
        decidedCents: 1_000_000,
        requestableCents: 1_000_000,
      }),
    ]);
    expect(before.canRequest).toBe(true);
    const created = await request(grantId, 250_000);
    expect(created).toMatchObject({
      status: 'requested',
      totalCents: 250_000,
      grantId,
      firstApproval: null,
      canApprove: false,
      canWithdraw: true,
    });
    expect(created.lines).toEqual([
      { strand: 'FB1', budgetYear: 2021, amountCents: 250_000, dueOn: '2021-04-30', purpose: 'Gehälter Coaches' },
    ]);
    const after = await ledger(grantId);
    expect(after.amounts[0]).toMatchObject({ openRequestedCents: 250_000, requestableCents: 750_000, paidCents: 0 });
  });

  it('refuses a line due after the two-month rule’s last day, with the rule and the day, writing nothing', async () => {
    const { grantId } = await decidedGrant(world, world.municipality);
    expect((await world.office.browser.post(REQUESTS, requestBody(grantId, 1_000, '2021-05-15'))).statusCode).toBe(201);
    const late = await world.office.browser.post(REQUESTS, requestBody(grantId, 1_000, '2021-05-16'));
    expect(late.statusCode).toBe(400);
    const problem = late.json() as { errors: { field: string; code: string; message: string }[] };
    expect(problem.errors).toEqual([
      expect.objectContaining({
        field: 'lines.0.dueOn',
        code: 'due_too_late',
        message: expect.stringContaining('2021-05-15'),
      }),
    ]);
    expect(await countRows('payment_request', grantId)).toBe(1);
  });

  it('refuses more than decided − paid − open requests, per line with field errors', async () => {
    const { grantId } = await decidedGrant(world, world.municipality, 500_000);
    await request(grantId, 300_000);
    const tooMuch = await world.office.browser.post(REQUESTS, requestBody(grantId, 200_001));
    expect(tooMuch.statusCode).toBe(400);
    expect((tooMuch.json() as { errors: { field: string; code: string }[] }).errors).toEqual([
      expect.objectContaining({ field: 'lines.0.amountCents', code: 'exceeds_requestable' }),
    ]);
    await request(grantId, 200_000);
    expect(await countRows('payment_request', grantId)).toBe(2);
  });

  it('answers bad input with 400 and field errors, never 5xx, and writes nothing', async () => {
    const { grantId } = await decidedGrant(world, world.municipality);
    const bodies: unknown[] = [
      {},
      { grantId, lines: [] },
      { ...requestBody(grantId, 0) },
      { ...requestBody(grantId, -5) },
      { ...requestBody(grantId, 1.5) },
      { ...requestBody(grantId, 100, '2021-02-30') },
      { ...requestBody(grantId, 100, '0000-01-01') },
      { ...requestBody(grantId, 100), extra: true },
      { grantId, lines: [{ strand: 'fb1', budgetYear: 2021, amountCents: 1, dueOn: '2021-04-01' }] },
      { grantId, lines: [{ strand: 'FB2', budgetYear: 2021, amountCents: 1, dueOn: '2021-04-01' }] },
      { grantId: 'not-a-uuid', lines: requestBody(grantId, 1).lines },
      { ...requestBody(grantId, 10_000_000_000_001) },
    ];
    for (const body of bodies) {
      const response = await world.office.browser.post(REQUESTS, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect((response.json() as { errors: unknown[] }).errors.length).toBeGreaterThan(0);
    }
    expect(await countRows('payment_request', grantId)).toBe(0);
  });

  it('is only for the municipality’s own grants: another municipality’s grant is unknown', async () => {
    const { grantId } = await decidedGrant(world, world.otherMunicipality);
    const response = await world.office.browser.post(REQUESTS, requestBody(grantId, 1_000));
    expect(response.statusCode).toBe(400);
    expect((response.json() as { errors: { field: string }[] }).errors[0]?.field).toBe('grantId');
    expect((await world.office.browser.get(`/api/v1/funding/grants/${grantId}/ledger`)).statusCode).toBe(404);
    expect((await world.foreignOffice.browser.get(`/api/v1/funding/grants/${grantId}/ledger`)).statusCode).toBe(200);
  });

  it('may not be made by the authority, an administrator or a provider', async () => {
    const { grantId } = await decidedGrant(world, world.municipality);
    for (const staff of [world.officer, world.admin, world.providerStaff]) {
      expect((await staff.browser.post(REQUESTS, requestBody(grantId, 1_000))).statusCode).toBe(403);
    }
    expect((await world.providerStaff.browser.get(`/api/v1/funding/grants/${grantId}/ledger`)).statusCode).toBe(403);
  });
});

describe('four eyes', () => {
  it('takes two different officers; the second approval books the payment into the ledger', async () => {
    const { grantId } = await decidedGrant(world, world.municipality, 1_000_000);
    const created = await request(grantId, 400_000);
    const inbox = await world.officer.browser.get(`${REQUESTS}?open=true&grantId=${grantId}`);
    expect(inbox.statusCode).toBe(200);
    expect((inbox.json() as PaymentRequestPage).items.map((item) => [item.id, item.canApprove])).toEqual([
      [created.id, true],
    ]);

    const first = await approve(world.officer, created);
    expect(first.statusCode, first.body).toBe(200);
    const once = first.json() as PaymentRequest;
    expect(once).toMatchObject({ status: 'approved_once', canApprove: false, secondApproval: null });
    expect(once.firstApproval?.by.id).toBe(world.officer.user.id);
    expect((await ledger(grantId)).bookings).toEqual([]);

    // The same officer cannot give the second approval: 403, audited.
    const again = await approve(world.officer, once);
    expect(again.statusCode).toBe(403);
    expect(again.json()).toMatchObject({ rule: 'four_eyes' });

    const second = await approve(world.secondOfficer, once);
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json()).toMatchObject({ status: 'paid', canApprove: false, canWithdraw: false });

    const after = await ledger(grantId);
    expect(after.amounts[0]).toMatchObject({ paidCents: 400_000, openRequestedCents: 0, remainingCents: 600_000 });
    expect(after.bookings).toEqual([
      expect.objectContaining({
        kind: 'payment',
        amountCents: 400_000,
        requestId: created.id,
        bookedOn: '2021-03-15',
        bookedBy: expect.objectContaining({ id: world.secondOfficer.user.id }),
        strandYearTotalCents: 400_000,
        grantTotalCents: 400_000,
      }),
    ]);
    expect(after.totals).toEqual({ decidedCents: 1_000_000, paidCents: 400_000, remainingCents: 600_000 });

    const audit = await withTenant(world.db, { municipalityId: world.municipality, userId: null }, (trx) =>
      trx
        .selectFrom('audit_log')
        .select(['action', 'resource_type', 'outcome'])
        .where((eb) => eb.or([eb('resource_id', '=', created.id), eb('resource_id', '=', after.bookings[0]?.id ?? '')]))
        .orderBy('seq')
        .execute(),
    );
    expect(audit.map((e) => `${e.resource_type}.${e.action}.${e.outcome}`)).toEqual([
      'payment_request.create.success',
      'payment_request.approve.success',
      'payment_request.approve.denied',
      'payment.book.success',
      'payment_request.approve.success',
    ]);
  });

  it('never lets the requester approve, even one who is also a grant officer (403)', async () => {
    const both = await signIn(world.app, world.clock, world.db, world.municipality, [
      'managing_office',
      'grant_officer',
    ]);
    const { grantId } = await decidedGrant(world, world.municipality);
    const response = await both.browser.post(REQUESTS, requestBody(grantId, 1_000));
    expect(response.statusCode, response.body).toBe(201);
    const own = response.json() as PaymentRequest;
    expect(own.canApprove).toBe(false);
    const refused = await approve(both, own);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ rule: 'four_eyes' });
    // Another officer's first approval does not open the second to the requester either.
    const first = (await approve(world.officer, own)).json() as PaymentRequest;
    expect((await approve(both, first)).statusCode).toBe(403);
  });

  it('is kept by the database too: a direct update that breaks it is refused (CHECK payment_request_four_eyes)', async () => {
    const { grantId } = await decidedGrant(world, world.municipality);
    const officer = await createUser(world.db, { organisationId: world.authority, roles: ['grant_officer'] });
    const attempt = (set: string) =>
      withTenant(world.db, { municipalityId: world.municipality, userId: null }, async (trx) => {
        const id = await insertTestPaymentRequest(trx, world.municipality, grantId);
        await sql`update payment_request set ${sql.raw(set)} where id = ${id}`.execute(trx);
      });
    await expect(attempt(`status = 'approved_once', first_approved_by = requested_by`)).rejects.toMatchObject({
      code: '23514',
      constraint: 'payment_request_four_eyes',
    });
    await expect(
      attempt(
        `status = 'paid', first_approved_by = '${officer.id}', second_approved_by = '${officer.id}', second_approved_at = now()`,
      ),
    ).rejects.toMatchObject({ code: '23514', constraint: 'payment_request_four_eyes' });
    await expect(
      attempt(`status = 'paid', first_approved_by = '${officer.id}', second_approved_by = requested_by`),
    ).rejects.toMatchObject({ code: '23514', constraint: 'payment_request_four_eyes' });
  });
});

describe('rejecting and withdrawing', () => {
  it('rejects with the reason; a rejected request is closed and frees the requestable amount', async () => {
    const { grantId } = await decidedGrant(world, world.municipality, 100_000);
    const created = await request(grantId, 100_000);
    const noReason = await world.officer.browser.request(
      'POST',
      `${REQUESTS}/${created.id}/reject`,
      { reason: '  ' },
      withVersion(created.version),
    );
    expect(noReason.statusCode).toBe(400);
    const rejected = await world.officer.browser.request(
      'POST',
      `${REQUESTS}/${created.id}/reject`,
      { reason: 'Belege fehlen' },
      withVersion(created.version),
    );
    expect(rejected.statusCode).toBe(200);
    const closed = rejected.json() as PaymentRequest;
    expect(closed.rejection).toMatchObject({ reason: 'Belege fehlen', by: { id: world.officer.user.id } });
    expect((await approve(world.secondOfficer, closed)).statusCode).toBe(409);
    expect((await ledger(grantId)).amounts[0]?.requestableCents).toBe(100_000);
  });

  it('lets the municipality withdraw before the payment, not after; stale or missing If-Match is refused', async () => {
    const { grantId } = await decidedGrant(world, world.municipality);
    const created = await request(grantId, 10_000);
    const url = `${REQUESTS}/${created.id}/withdraw`;
    expect((await world.secondOffice.browser.post(url, undefined)).statusCode).toBe(428);
    expect((await world.secondOffice.browser.request('POST', url, undefined, withVersion(99))).statusCode).toBe(412);
    expect((await world.foreignOffice.browser.request('POST', url, undefined, withVersion(1))).statusCode).toBe(404);
    expect((await world.officer.browser.request('POST', url, undefined, withVersion(1))).statusCode).toBe(403);
    const withdrawn = await world.secondOffice.browser.request('POST', url, undefined, withVersion(created.version));
    expect(withdrawn.statusCode).toBe(200);
    expect(withdrawn.json()).toMatchObject({ status: 'withdrawn' });

    const paid = await request(grantId, 10_000);
    const once = (await approve(world.officer, paid)).json() as PaymentRequest;
    const done = (await approve(world.secondOfficer, once)).json() as PaymentRequest;
    const late = await world.office.browser.request(
      'POST',
      `${REQUESTS}/${paid.id}/withdraw`,
      undefined,
      withVersion(done.version),
    );
    expect(late.statusCode).toBe(409);
  });

  it('shows a request to its municipality and the authority, and is unknown elsewhere', async () => {
    const { grantId } = await decidedGrant(world, world.municipality);
    const created = await request(grantId, 1_000);
    const url = `${REQUESTS}/${created.id}`;
    expect((await world.admin.browser.get(url)).statusCode).toBe(200);
    expect((await world.officer.browser.get(url)).statusCode).toBe(200);
    expect((await world.foreignOffice.browser.get(url)).statusCode).toBe(404);
    expect((await world.providerStaff.browser.get(url)).statusCode).toBe(403);
    const foreignList = (await world.foreignOffice.browser.get(REQUESTS)).json() as PaymentRequestPage;
    expect(foreignList.items.map((item) => item.id)).not.toContain(created.id);
  });

  it('pages the list without repeating or skipping', async () => {
    const { grantId } = await decidedGrant(world, world.municipality);
    const ids = [];
    for (let i = 0; i < 5; i += 1) {
      ids.push((await request(grantId, 1_000 + i)).id);
      world.clock.advance(1_000);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `${REQUESTS}?grantId=${grantId}&limit=2&sort=requestedAt${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await world.officer.browser.get(query)).json() as PaymentRequestPage;
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(ids);
  });
});

async function bothWaiting(grantId: string, firsts: PaymentRequest[]) {
  const blocker = new pg.Client({ connectionString: world.database.adminUrl });
  const watcher = new pg.Client({ connectionString: world.database.adminUrl });
  await blocker.connect();
  await watcher.connect();
  try {
    await blocker.query('begin');
    await blocker.query('select 1 from grant_amount where grant_id = $1 for update', [grantId]);
    const answers = Promise.all(firsts.map((item) => approve(world.secondOfficer, item)));
    for (let waited = 0; ; waited += 1) {
      const { rows } = await watcher.query<{ n: number }>(
        `select count(*)::int as n from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock' and pid <> $1`,
        [(blocker as unknown as { processID: number }).processID],
      );
      if ((rows[0]?.n ?? 0) >= 2) break;
      if (waited > 200) throw new Error('the two approvals never waited at the same time');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await blocker.query('commit');
    return await answers;
  } finally {
    await blocker.end();
    await watcher.end();
  }
}

describe('concurrent approvals', () => {
  it('pay exactly one of two requests that together exceed the decided amount; the other is 409', async () => {
    for (let round = 0; round < 5; round += 1) {
      const grant = await decidedGrant(world, world.municipality, 1_000_000);
      // Each request is within the limit; together they are over it (made directly: the service would refuse
      // the second request while the first is open, which is the other guard this test goes around).
      const ids = await withTenant(world.db, { municipalityId: world.municipality, userId: null }, async (trx) => [
        await insertTestPaymentRequest(trx, world.municipality, grant.grantId, 600_000),
        await insertTestPaymentRequest(trx, world.municipality, grant.grantId, 700_000),
      ]);
      const firsts: PaymentRequest[] = [];
      for (const id of ids) {
        const response = await approve(world.officer, { id, version: 1, status: 'requested' });
        expect(response.statusCode, response.body).toBe(200);
        firsts.push(response.json() as PaymentRequest);
      }
      // The first round proves the two approvals really run at the same time: a lock on the grant's amount holds
      // both bookings until both transactions wait on it, then lets them race.
      const answers =
        round === 0
          ? await bothWaiting(grant.grantId, firsts)
          : await Promise.all(firsts.map((item) => approve(world.secondOfficer, item)));
      const statuses = answers.map((answer) => answer.statusCode).sort();
      expect(statuses).toEqual([200, 409]);
      const refused = answers.find((answer) => answer.statusCode === 409);
      expect(refused?.json()).toMatchObject({ limit: 'grant_amount_paid_within_decided' });
      const after = await ledger(grant.grantId);
      const paid = answers.find((answer) => answer.statusCode === 200)?.json() as PaymentRequest;
      expect(after.amounts[0]?.paidCents).toBe(paid.totalCents);
      expect(after.bookings).toHaveLength(1);
      // The refused approval wrote nothing: its request is still approved once, without bookings.
      const other = firsts.find((item) => item.id !== paid.id);
      const stillOpen = (await world.officer.browser.get(`${REQUESTS}/${other?.id}`)).json() as PaymentRequest;
      expect(stillOpen).toMatchObject({ status: 'approved_once', version: 2 });
    }
  });
});
