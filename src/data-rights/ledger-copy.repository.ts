// SQL of the deletion-ledger copy (ledger-copy.service.ts): reading a tenant's ledger losslessly and writing entries
// of another copy back with their own sequence numbers. Every function runs inside the caller's tenant transaction.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../database.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface LedgerCopyRow {
  municipality_id: string;
  seq: string;
  participant_id: string;
  subject: string;
  action: string;
  class: string;
  reason: string;
  /** ISO 8601 with microseconds, as PostgreSQL stores it (a JS Date would cut the microseconds off). */
  executed_at: string;
  executed_by: string | null;
  evidence: unknown;
}

export async function ledgerRows(trx: Db): Promise<LedgerCopyRow[]> {
  const result = await sql<LedgerCopyRow>`
    select municipality_id, seq::text as seq, participant_id, subject, action, class, reason,
           to_json(executed_at) #>> '{}' as executed_at, executed_by, evidence
      from deletion_ledger order by seq`.execute(trx);
  return result.rows;
}

/** Inserts an entry of a copy: with its own seq (overriding the identity), or a new one when `seq` is null. */
export async function insertLedgerCopyRow(trx: Db, row: LedgerCopyRow, seq: string | null): Promise<void> {
  const values = sql`${row.municipality_id}, ${row.participant_id}, ${row.subject}, ${row.action}, ${row.class},
    ${row.reason}, ${row.executed_at}::timestamptz, ${row.executed_by}, ${JSON.stringify(row.evidence)}::jsonb`;
  if (seq === null) {
    await sql`insert into deletion_ledger
                (municipality_id, participant_id, subject, action, class, reason, executed_at, executed_by, evidence)
              values (${values})`.execute(trx);
  } else {
    await sql`insert into deletion_ledger
                (seq, municipality_id, participant_id, subject, action, class, reason, executed_at, executed_by, evidence)
              overriding system value values (${seq}::bigint, ${values})`.execute(trx);
  }
}

/**
 * After inserting with explicit numbers: the identity (one for every tenant) continues above the highest one of
 * the transaction's tenant, unless it is there already. Needs the owner role (setval).
 */
export async function advanceLedgerSequence(trx: Db): Promise<void> {
  await sql`select setval(x.s, x.m)
              from (select pg_get_serial_sequence('deletion_ledger', 'seq')::regclass as s, max(seq) as m
                      from deletion_ledger) x
             where x.m is not null and x.m > coalesce(pg_sequence_last_value(x.s), 0)`.execute(trx);
}
