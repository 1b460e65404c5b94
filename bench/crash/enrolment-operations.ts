// Enrolments: every worker enrols its participants into the same few small offers of the run, so that the
// workers compete for the seats (capacity and waiting list under concurrency and kills), and ends enrolments
// (drop-out, completion), which frees seats for the waiting list.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import {
  acknowledge,
  entity,
  ifMatch,
  koelnDay,
  send,
  type OperationContext,
  type ParticipantState,
  type WorkerState,
} from './operations.ts';

export interface EnrolmentState {
  id: string;
  version: number;
  participantId: string;
  offerId: string;
  status: string;
}

/** Seats per offer of the run: small, so that the workers' enrolments often meet a full offer. */
const SEATS = [2, 3, 3];

/**
 * Creates the run's offers in the municipality, with the owner connection (participation managers may not
 * create offers): offers of the regular system (no strand), so that the eligibility check does not refuse.
 */
export async function createRunOffers(connectionString: string, municipalityId: string, runTag: string) {
  const db = new pg.Client({ connectionString });
  await db.connect();
  try {
    const provider = await db.query<{ id: string }>(
      `insert into organisation (kind, name) values ('provider', $1) returning id`,
      [`Sprachschule ${runTag}`],
    );
    const providerId = provider.rows[0]?.id;
    await db.query(`insert into provider_municipality (provider_id, served_municipality_id) values ($1, $2)`, [
      providerId,
      municipalityId,
    ]);
    const offers = await db.query<{ id: string }>(
      `insert into offer (municipality_id, provider_id, title, type, place, starts_on, capacity, status)
       select $1, $2, $3 || ' ' || n, 'integration_course', 'Köln-Kalk', current_date - 30, seats, 'running'
         from unnest($4::int[]) with ordinality as s(seats, n)
       returning id`,
      [municipalityId, providerId, `Integrationskurs ${runTag}`, SEATS],
    );
    return offers.rows.map((row) => row.id);
  } finally {
    await db.end();
  }
}

export async function enrol(ctx: OperationContext, state: WorkerState, participant: ParticipantState) {
  const current = new Set(
    state.enrolments
      .filter((e) => e.participantId === participant.id && ['active', 'waiting'].includes(e.status))
      .map((e) => e.offerId),
  );
  const free = ctx.offerIds.filter((id) => !current.has(id));
  if (free.length === 0) return;
  const offerId = ctx.random.pick(free);
  const request = {
    path: `/api/v1/participants/${participant.id}/enrolments`,
    key: randomUUID(),
    json: { offerId, referredOn: koelnDay(-1) },
  };
  const response = await send(ctx, 'enrolment.create', 'POST', request.path, {
    json: request.json,
    headers: { 'idempotency-key': request.key },
  });
  if (!response) return;
  const created = entity(response.body);
  const status = (response.body as { status: string }).status;
  acknowledge(
    ctx,
    'enrolment.create',
    response,
    [{ table: 'enrolment', id: created.id, version: created.version }],
    created.id,
    {
      request,
      resourceId: created.id,
    },
  );
  state.enrolments.push({ ...created, participantId: participant.id, offerId, status });
}

/** Ends an active enrolment (drop-out or completion) or notes the next step of a waiting one. */
export async function changeEnrolment(ctx: OperationContext, state: WorkerState) {
  const open = state.enrolments.filter((e) => e.status === 'active' || e.status === 'waiting');
  if (open.length === 0) return;
  const enrolment = ctx.random.pick(open);
  const marker = ctx.marker();
  const ending = enrolment.status === 'active';
  const dropOut = ending && ctx.random.chance(0.5);
  const json = !ending
    ? { nextStep: marker }
    : dropOut
      ? { status: 'dropped_out', dropoutReason: 'unknown', dropoutNotes: marker }
      : { status: 'completed', nextStep: marker };
  const response = await send(ctx, 'enrolment.update', 'PATCH', `/api/v1/enrolments/${enrolment.id}`, {
    json,
    headers: ifMatch(enrolment.version),
  });
  if (!response) {
    // A seat given to this enrolment from the waiting list (or a lost answer) changed its version: read it again.
    const fresh = await ctx.api.request('GET', `/api/v1/enrolments/${enrolment.id}`);
    if (fresh.status === 200) {
      enrolment.version = entity(fresh.body).version;
      enrolment.status = (fresh.body as { status: string }).status;
    }
    return;
  }
  const changed = entity(response.body);
  enrolment.version = changed.version;
  enrolment.status = (response.body as { status: string }).status;
  acknowledge(
    ctx,
    'enrolment.update',
    response,
    [
      {
        table: 'enrolment',
        id: enrolment.id,
        version: changed.version,
        column: { name: dropOut ? 'dropout_notes' : 'next_step', value: marker },
      },
    ],
    enrolment.id,
  );
}
