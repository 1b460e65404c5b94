// SQL of the documents of innovation proposals, stored in the database like case documents. The content is
// read only for a download; lists and lookups leave it out.
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database } from '../database.ts';
import type { InnovationDocumentTable } from './innovation.table.ts';

type Db = Kysely<Database> | Transaction<Database>;

// --- Documents ---------------------------------------------------------------------------------------------

export type DocumentRow = Omit<Selectable<InnovationDocumentTable>, 'content'>;

const documentColumns = [
  'municipality_id',
  'id',
  'proposal_id',
  'title',
  'kind',
  'file_name',
  'content_type',
  'size_bytes',
  'sha256',
  'created_by',
  'created_at',
  'updated_at',
  'version',
] as const;

export async function insertDocument(
  db: Db,
  values: Omit<InnovationDocumentTable, 'id' | 'version' | 'created_at' | 'updated_at'>,
): Promise<string> {
  const row = await db.insertInto('innovation_document').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function documentsOf(db: Db, municipalityId: string, proposalId: string): Promise<DocumentRow[]> {
  return db
    .selectFrom('innovation_document')
    .select(documentColumns)
    .where('municipality_id', '=', municipalityId)
    .where('proposal_id', '=', proposalId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function findDocument(
  db: Db,
  municipalityId: string,
  proposalId: string,
  id: string,
): Promise<DocumentRow | undefined> {
  return db
    .selectFrom('innovation_document')
    .select(documentColumns)
    .where('municipality_id', '=', municipalityId)
    .where('proposal_id', '=', proposalId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function readDocumentContent(
  db: Db,
  municipalityId: string,
  proposalId: string,
  id: string,
): Promise<Buffer | undefined> {
  const row = await db
    .selectFrom('innovation_document')
    .select('content')
    .where('municipality_id', '=', municipalityId)
    .where('proposal_id', '=', proposalId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.content;
}

export async function deleteDocument(db: Db, municipalityId: string, proposalId: string, id: string): Promise<void> {
  await db
    .deleteFrom('innovation_document')
    .where('municipality_id', '=', municipalityId)
    .where('proposal_id', '=', proposalId)
    .where('id', '=', id)
    .execute();
}
