// Payments: the municipality's managing office requests money of the run's grants, and two grant officers
// approve (four eyes), all workers at once on the same few grants, so that second approvals race for the same
// decided amount. Each grant also starts with requests made past the service's checks (directly in the
// database) that together ask for more than was decided: approving them all must fail at the database's limit
// (409), whatever the interleaving and wherever the kill falls.
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { ApiClient } from './http-client.ts';
import { acknowledge, ifMatch, koelnDay, send, type OperationContext } from './operations.ts';

const DEMO_DOMAIN = 'demo.durchstarten.example';
export const OFFICE = `managing-office@${DEMO_DOMAIN}`;
export const OFFICERS = [`grant-officer@${DEMO_DOMAIN}`, `grant-officer-2@${DEMO_DOMAIN}`] as const;

/** The decided amount of each run grant (FB1 of the current year), and the requests each starts with. */
export const GRANT_DECIDED_CENTS = 1_000_000;
const GRANTS = 2;
const PRESET_REQUESTS = [300_000, 300_000, 300_000, 300_000];

/** The crash run's grants: two, each with the preset requests that together exceed its decided amount. */
export function createRunGrants(connectionString: string, municipalityId: string, runTag: string): Promise<string[]> {
  return createDecidedGrants(connectionString, municipalityId, runTag, {
    grants: GRANTS,
    presetRequests: PRESET_REQUESTS,
  });
}

export interface FundingClients {
  office: ApiClient;
  /** Two different officers: the four-eyes rule needs both. */
  officers: readonly [ApiClient, ApiClient];
  officerIds: readonly [string, string];
}

export async function signInFunding(baseUrl: string, password: string): Promise<FundingClients> {
  const office = new ApiClient(baseUrl);
  await office.signIn(OFFICE, password);
  const first = new ApiClient(baseUrl);
  await first.signIn(OFFICERS[0], password);
  const second = new ApiClient(baseUrl);
  await second.signIn(OFFICERS[1], password);
  const idOf = async (api: ApiClient) => ((await api.request('GET', '/api/v1/me')).body as { id: string }).id;
  return { office, officers: [first, second], officerIds: [await idOf(first), await idOf(second)] };
}

/**
 * Creates decided grants in the municipality with the owner connection (decisions are another part's use case;
 * the crash test and the payment journey need grants before anything else): a programme with the Durchstarten
 * rules, a state budget and allocation, per grant an application, the grant with its decision and amount in force
 * (FB1 of the current year, GRANT_DECIDED_CENTS), and the preset requests (made by the demo managing office).
 */
export async function createDecidedGrants(
  connectionString: string,
  municipalityId: string,
  runTag: string,
  options: { grants: number; presetRequests: readonly number[] },
): Promise<string[]> {
  const db = new pg.Client({ connectionString });
  await db.connect();
  try {
    const year = Number(koelnDay().slice(0, 4));
    const users = await db.query<{ email: string; id: string }>(
      `select email, id from app_user where email = any($1)`,
      [[OFFICE, OFFICERS[0]]],
    );
    const officeId = users.rows.find((row) => row.email === OFFICE)?.id;
    const deciderId = users.rows.find((row) => row.email === OFFICERS[0])?.id;
    if (!officeId || !deciderId) throw new Error('the demo managing office or grant officer is missing');
    const programme = await db.query<{ id: string }>(`insert into funding_programme (code) values ($1) returning id`, [
      `CRASH${runTag.replace(/\D/g, '').slice(-8)}`,
    ]);
    const programmeId = programme.rows[0]?.id;
    await db.query(
      `insert into funding_programme_version (programme_id, version, definition, note) values ($1, 1, $2, 'crash test')`,
      [programmeId, await readFile(new URL('../../src/funding/programmes/durchstarten.json', import.meta.url), 'utf8')],
    );
    await db.query(
      `insert into programme_budget (programme_id, strand, budget_year, amount_cents) values ($1, 'FB1', $2, 100000000)`,
      [programmeId, year],
    );
    await db.query(
      `insert into budget_allocation (municipality_id, programme_id, strand, budget_year, amount_cents)
       values ($1, $2, 'FB1', $3, 10000000)`,
      [municipalityId, programmeId, year],
    );
    const grants: string[] = [];
    for (let n = 1; n <= options.grants; n += 1) {
      const application = await db.query<{ id: string }>(
        `insert into funding_application (municipality_id, programme_id, programme_version, applicant_id, reference, title,
                                          period_from, period_to, status, submitted_at, decided_at)
         values ($1, $2, 1, $1, $3, 'Crash-Test', make_date($4, 1, 1), make_date($4, 12, 31), 'decided', now(), now())
         returning id`,
        [municipalityId, programmeId, `${runTag}-A${n}`, year],
      );
      const grant = await db.query<{ id: string }>(
        `insert into funding_grant (municipality_id, application_id, programme_id, programme_version, recipient_id, reference)
         values ($1, $2, $3, 1, $1, $4) returning id`,
        [municipalityId, application.rows[0]?.id, programmeId, `${runTag}-ZB${n}`],
      );
      const grantId = grant.rows[0]?.id ?? '';
      await db.query(
        `insert into grant_decision (municipality_id, grant_id, seq, kind, period_from, period_to, financing_type,
                                     funding_rate_bp, conditions, decided_by)
         values ($1, $2, 1, 'decision', make_date($3, 1, 1), make_date($3, 12, 31), 'share', 8000, 'ANBest-G', $4)`,
        [municipalityId, grantId, year, deciderId],
      );
      await db.query(
        `insert into grant_decision_amount (municipality_id, grant_id, seq, strand, budget_year, amount_cents)
         values ($1, $2, 1, 'FB1', $3, $4)`,
        [municipalityId, grantId, year, GRANT_DECIDED_CENTS],
      );
      await db.query(
        `insert into grant_amount (municipality_id, grant_id, strand, budget_year, decided_cents) values ($1, $2, 'FB1', $3, $4)`,
        [municipalityId, grantId, year, GRANT_DECIDED_CENTS],
      );
      for (const amount of options.presetRequests) {
        await db.query(
          `with request as (
             insert into payment_request (municipality_id, grant_id, requested_by, justification)
             values ($1, $2, $3, $4) returning id)
           insert into payment_request_line (municipality_id, request_id, strand, budget_year, amount_cents, due_on)
           select $1, id, 'FB1', $5, $6, current_date from request`,
          [municipalityId, grantId, officeId, `${runTag}-preset`, year, amount],
        );
      }
      grants.push(grantId);
    }
    return grants;
  } finally {
    await db.end();
  }
}

