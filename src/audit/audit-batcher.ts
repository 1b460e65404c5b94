// Group commit for the audit entries of reads (docs/audit-log.md, "How read audits are written").
//
// Why: appending an entry locks its chain's head until the transaction commits (the insert trigger of
// 20261129_0004_audit.ts). With the entry inside the read's own transaction, every read of a municipality queued
// behind the previous one's commit (and its WAL flush): under 50 concurrent readers the chain lock, not the reads,
// set the pace. Here the read's transaction only reads; its entry is handed to this batcher, which appends the
// entries of all concurrent requests of one chain with appendAuditBulk in ONE transaction, and each request awaits
// that commit before it answers. The guarantee is unchanged: no personal data leaves without its audit entry
// committed — if the batch fails, every request of it fails with a 503 and sends nothing.
//
// Batching is "natural": an entry arriving while no batch of its chain is being written starts one at once (no
// added latency when the system is quiet); entries arriving while a batch is being written wait for it and go
// together into the next one. So batches grow with the load, and a chain has at most one append in flight — more
// would only queue on the chain's lock. A fixed window (collect for N ms) would add its N ms to every read when the
// system is quiet and batch no better under load, where the write in flight already collects the next batch.
//
// Writes do NOT come here: a change keeps its entry in its own transaction, so that both commit or neither does.
import { AsyncResource } from 'node:async_hooks';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../database.ts';
import { TENANT_SETTING, USER_SETTING } from '../platform/db/rls.ts';
import { AppError } from '../platform/errors.ts';
import { chainKeyFor, auditEntryProblems } from './audit.rules.ts';
import { appendAuditBulk, AuditEntryError, type AuditEntry } from './audit.service.ts';

/** Most entries per batch (one statement, one transaction); more waiting entries go into the next batch. */
export const DEFAULT_MAX_BATCH = 256;

export interface AuditBatcherOptions {
  db: Kysely<Database>;
  maxBatch?: number;
  /** Called once per failed batch (for the log); the requests of the batch fail in any case. */
  onBatchError?: (error: unknown, entries: number) => void;
}

export interface AuditBatcher {
  /**
   * Appends a read's entry together with the entries of concurrent reads of the same chain. Resolves when the entry
   * is committed; rejects with a 503 problem when it could not be (answer nothing then).
   */
  append(entry: AuditEntry): Promise<void>;
  /** Resolves when every entry handed in so far is written or has failed (for shutdown). */
  drain(): Promise<void>;
}

interface Pending {
  entry: AuditEntry;
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface ChainQueue {
  municipalityId: string | null;
  waiting: Pending[];
  writing: Promise<void> | null;
}

export function createAuditBatcher(options: AuditBatcherOptions): AuditBatcher {
  const { db } = options;
  const maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
  const chains = new Map<string, ChainQueue>();
  // The writing loop is started by whichever request hands in an entry first. It runs in the batcher's own
  // asynchronous context, not that request's: nothing request-scoped (such as an Idempotency-Key commit mark,
  // platform/db/commit-marks.ts) may travel into a transaction that carries other requests' entries.
  const scope = new AsyncResource('AuditBatcher');

  async function writeBatch(municipalityId: string | null, entries: readonly AuditEntry[]): Promise<void> {
    // A plain transaction, not withTenant/inTransaction: see `scope` above.
    await db.transaction().execute(async (trx) => {
      await sql`select set_config(${TENANT_SETTING}, ${municipalityId ?? ''}, true),
                       set_config(${USER_SETTING}, '', true)`.execute(trx);
      await appendAuditBulk(trx, entries);
    });
  }

  async function writeAll(chain: ChainQueue): Promise<void> {
    while (chain.waiting.length > 0) {
      const batch = chain.waiting.splice(0, maxBatch);
      try {
        await writeBatch(
          chain.municipalityId,
          batch.map((pending) => pending.entry),
        );
      } catch (error) {
        const problem = new AppError(
          'unavailable',
          'The access could not be recorded in the audit log, so nothing was sent; try again.',
          { headers: { 'retry-after': '1' }, cause: error },
        );
        for (const pending of batch) pending.reject(problem);
        try {
          options.onBatchError?.(error, batch.length);
        } catch {
          // A failing log call must not stop the loop: the entries waiting behind this batch would never settle.
        }
        continue;
      }
      for (const pending of batch) pending.resolve();
    }
  }

  function startWriting(key: string, chain: ChainQueue): void {
    chain.writing = scope.runInAsyncScope(() =>
      writeAll(chain).finally(() => {
        chain.writing = null;
        // An entry may have arrived between the loop's last check and here: it must not be stranded.
        if (chain.waiting.length > 0) startWriting(key, chain);
        else chains.delete(key);
      }),
    );
  }

  return {
    append(entry: AuditEntry): Promise<void> {
      // An invalid entry is a programming error of its caller: refused alone, before it can spoil a batch.
      const problems = auditEntryProblems(entry);
      if (problems.length > 0) return Promise.reject(new AuditEntryError(problems));
      const key = chainKeyFor(entry.municipalityId);
      let chain = chains.get(key);
      if (!chain) {
        chain = { municipalityId: entry.municipalityId, waiting: [], writing: null };
        chains.set(key, chain);
      }
      const queued = chain;
      const committed = new Promise<void>((resolve, reject) => queued.waiting.push({ entry, resolve, reject }));
      if (!queued.writing) startWriting(key, queued);
      return committed;
    },

    async drain(): Promise<void> {
      while (chains.size > 0) {
        await Promise.all([...chains.values()].flatMap((chain) => (chain.writing ? [chain.writing] : [])));
      }
    },
  };
}
