// Writes on participants: intake with nested sub-records, changes, and the dated sub-records and consents.
import { randomUUID } from 'node:crypto';
import type { CheckedTable, RowExpectation, WriteKind } from './ledger.ts';
import {
  acknowledge,
  create,
  entity,
  ifMatch,
  koelnDay,
  pad,
  send,
  subRecordId,
  type OperationContext,
  type ParticipantState,
  type WorkerState,
} from './operations.ts';

const LANGUAGES = ['ar', 'fa', 'ps', 'ti', 'uk', 'ru', 'tr', 'ku', 'so', 'en', 'fr'];

export async function createParticipant(ctx: OperationContext, state: WorkerState): Promise<void> {
  const name = ctx.familyName();
  const statusMarker = ctx.marker();
  const languageMarker = ctx.marker();
  const year = ctx.random.int(2000, 2006);
  const json = {
    familyName: name,
    givenNames: ctx.familyName(),
    birthDate: `${year}-${pad(ctx.random.int(1, 12))}-${pad(ctx.random.int(1, 28))}`,
    birthDatePrecision: 'day',
    gender: ctx.random.pick(['female', 'male', 'diverse', 'not_stated']),
    accommodation: 'private',
    workPermission: 'permitted',
    externalId: `${ctx.runTag}-${ctx.marker()}`,
    // Nested sub-records: a creation must keep all of them or none.
    residenceStatuses: [{ status: 'toleration_60a', validFrom: '2024-01-01', notes: statusMarker }],
    languages: [{ language: ctx.random.pick(LANGUAGES), level: 'A2', evidence: languageMarker }],
  };
  const request = { path: '/api/v1/participants', key: randomUUID(), json };
  const response = await create(ctx, 'participant.create', 'participant', name, request);
  if (!response) return;
  const created = entity(response.body);
  const rows: RowExpectation[] = [
    { table: 'participant', id: created.id, version: created.version, column: { name: 'family_name', value: name } },
  ];
  const statusId = subRecordId(response.body, 'residenceStatuses', 'notes', statusMarker);
  const languageId = subRecordId(response.body, 'languages', 'evidence', languageMarker);
  if (statusId) rows.push({ table: 'participant_residence_status', id: statusId, version: null });
  if (languageId) rows.push({ table: 'participant_language', id: languageId, version: null });
  acknowledge(ctx, 'participant.create', response, rows, created.id, { request, resourceId: created.id });
  state.participants.push({ ...created, residenceAdds: 0, openCase: null });
}

export async function updateParticipant(ctx: OperationContext, participant: ParticipantState): Promise<void> {
  const value = ctx.marker();
  const response = await send(ctx, 'participant.update', 'PATCH', `/api/v1/participants/${participant.id}`, {
    json: { vocationalExperience: value },
    headers: ifMatch(participant.version),
  });
  if (!response) return;
  participant.version = entity(response.body).version;
  acknowledge(
    ctx,
    'participant.update',
    response,
    [
      {
        table: 'participant',
        id: participant.id,
        version: participant.version,
        column: { name: 'vocational_experience', value },
      },
    ],
    participant.id,
  );
}

type SubRecord = {
  kind: WriteKind;
  segment: string;
  table: CheckedTable;
  list: string;
  field: 'notes' | 'evidence' | 'scope';
  body(ctx: OperationContext, participant: ParticipantState, marker: string): Record<string, unknown>;
};

const SUB_RECORDS: SubRecord[] = [
  {
    kind: 'participant.residence_status',
    segment: 'residence-statuses',
    table: 'participant_residence_status',
    list: 'residenceStatuses',
    field: 'notes',
    // Each addition starts later than the one before, so the history stays valid and the person eligible.
    body: (_ctx, participant, marker) => {
      participant.residenceAdds += 1;
      const start = new Date(Date.UTC(2025, 0, 1) + participant.residenceAdds * 86_400_000);
      return { status: 'toleration_60a', validFrom: start.toISOString().slice(0, 10), notes: marker };
    },
  },
  {
    kind: 'participant.language',
    segment: 'languages',
    table: 'participant_language',
    list: 'languages',
    field: 'evidence',
    body: (ctx, _participant, marker) => ({ language: ctx.random.pick(LANGUAGES), level: 'B1', evidence: marker }),
  },
  {
    kind: 'participant.schooling',
    segment: 'schooling',
    table: 'participant_schooling',
    list: 'schooling',
    field: 'notes',
    body: (ctx, _participant, marker) => ({
      country: 'SY',
      years: ctx.random.int(0, 12),
      qualification: 'foreign_other',
      notes: marker,
    }),
  },
  {
    kind: 'participant.consent',
    segment: 'consents',
    table: 'participant_consent',
    list: 'consents',
    field: 'scope',
    body: (ctx, _participant, marker) => ({
      purpose: ctx.random.pick(['case_management', 'data_sharing_providers', 'follow_up_contact']),
      scope: marker,
      givenOn: koelnDay(-30),
    }),
  },
];

export async function addSubRecord(ctx: OperationContext, participant: ParticipantState): Promise<void> {
  const spec = ctx.random.pick(SUB_RECORDS);
  const marker = ctx.marker();
  const request = {
    path: `/api/v1/participants/${participant.id}/${spec.segment}`,
    key: randomUUID(),
    json: spec.body(ctx, participant, marker),
  };
  // Sub-records name the participant's version; an idempotent replay would answer with the old version, so
  // these are checked for durability, not replayed.
  const response = await create(ctx, spec.kind, spec.table, marker, { ...request }, ifMatch(participant.version));
  if (!response) return;
  participant.version = entity(response.body).version;
  const rows: RowExpectation[] = [{ table: 'participant', id: participant.id, version: participant.version }];
  const id = subRecordId(response.body, spec.list, spec.field, marker);
  if (id) {
    rows.push({
      table: spec.table,
      id,
      version: spec.table === 'participant_consent' ? 1 : null,
      column: { name: spec.field, value: marker },
    });
  }
  acknowledge(ctx, spec.kind, response, rows, participant.id);
}