interface OpenRequest {
  id: string;
  version: number;
  status: string;
  totalCents: number;
  firstApproval: { by: { id: string } } | null;
}

/** A new request of one of the run's grants: due today, for an amount that the grant often no longer has. */
export async function requestPayment(ctx: OperationContext, funding: FundingClients): Promise<void> {
  const grantId = ctx.random.pick(ctx.grantIds);
  const marker = ctx.marker();
  const year = Number(koelnDay().slice(0, 4));
  const json = {
    grantId,
    justification: marker,
    lines: [{ strand: 'FB1', budgetYear: year, amountCents: ctx.random.int(1, 250_000), dueOn: koelnDay() }],
  };
  const response = await send(
    { ...ctx, api: funding.office },
    'payment.request',
    'POST',
    '/api/v1/funding/payment-requests',
    {
      json,
    },
  );
  if (!response) return;
  const created = response.body as OpenRequest;
  acknowledge(
    ctx,
    'payment.request',
    response,
    [
      {
        table: 'payment_request',
        id: created.id,
        version: created.version,
        column: { name: 'justification', value: marker },
      },
    ],
    created.id,
  );
}

/**
 * An approval of an open request of the run's grants, by an officer who may give it (the other one after a
 * first approval). The second approval books the payment: acknowledged, its booking must stay in the ledger.
 */
export async function approvePayment(ctx: OperationContext, funding: FundingClients): Promise<void> {
  const grantId = ctx.random.pick(ctx.grantIds);
  const pick = ctx.random.chance(0.5) ? 0 : 1;
  const reader = funding.officers[pick];
  const list = await reader.request('GET', `/api/v1/funding/payment-requests?open=true&grantId=${grantId}&limit=20`);
  if (list.status !== 200) return;
  const open = (list.body as { items: OpenRequest[] }).items;
  if (open.length === 0) return;
  const request = ctx.random.pick(open);
  const firstBy = request.firstApproval?.by.id;
  const officer = firstBy === funding.officerIds[pick] ? funding.officers[pick === 0 ? 1 : 0] : reader;
  const response = await send(
    { ...ctx, api: officer },
    'payment.approve',
    'POST',
    `/api/v1/funding/payment-requests/${request.id}/approve`,
    { headers: ifMatch(request.version) },
  );
  if (!response) return;
  const approved = response.body as OpenRequest;
  acknowledge(
    ctx,
    'payment.approve',
    response,
    [{ table: 'payment_request', id: approved.id, version: approved.version }],
    approved.id,
  );
  if (approved.status === 'paid') {
    ctx.ledger.book({ iteration: ctx.iteration, requestId: approved.id, totalCents: approved.totalCents });
  }
}
