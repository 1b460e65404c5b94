// Copies of the deletion ledger outside the database, so that a restore from an older backup can still learn of
// the erasures made after that backup (docs/data-protection.md, "Deletion ledger"; docs/operations.md, "Backup").
//
// The copy is a JSON-lines file (one ledger entry per line, no personal data) kept next to the backups. The
// scheduled job rewrites it as the UNION of the file and the database (atomically), so an entry once copied is
// never dropped again, even when the database it came from is lost or replaced. A restore merges every copy it is
// given (files, or the database being replaced) into the restored database — union by (municipality, seq), no
// duplicates — before re-applying the ledger.
import { readFile } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../database.ts';
import { writeFileAtomically } from '../platform/db/backup/atomic-file.ts';
import { withTenant } from '../platform/db/rls.ts';
import { municipalityIds } from './data-rights.repository.ts';
import {
  advanceLedgerSequence,
  insertLedgerCopyRow,
  ledgerRows,
  type LedgerCopyRow,
} from './ledger-copy.repository.ts';

/** The copy's file name in the backup directory. */
export const LEDGER_COPY_FILE = 'deletion-ledger.jsonl';

const entrySchema = z.object({
  municipalityId: z.uuid(),
  seq: z.string().regex(/^\d+$/),
  participantId: z.uuid(),
  subject: z.enum(['participant', 'consent_data']),
  action: z.enum(['anonymise', 'delete']),
  class: z.string().min(1).max(40),
  reason: z.string().min(1).max(500),
  executedAt: z.string().min(1),
  executedBy: z.uuid().nullable(),
  evidence: z.unknown(),
});

export type LedgerCopyEntry = z.infer<typeof entrySchema>;

export class LedgerCopyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LedgerCopyError';
  }
}

function toEntry(row: LedgerCopyRow): LedgerCopyEntry {
  return entrySchema.parse({
    municipalityId: row.municipality_id,
    seq: row.seq,
    participantId: row.participant_id,
    subject: row.subject,
    action: row.action,
    class: row.class,
    reason: row.reason,
    executedAt: row.executed_at,
    executedBy: row.executed_by,
    evidence: row.evidence,
  });
}

function toRow(entry: LedgerCopyEntry): LedgerCopyRow {
  return {
    municipality_id: entry.municipalityId,
    seq: entry.seq,
    participant_id: entry.participantId,
    subject: entry.subject,
    action: entry.action,
    class: entry.class,
    reason: entry.reason,
    executed_at: entry.executedAt,
    executed_by: entry.executedBy,
    evidence: entry.evidence ?? {},
  };
}

/** Same entry: the ledger's key plus what it says about whom (a renumbered copy of an entry stays one entry). */
function identity(entry: Pick<LedgerCopyEntry, 'municipalityId' | 'seq' | 'participantId' | 'subject' | 'action'>) {
  return `${entry.municipalityId}:${entry.seq}:${entry.participantId}:${entry.subject}:${entry.action}`;
}

/** Every municipality's ledger (tenant by tenant, as any role may read it), oldest first. */
export async function readLedger(db: Kysely<Database>): Promise<LedgerCopyEntry[]> {
  const entries: LedgerCopyEntry[] = [];
  for (const municipalityId of await municipalityIds(db)) {
    const rows = await withTenant(db, { municipalityId, userId: null }, (trx) => ledgerRows(trx));
    entries.push(...rows.map(toEntry));
  }
  return entries;
}

/** The entries of a copy file; a missing file is an empty copy. */
export async function readLedgerFile(path: string): Promise<LedgerCopyEntry[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return [];
    throw error;
  }
  const entries: LedgerCopyEntry[] = [];
  for (const [index, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      throw new LedgerCopyError(`${path}, line ${index + 1}: not JSON.`);
    }
    const result = entrySchema.safeParse(parsed);
    if (!result.success) throw new LedgerCopyError(`${path}, line ${index + 1}: not a deletion-ledger entry.`);
    entries.push(result.data);
  }
  return entries;
}

/** The union of ledgers without duplicates, ordered by municipality and seq. */
export function unionLedgers(...ledgers: readonly (readonly LedgerCopyEntry[])[]): LedgerCopyEntry[] {
  const union = new Map<string, LedgerCopyEntry>();
  for (const ledger of ledgers)
    for (const entry of ledger) if (!union.has(identity(entry))) union.set(identity(entry), entry);
  return [...union.values()].sort(
    (a, b) => a.municipalityId.localeCompare(b.municipalityId) || Number(BigInt(a.seq) - BigInt(b.seq)),
  );
}

export async function writeLedgerFile(path: string, entries: readonly LedgerCopyEntry[]): Promise<void> {
  await writeFileAtomically(path, entries.map((entry) => `${JSON.stringify(entry)}\n`).join(''));
}

/** The scheduled copy: file := file ∪ database. */
export async function exportLedgerCopy(
  db: Kysely<Database>,
  file: string,
): Promise<{ entries: number; added: number }> {
  const before = await readLedgerFile(file);
  const union = unionLedgers(before, await readLedger(db));
  await writeLedgerFile(file, union);
  return { entries: union.length, added: union.length - before.length };
}

export interface LedgerMerge {
  /** Entries of the copies that the database did not hold and now does. */
  inserted: number;
  /** Of those, entries whose number was taken by a different entry (written with a new number). */
  renumbered: number;
  alreadyPresent: number;
  /** Entries of municipalities the database does not have (nobody of theirs can come back). */
  unknownMunicipality: number;
}

/**
 * Merges copies of the ledger into a database (after a restore, as the owner, before reapplyDeletionLedger): every
 * entry the database lacks is inserted with its own number; the identity then continues above the highest.
 */
export async function mergeLedger(db: Kysely<Database>, entries: readonly LedgerCopyEntry[]): Promise<LedgerMerge> {
  const report: LedgerMerge = { inserted: 0, renumbered: 0, alreadyPresent: 0, unknownMunicipality: 0 };
  const municipalities = new Set(await municipalityIds(db));
  const byMunicipality = new Map<string, LedgerCopyEntry[]>();
  for (const entry of unionLedgers(entries)) {
    if (!municipalities.has(entry.municipalityId)) {
      report.unknownMunicipality += 1;
      continue;
    }
    byMunicipality.set(entry.municipalityId, [...(byMunicipality.get(entry.municipalityId) ?? []), entry]);
  }
  for (const [municipalityId, own] of byMunicipality) {
    await withTenant(db, { municipalityId, userId: null }, async (trx) => {
      const present = (await ledgerRows(trx)).map(toEntry);
      const known = new Set(present.map(identity));
      const taken = new Set(present.map((entry) => entry.seq));
      const renumber: LedgerCopyEntry[] = [];
      for (const entry of own) {
        if (known.has(identity(entry))) {
          report.alreadyPresent += 1;
        } else if (taken.has(entry.seq)) {
          renumber.push(entry);
        } else {
          await insertLedgerCopyRow(trx, toRow(entry), entry.seq);
          taken.add(entry.seq);
          report.inserted += 1;
        }
      }
      // Numbers taken by a different entry: new numbers, drawn only after the identity is above every kept one.
      await advanceLedgerSequence(trx);
      for (const entry of renumber) await insertLedgerCopyRow(trx, toRow(entry), null);
      report.inserted += renumber.length;
      report.renumbered += renumber.length;
    });
  }
  return report;
}
