// Writes on cases: intake, changes and exit, and the work on a case (assessments, plan, contacts, referrals,
// conferences, documents) with its changes.
import { randomUUID } from 'node:crypto';
import { versionOf } from './http-client.ts';
import type { CheckedTable, ReplayableRequest, WriteKind } from './ledger.ts';
import {
  acknowledge,
  create,
  entity,
  ifMatch,
  koelnDay,
  send,
  type CaseState,
  type Entity,
  type OperationContext,
  type ParticipantState,
  type WorkerState,
} from './operations.ts';

const OUTCOMES = ['training_dual', 'employment_insured', 'handover_regular', 'moved_away', 'other'];
const SERVICES = ['jobcenter', 'employment_agency', 'bamf_course', 'berufskolleg', 'counselling'];
const CHANNELS = ['in_person', 'phone', 'video', 'message'];

export async function openCase(ctx: OperationContext, state: WorkerState, participant: ParticipantState) {
  const marker = ctx.marker();
  const json = {
    teamId: ctx.random.pick(ctx.teamIds),
    openedOn: koelnDay(-10),
    intakeOn: koelnDay(-10),
    intakeNotes: marker,
    strands: ['FB1'],
  };
  const request = { path: `/api/v1/participants/${participant.id}/cases`, key: randomUUID(), json };
  const response = await create(ctx, 'case.create', 'participant_case', marker, request);
  if (!response) return;
  const created = entity(response.body);
  acknowledge(
    ctx,
    'case.create',
    response,
    [
      {
        table: 'participant_case',
        id: created.id,
        version: created.version,
        column: { name: 'intake_notes', value: marker },
      },
    ],
    created.id,
    { request, resourceId: created.id },
  );
  const opened: CaseState = {
    ...created,
    participantId: participant.id,
    exited: false,
    goals: [],
    steps: [],
    parts: { contacts: [], referrals: [], conferences: [] },
  };
  participant.openCase = opened;
  state.cases.push(opened);
}

/** Work on a case's parts changes the case's version too: read the current one before changing the case. */
async function refreshCaseVersion(ctx: OperationContext, kase: CaseState): Promise<boolean> {
  try {
    const response = await ctx.api.request('GET', `/api/v1/cases/${kase.id}`);
    const version = versionOf(response);
    if (response.status !== 200 || version === null) return false;
    kase.version = version;
    return true;
  } catch {
    return false;
  }
}

export async function updateCase(ctx: OperationContext, kase: CaseState): Promise<void> {
  if (!(await refreshCaseVersion(ctx, kase))) return;
  const value = ctx.marker();
  const response = await send(ctx, 'case.update', 'PATCH', `/api/v1/cases/${kase.id}`, {
    json: { intakeNotes: value },
    headers: ifMatch(kase.version),
  });
  if (!response) return;
  kase.version = entity(response.body).version;
  acknowledge(
    ctx,
    'case.update',
    response,
    [{ table: 'participant_case', id: kase.id, version: kase.version, column: { name: 'intake_notes', value } }],
    kase.id,
  );
}

export async function exitCase(ctx: OperationContext, kase: CaseState, participant: ParticipantState) {
  if (!(await refreshCaseVersion(ctx, kase))) return;
  const value = ctx.marker();
  const response = await send(ctx, 'case.exit', 'POST', `/api/v1/cases/${kase.id}/exit`, {
    json: { exitedOn: koelnDay(-1), outcome: ctx.random.pick(OUTCOMES), notes: value },
    headers: ifMatch(kase.version),
  });
  if (!response) return;
  kase.version = entity(response.body).version;
  kase.exited = true;
  participant.openCase = null;
  acknowledge(
    ctx,
    'case.exit',
    response,
    [{ table: 'participant_case', id: kase.id, version: kase.version, column: { name: 'exit_notes', value } }],
    kase.id,
  );
}

/** A creation on a case (assessment, goal, step, contact, referral, conference, document), idempotent. */
async function createOnCase(
  ctx: OperationContext,
  kase: CaseState,
  kind: WriteKind,
  table: CheckedTable,
  path: string,
  marker: string,
  body: { json?: unknown; upload?: ReplayableRequest['upload'] },
): Promise<Entity | null> {
  const request: ReplayableRequest = { path, key: randomUUID(), ...body };
  const response = await create(ctx, kind, table, marker, request);
  if (!response) return null;
  const created = entity(response.body);
  const versioned = table !== 'case_document';
  const marked = (
    {
      case_assessment: 'notes',
      case_goal: 'title',
      case_step: 'title',
      case_contact: 'topic',
      case_referral: 'description',
      case_conference: 'attendees',
      case_document: 'title',
    } as const
  )[table as 'case_goal'];
  acknowledge(
    ctx,
    kind,
    response,
    [
      {
        table,
        id: created.id,
        version: versioned ? (created.version ?? versionOf(response)) : null,
        column: { name: marked, value: marker },
      },
    ],
    kase.id,
    { request, resourceId: created.id },
  );
  return created;
}

