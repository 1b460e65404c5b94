// The writes the crash test drives through the API (participant-operations.ts, case-operations.ts) and what
// they share: the state of a worker, sending with bookkeeping of acknowledged writes and attempted creations.
// Each worker works on its own participants and cases, one request at a time, so that it always knows the
// current version (no 412 races between workers); the workers together hit the shared hot spots: the
// municipality's participant-number counter, its audit chain head and the same tables.
import type { Random } from '../../src/seed/random.ts';
import type { ApiClient, ApiResponse } from './http-client.ts';
import type { EnrolmentState } from './enrolment-operations.ts';
import type { FundingClients } from './payment-operations.ts';
import type { CheckedTable, Ledger, ReplayableRequest, RowExpectation, WriteKind } from './ledger.ts';

export interface CaseState {
  id: string;
  version: number;
  participantId: string;
  exited: boolean;
  goals: { id: string; version: number }[];
  steps: { id: string; version: number }[];
  parts: Record<'contacts' | 'referrals' | 'conferences', { id: string; version: number }[]>;
}

export interface ParticipantState {
  id: string;
  version: number;
  residenceAdds: number;
  openCase: CaseState | null;
}

export interface WorkerState {
  participants: ParticipantState[];
  cases: CaseState[];
  enrolments: EnrolmentState[];
}

export interface WorkloadStats {
  /** Answers that were not 2xx, by kind and status; "lost" = cut off by the kill. */
  refusals: Map<string, number>;
  /** 5xx answers: never expected, not even around a crash. */
  serverErrors: string[];
}

export interface OperationContext {
  api: ApiClient;
  ledger: Ledger;
  stats: WorkloadStats;
  random: Random;
  iteration: number;
  /** A fresh marker for one write: unique within the run, stored in the row. */
  marker(): string;
  /** A fresh family name (random letters, so that the duplicate check at intake finds nothing). */
  familyName(): string;
  /** The run's tag, carried by every participant of the run in externalId. */
  runTag: string;
  teamIds: string[];
  /** The run's small offers, shared by all workers. */
  offerIds: string[];
  /** The run's decided grants, shared by all workers, and the managing office and two officers paying them. */
  grantIds: string[];
  funding: FundingClients | null;
}

/** A calendar day in Köln, `offset` days from today (validations compare with the server's local day). */
export function koelnDay(offset = 0, now = new Date()): string {
  const shifted = new Date(now.getTime() + offset * 86_400_000);
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin' }).format(shifted);
}

export function pad(n: number): string {
  return String(n).padStart(2, '0');
}

type Send = { json?: unknown; form?: FormData; headers?: Record<string, string> };

/** Sends one write; null unless the server acknowledged it (2xx). Counts refusals and cut-off requests. */
export async function send(
  ctx: OperationContext,
  kind: WriteKind,
  method: 'POST' | 'PATCH',
  path: string,
  options: Send,
): Promise<ApiResponse | null> {
  let response: ApiResponse;
  try {
    response = await ctx.api.request(method, path, options);
  } catch {
    count(ctx.stats, `${kind} lost`);
    return null;
  }
  if (response.status >= 200 && response.status < 300) return response;
  count(ctx.stats, `${kind} ${response.status}`);
  if (response.status >= 500)
    ctx.stats.serverErrors.push(`${kind} ${response.status}: ${JSON.stringify(response.body)}`);
  return null;
}

function count(stats: WorkloadStats, label: string): void {
  stats.refusals.set(label, (stats.refusals.get(label) ?? 0) + 1);
}

export function ifMatch(version: number): Record<string, string> {
  return { 'if-match': `"${version}"` };
}

/** An idempotent creation: records the attempt first, so that the checks know about it even if the answer is lost. */
export async function create(
  ctx: OperationContext,
  kind: WriteKind,
  table: CheckedTable,
  marker: string,
  request: ReplayableRequest,
  headers: Record<string, string> = {},
): Promise<ApiResponse | null> {
  const attempt = ctx.ledger.attempt({ kind, iteration: ctx.iteration, table, marker, acknowledged: false, request });
  const response = await send(ctx, kind, 'POST', request.path, {
    ...(request.json === undefined ? {} : { json: request.json }),
    ...(request.upload ? { form: uploadForm(request.upload) } : {}),
    headers: { 'idempotency-key': request.key, ...headers },
  });
  if (response) attempt.acknowledged = true;
  return response;
}

export function uploadForm(upload: NonNullable<ReplayableRequest['upload']>): FormData {
  const form = new FormData();
  form.set('title', upload.title);
  form.set('kind', upload.kind);
  form.set('file', new Blob([upload.text], { type: upload.contentType }), upload.fileName);
  return form;
}

export function acknowledge(
  ctx: OperationContext,
  kind: WriteKind,
  response: ApiResponse,
  rows: RowExpectation[],
  auditResourceId: string,
  replay?: { request: ReplayableRequest; resourceId: string },
): void {
  ctx.ledger.acknowledge({
    kind,
    iteration: ctx.iteration,
    status: response.status,
    rows,
    auditResourceId,
    ...(replay ? { replay } : {}),
  });
}

export interface Entity {
  id: string;
  version: number;
}

export function entity(body: unknown): Entity {
  const { id, version } = body as { id: string; version: number };
  return { id, version };
}

/** The sub-record of a participant answer that carries the marker. */
export function subRecordId(body: unknown, list: string, field: string, marker: string): string | undefined {
  const items = (body as Record<string, { id: string; [key: string]: unknown }[] | undefined>)[list] ?? [];
  return items.find((item) => item[field] === marker)?.id;
}
