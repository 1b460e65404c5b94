// SQL of the documents of a case, stored in the database (every app instance and every backup has them). The
// content is read only for a download; lists and lookups leave it out.
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Database } from '../database.ts';
import type { CaseDocumentTable } from './case.table.ts';
import { cursorTime, keysetCondition, type ChildKeys, type Keyset } from './case-work.repository.ts';

type Db = Kysely<Database> | Transaction<Database>;

// --- Documents ---------------------------------------------------------------------------------------------

export type DocumentRow = Omit<Selectable<CaseDocumentTable>, 'content'>;
export type DocumentValues = Pick<
  Selectable<CaseDocumentTable>,
  'title' | 'kind' | 'file_name' | 'content_type' | 'size_bytes' | 'sha256' | 'content'
>;

const documentColumns = [
  'x.municipality_id',
  'x.id',
  'x.case_id',
  'x.participant_id',
  'x.title',
  'x.kind',
  'x.file_name',
  'x.content_type',
  'x.size_bytes',
  'x.sha256',
  'x.created_by',
  'x.created_at',
  'x.updated_at',
  'x.version',
] as const;

export async function insertDocument(db: Db, values: ChildKeys & DocumentValues): Promise<string> {
  const row = await db.insertInto('case_document').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** The document's facts without its content. */
export async function findDocument(db: Db, caseId: string, id: string): Promise<DocumentRow | undefined> {
  return db
    .selectFrom('case_document as x')
    .select(documentColumns)
    .where('x.case_id', '=', caseId)
    .where('x.id', '=', id)
    .executeTakeFirst();
}

export async function readDocumentContent(db: Db, caseId: string, id: string): Promise<Buffer | undefined> {
  const row = await db
    .selectFrom('case_document')
    .select('content')
    .where('case_id', '=', caseId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.content;
}

/** Whether a consent names the document as its signed form (it must then stay). */
export async function isConsentDocument(db: Db, documentId: string): Promise<boolean> {
  const row = await db
    .selectFrom('participant_consent')
    .select('id')
    .where('document_id', '=', documentId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function deleteDocument(db: Db, caseId: string, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom('case_document')
    .where('case_id', '=', caseId)
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function listDocuments(
  db: Db,
  caseId: string,
  filter: { kind?: string | undefined },
  sort: 'createdAt' | 'title',
  keyset: Keyset,
): Promise<(DocumentRow & { sort_key: string })[]> {
  const value = sort === 'title' ? sql`lower(x.title)` : sql`x.created_at`;
  let query = db
    .selectFrom('case_document as x')
    .select(documentColumns)
    .select((sort === 'title' ? sql<string>`lower(x.title)` : cursorTime(sql`x.created_at`)).as('sort_key'))
    .where('x.case_id', '=', caseId);
  if (filter.kind) query = query.where('x.kind', '=', filter.kind as DocumentRow['kind']);
  return query
    .where(keysetCondition(value, sort === 'title' ? 'text' : 'timestamptz', keyset))
    .orderBy(value, keyset.direction)
    .orderBy('x.id', keyset.direction)
    .limit(keyset.limit)
    .execute();
}
