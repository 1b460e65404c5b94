// A mark that must be written in the same transaction as a request's work, so that it commits exactly when the
// work commits. Used by the Idempotency-Key handling (platform/http/idempotency.ts): a creating request marks its
// key "committed" inside its own transaction, so that after a crash between the commit and the stored answer a
// retry with the same key is never carried out a second time.
//
// The mark travels with the request's asynchronous context (AsyncLocalStorage), so services need not know about
// it: every transaction opened through withTenant() or inTransaction() while a mark is set writes it before
// committing (the write is idempotent; a request with several transactions marks on the first commit).
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Kysely, Transaction } from 'kysely';

export type CommitMark = (trx: Kysely<unknown>) => Promise<void>;

const marks = new AsyncLocalStorage<CommitMark>();

/** Runs fn (and everything asynchronous it starts) with the mark set. */
export function runWithCommitMark<T>(mark: CommitMark, fn: () => T): T {
  return marks.run(mark, fn);
}

/** Writes the current context's mark, if any, into the transaction (call it last, just before the commit). */
export async function writeCommitMark(trx: Transaction<unknown>): Promise<void> {
  const mark = marks.getStore();
  if (mark) await mark(trx);
}

/** db.transaction() for request work: the transaction also carries the request's commit mark. */
export async function inTransaction<DB, T>(db: Kysely<DB>, work: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    const result = await work(trx);
    await writeCommitMark(trx as unknown as Transaction<unknown>);
    return result;
  });
}