export async function addCaseWork(ctx: OperationContext, kase: CaseState): Promise<void> {
  const marker = ctx.marker();
  const base = `/api/v1/cases/${kase.id}`;
  const choice = ctx.random.pick([
    'assessment',
    'goal',
    'step',
    'contact',
    'referral',
    'conference',
    'document',
  ] as const);
  switch (choice) {
    case 'assessment':
      await createOnCase(ctx, kase, 'case.assessment', 'case_assessment', `${base}/assessments`, marker, {
        json: {
          assessedOn: koelnDay(-2),
          areas: { language: { needsSupport: true, germanLevel: 'A2' } },
          notes: marker,
        },
      });
      return;
    case 'goal': {
      const goal = await createOnCase(ctx, kase, 'case.goal', 'case_goal', `${base}/goals`, marker, {
        json: { title: marker, area: 'language', dueOn: koelnDay(60) },
      });
      if (goal) kase.goals.push(goal);
      return;
    }
    case 'step': {
      const goal = kase.goals.length > 0 ? ctx.random.pick(kase.goals) : null;
      if (!goal) return;
      const step = await createOnCase(ctx, kase, 'case.step', 'case_step', `${base}/goals/${goal.id}/steps`, marker, {
        json: { title: marker, dueOn: koelnDay(14) },
      });
      if (step) kase.steps.push(step);
      return;
    }
    case 'contact':
    case 'referral':
    case 'conference': {
      const spec = {
        contact: {
          kind: 'case.contact',
          table: 'case_contact',
          list: 'contacts',
          json: {
            occurredAt: new Date(Date.now() - 86_400_000).toISOString(),
            durationMinutes: ctx.random.int(10, 90),
            channel: ctx.random.pick(CHANNELS),
            topic: marker,
            coaching: ctx.random.chance(0.3),
          },
        },
        referral: {
          kind: 'case.referral',
          table: 'case_referral',
          list: 'referrals',
          json: { service: ctx.random.pick(SERVICES), referredOn: koelnDay(-3), description: marker },
        },
        conference: {
          kind: 'case.conference',
          table: 'case_conference',
          list: 'conferences',
          json: { heldOn: koelnDay(-4), attendees: marker, findings: 'Sprachkurs läuft' },
        },
      } as const;
      const part = spec[choice];
      const created = await createOnCase(ctx, kase, part.kind, part.table, `${base}/${part.list}`, marker, {
        json: part.json,
      });
      if (created) kase.parts[part.list].push(created);
      return;
    }
    case 'document':
      await createOnCase(ctx, kase, 'case.document', 'case_document', `${base}/documents`, marker, {
        upload: {
          title: marker,
          kind: 'letter',
          fileName: `${marker}.txt`,
          contentType: 'text/plain',
          text: `Schreiben ${marker}\n${'Zeile mit Inhalt. '.repeat(ctx.random.int(1, 2000))}\n`,
        },
      });
  }
}

interface PartUpdate {
  kind: WriteKind;
  table: CheckedTable;
  list: Entity[];
  path: string;
  column: { name: 'title' | 'notes' | 'outcome_notes' | 'findings'; value: string };
  json: Record<string, unknown>;
}

/** Changes one goal, step, contact, referral or conference of the case (If-Match of that entry). */
export async function updateCaseWork(ctx: OperationContext, kase: CaseState): Promise<void> {
  const value = ctx.marker();
  const base = `/api/v1/cases/${kase.id}`;
  const all: PartUpdate[] = [
    {
      kind: 'case.goal_update',
      table: 'case_goal',
      list: kase.goals,
      path: 'goals',
      column: { name: 'title', value },
      json: { title: value, status: ctx.random.pick(['open', 'achieved']) },
    },
    {
      kind: 'case.step_update',
      table: 'case_step',
      list: kase.steps,
      path: 'steps',
      column: { name: 'title', value },
      json: { title: value, status: 'done', doneOn: koelnDay(-1) },
    },
    {
      kind: 'case.contact_update',
      table: 'case_contact',
      list: kase.parts.contacts,
      path: 'contacts',
      column: { name: 'notes', value },
      json: { notes: value },
    },
    {
      kind: 'case.referral_update',
      table: 'case_referral',
      list: kase.parts.referrals,
      path: 'referrals',
      column: { name: 'outcome_notes', value },
      json: { outcome: 'accepted', outcomeOn: koelnDay(-1), outcomeNotes: value },
    },
    {
      kind: 'case.conference_update',
      table: 'case_conference',
      list: kase.parts.conferences,
      path: 'conferences',
      column: { name: 'findings', value },
      json: { findings: value },
    },
  ];
  const options = all.filter((option) => option.list.length > 0);
  if (options.length === 0) return;
  const option = ctx.random.pick(options);
  const item = ctx.random.pick(option.list);
  const response = await send(ctx, option.kind, 'PATCH', `${base}/${option.path}/${item.id}`, {
    json: option.json,
    headers: ifMatch(item.version),
  });
  if (!response) return;
  item.version = entity(response.body).version;
  acknowledge(
    ctx,
    option.kind,
    response,
    [{ table: option.table, id: item.id, version: item.version, column: option.column }],
    kase.id,
  );
}
