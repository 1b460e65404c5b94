// The API side of idempotency after a restart: a client that retries with the same Idempotency-Key must get
// the same resource back and never a second one, whether or not it saw the first answer.
import type { ApiClient, ApiResponse } from './http-client.ts';
import { CHECKED_TABLES, type ReplayableRequest } from './ledger.ts';
import type { CheckContext } from './invariants.ts';
import { uploadForm } from './operations.ts';

export interface ApiCheckContext extends CheckContext {
  api: ApiClient;
  /** Only this iteration's requests are replayed (earlier ones were replayed after their own restart). */
  iteration: number;
}

export interface ApiInvariantCheck {
  name: string;
  why: string;
  run(ctx: ApiCheckContext): Promise<string[]>;
}

async function replay(api: ApiClient, request: ReplayableRequest): Promise<ApiResponse> {
  return api.request('POST', request.path, {
    ...(request.json === undefined ? {} : { json: request.json }),
    ...(request.upload ? { form: uploadForm(request.upload) } : {}),
    headers: { 'idempotency-key': request.key },
  });
}

const acknowledgedKeysReplay: ApiInvariantCheck = {
  name: 'idempotent-replay-acknowledged',
  why: 'Replaying an acknowledged Idempotency-Key after the restart answers with the stored response (same status, same resource, marked as replayed) and creates nothing.',
  async run(ctx) {
    const problems: string[] = [];
    for (const write of ctx.ledger.writesOf(ctx.iteration)) {
      if (!write.replay) continue;
      const response = await replay(ctx.api, write.replay.request);
      const id = (response.body as { id?: unknown } | null)?.id;
      if (
        response.status !== write.status ||
        response.headers.get('idempotent-replayed') !== 'true' ||
        id !== write.replay.resourceId
      ) {
        problems.push(
          `${write.kind} key ${write.replay.request.key}: replay answered ${response.status} ` +
            `(replayed: ${response.headers.get('idempotent-replayed') ?? 'no'}, id ${String(id)}), ` +
            `expected ${write.status} with ${write.replay.resourceId}`,
        );
      }
    }
    return problems;
  },
};

const unacknowledgedKeysRetry: ApiInvariantCheck = {
  name: 'idempotent-retry-unacknowledged',
  why: 'A client that lost the answer retries with the same key: it gets "still running" (409), the stored answer, or a fresh creation, and afterwards the resource exists at most once; a creation answered 2xx now exists.',
  async run(ctx) {
    const problems: string[] = [];
    for (const attempt of ctx.ledger.attemptsOf(ctx.iteration)) {
      if (attempt.acknowledged || !attempt.request) continue;
      // Sub-records of a participant name its version (If-Match), which the retry no longer knows; their
      // replays are covered by the state checks creations-not-duplicated and idempotency-keys-settled.
      if (attempt.table.startsWith('participant_') && attempt.table !== 'participant_case') continue;
      const response = await replay(ctx.api, attempt.request);
      const column = CHECKED_TABLES[attempt.table].markerColumn;
      const found = await ctx.db.query<{ n: string }>(
        `select count(*) as n from ${attempt.table} where ${column} = $1`,
        [attempt.marker],
      );
      const n = Number(found.rows[0]?.n ?? 0);
      if (response.status >= 500) problems.push(`${attempt.kind} ${attempt.marker}: retry answered ${response.status}`);
      if (response.status === 422) {
        problems.push(`${attempt.kind} ${attempt.marker}: retry with the same content refused as another request`);
      }
      if (n > 1) problems.push(`${attempt.kind} ${attempt.marker}: exists ${n} times after the retry`);
      if (response.status >= 200 && response.status < 300 && n !== 1) {
        problems.push(`${attempt.kind} ${attempt.marker}: retry answered ${response.status} but ${n} rows exist`);
      }
    }
    return problems;
  },
};

export const API_CHECKS: readonly ApiInvariantCheck[] = [acknowledgedKeysReplay, unacknowledgedKeysRetry];
