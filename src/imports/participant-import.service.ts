// Participant imports (`durchstarten import participants FILE.csv` and the upload page): the whole file is
// validated first; nothing is imported unless every row is valid, or — with skipInvalid — the valid rows are
// imported and the others reported. Rows are matched by external id: an unchanged row does nothing, a changed
// one updates the fields that changed (audited with their names) and adds residence statuses, languages and
// schooling the record does not have yet; the histories are never overwritten. Writing goes in batches, each
// its own transaction that also moves the import's progress, so the upload page can show it.
//
// Audit: one entry per created or changed participant (as intake and editing write them) and one per import
// with its counts. An API import runs in the background after the request; the command line waits for it.
import type { Kysely, Transaction } from 'kysely';
import { authorize, type Actor } from '../access/access.rules.ts';
import { appendAudit, auditActorOf } from '../audit/audit.service.ts';
import { localDate } from '../cases/case.rules.ts';
import type { Database } from '../database.ts';
import { withTenant } from '../platform/db/rls.ts';
import { AppError } from '../platform/errors.ts';
import { after, parseSort, readCursor, toPage } from '../platform/http/listing.ts';
import type { RequestMeta } from '../platform/http/request-meta.ts';
import { parseCsv } from './participant-import.csv.ts';
import {
  findImport,
  findMunicipality,
  insertImport,
  listImports,
  updateImport,
  type ImportRow,
} from './participant-import.repository.ts';
import type { ImportProblem } from './participant-import.rules.ts';
import type { ListImportsQuery, ParticipantImport, ParticipantImportPage } from './participant-import.schema.ts';
import { validateImport, type PreparedRow, type Validation } from './participant-import.validation.ts';
import { writeBatch } from './participant-import.writer.ts';

/** Rows written per transaction. */
const BATCH = 500;
/** Problems kept with the import (the command line's report has all of them). */
const STORED_PROBLEMS = 1000;

export interface ImportServiceOptions {
  db: Kysely<Database>;
  now?: () => Date;
  onEligibilityInputsChanged?: (trx: Transaction<Database>, actor: Actor, participantId: string) => Promise<void>;
}

export interface ImportProgress {
  processed: number;
  total: number;
}

export interface ImportOutcome {
  import: ParticipantImport;
  /** Every problem, also beyond those stored with the import. */
  problems: ImportProblem[];
}

export interface DryRunOutcome {
  totalRows: number;
  invalidRows: number;
  creates: number;
  updates: number;
  unchanged: number;
  problems: ImportProblem[];
}

function present(row: ImportRow): ParticipantImport {
  const problems = Array.isArray(row.errors) ? (row.errors as ImportProblem[]) : [];
  return {
    id: row.id,
    fileName: row.file_name,
    status: row.status,
    skipInvalid: row.skip_invalid,
    totalRows: row.total_rows,
    processedRows: row.processed_rows,
    createdRows: row.created_rows,
    updatedRows: Math.max(0, row.processed_rows - row.skipped_rows - row.created_rows - row.unchanged_rows),
    unchangedRows: row.unchanged_rows,
    skippedRows: row.skipped_rows,
    problems,
    createdAt: row.created_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
}

function storedProblems(problems: readonly ImportProblem[]): string {
  const kept: ImportProblem[] = problems.slice(0, STORED_PROBLEMS);
  if (problems.length > STORED_PROBLEMS) {
    kept.push({
      row: null,
      column: null,
      code: 'more_problems',
      message: `${problems.length - STORED_PROBLEMS} further problems are not listed; correct these and validate again`,
      severity: problems.slice(STORED_PROBLEMS).some((p) => p.severity === 'error') ? 'error' : 'warning',
    });
  }
  return JSON.stringify(kept);
}

const hasErrors = (problems: readonly ImportProblem[]) => problems.some((problem) => problem.severity === 'error');

export function createParticipantImportService(options: ImportServiceOptions) {
  const { db } = options;
  const now = options.now ?? (() => new Date());
  const running = new Set<Promise<unknown>>();

  async function allowCreate(
    actor: Actor | null,
    meta: RequestMeta,
  ): Promise<{ actor: Actor; municipalityId: string }> {
    if (!actor) throw new AppError('unauthenticated', 'Sign in first.');
    const municipalityId = actor.activeMunicipalityId;
    if (municipalityId === null) throw new AppError('forbidden', 'Choose the municipality you work for first.');
    const decision = authorize(actor, 'create', { resource: 'participant', municipalityId });
    if (!decision.allowed) {
      await withTenant(db, { municipalityId, userId: actor.userId }, (trx) =>
        appendAudit(trx, {
          municipalityId,
          actor: auditActorOf(actor),
          action: 'create',
          resourceType: 'participant_import',
          outcome: 'denied',
          request: meta,
          details: { reason: decision.reason },
        }),
      );
      throw new AppError('forbidden', 'You may not import participants.');
    }
    return { actor, municipalityId };
  }

  async function validate(content: Uint8Array, actor: Actor | null, municipalityId: string): Promise<Validation> {
    const csv = parseCsv(content);
    return withTenant(db, { municipalityId, userId: actor?.userId ?? null }, (trx) =>
      validateImport(trx, csv, { actor, municipalityId, today: localDate(now()) }),
    );
  }

  /** Validates, then imports (or refuses), keeping the import row up to date; never throws for bad input. */
  async function execute(
    importRow: ImportRow,
    content: Uint8Array,
    context: { actor: Actor | null; municipalityId: string; meta: RequestMeta | undefined },
    onProgress?: (progress: ImportProgress) => void,
  ): Promise<ImportOutcome> {
    const { actor, municipalityId, meta } = context;
    const scope = { municipalityId, userId: actor?.userId ?? null };
    const finish = async (
      values: Parameters<typeof updateImport>[2],
      outcome: 'success' | 'failure',
      details: Record<string, number | string>,
    ) =>
      withTenant(db, scope, async (trx) => {
        await updateImport(trx, importRow.id, { ...values, finished_at: now() });
        await appendAudit(trx, {
          municipalityId,
          actor: actor ? auditActorOf(actor) : null,
          action: 'create',
          resourceType: 'participant_import',
          resourceId: importRow.id,
          outcome,
          request: meta,
          details,
        });
        return present((await findImport(trx, importRow.id)) ?? importRow);
      });

    let validation: Validation | undefined;
    try {
      validation = await validate(content, actor, municipalityId);
      const { problems, totalRows, invalidRows } = validation;
      const warnings = problems.filter((p) => p.severity === 'warning').length;
      if (
        hasErrors(problems) &&
        (!importRow.skip_invalid || validation.rows.length === 0 || problems.some((p) => p.row === null || p.row === 1))
      ) {
        const stored = await finish(
          { status: 'invalid', total_rows: totalRows, errors: storedProblems(problems) },
          'success',
          {
            status: 'invalid',
            rows: totalRows,
            invalidRows,
            problems: problems.length,
          },
        );
        return { import: stored, problems };
      }
      await withTenant(db, scope, (trx) =>
        updateImport(trx, importRow.id, {
          status: 'importing',
          total_rows: totalRows,
          skipped_rows: invalidRows,
          processed_rows: invalidRows,
          errors: storedProblems(problems),
        }),
      );
      let processed = invalidRows;
      const totals = { created: 0, updated: 0, unchanged: 0 };
      onProgress?.({ processed, total: totalRows });
      for (let offset = 0; offset < validation.rows.length; offset += BATCH) {
        const batch: PreparedRow[] = validation.rows.slice(offset, offset + BATCH);
        const result = await withTenant(db, scope, (trx) =>
          writeBatch(trx, batch, {
            municipalityId,
            importId: importRow.id,
            actor,
            meta,
            now: now(),
            onEligibilityInputsChanged: options.onEligibilityInputsChanged,
          }),
        );
        totals.created += result.created;
        totals.updated += result.updated;
        totals.unchanged += result.unchanged;
        processed += batch.length;
        onProgress?.({ processed, total: totalRows });
      }
      const stored = await finish({ status: 'succeeded' }, 'success', {
        status: 'succeeded',
        rows: totalRows,
        created: totals.created,
        updated: totals.updated,
        unchanged: totals.unchanged,
        skipped: invalidRows,
        warnings,
      });
      return { import: stored, problems };
    } catch (error) {
      // Batches written so far stay (each was complete); importing the file again continues idempotently.
      const problems = [
        ...(validation?.problems ?? []),
        {
          row: null,
          column: null,
          code: 'interrupted',
          message:
            'the import stopped because of an internal error; rows written so far stay — import the file again to complete it',
          severity: 'error' as const,
        },
      ];
      await finish({ status: 'failed', errors: storedProblems(problems) }, 'failure', { status: 'failed' }).catch(
        () => undefined,
      );
      throw error;
    }
  }

  return {
    /**
     * API: records the upload and validates and imports it in the background; the upload page follows the
     * import's status and progress. Returns the new import (status "validating").
     */
    async start(
      actorOrNull: Actor | null,
      input: { fileName: string; skipInvalid: boolean; content: Uint8Array },
      meta: RequestMeta,
    ): Promise<ParticipantImport> {
      const { actor, municipalityId } = await allowCreate(actorOrNull, meta);
      const row = await withTenant(db, { municipalityId, userId: actor.userId }, (trx) =>
        insertImport(trx, {
          municipality_id: municipalityId,
          file_name: input.fileName,
          skip_invalid: input.skipInvalid,
          created_by: actor.userId,
        }),
      );
      const task = execute(row, input.content, { actor, municipalityId, meta }).catch(() => undefined);
      running.add(task);
      void task.finally(() => running.delete(task));
      return present(row);
    },

    async get(actorOrNull: Actor | null, id: string, meta: RequestMeta): Promise<ParticipantImport> {
      const { actor, municipalityId } = await allowCreate(actorOrNull, meta);
      const row = await withTenant(db, { municipalityId, userId: actor.userId }, (trx) => findImport(trx, id));
      if (!row) throw new AppError('not_found', 'No such import.');
      return present(row);
    },

    async list(actorOrNull: Actor | null, query: ListImportsQuery, meta: RequestMeta): Promise<ParticipantImportPage> {
      const { actor, municipalityId } = await allowCreate(actorOrNull, meta);
      const order = parseSort(query.sort);
      const position = readCursor(query.cursor, query.sort);
      const rows = await withTenant(db, { municipalityId, userId: actor.userId }, (trx) =>
        listImports(trx, {
          status: query.status,
          direction: order.direction,
          after: position ? (createdAt, rowId) => after(createdAt, rowId, order, position) : undefined,
          limit: query.limit + 1,
        }),
      );
      return toPage(
        rows,
        query.limit,
        query.sort,
        (row) => ({ value: row.created_at.toISOString(), id: row.id }),
        present,
      );
    },

    /** The municipality an operator names on the command line (id or exact name). */
    async municipality(idOrName: string): Promise<{ id: string; name: string }> {
      const found = await findMunicipality(db, idOrName);
      if (!found) throw new AppError('not_found', `No municipality "${idOrName}".`);
      return found;
    },

    /** The command line: the operator imports into a municipality, audited as the system; waits for the end. */
    async importAsOperator(
      municipalityId: string,
      input: { fileName: string; skipInvalid: boolean; content: Uint8Array },
      onProgress?: (progress: ImportProgress) => void,
    ): Promise<ImportOutcome> {
      const row = await withTenant(db, { municipalityId, userId: null }, (trx) =>
        insertImport(trx, {
          municipality_id: municipalityId,
          file_name: input.fileName,
          skip_invalid: input.skipInvalid,
          created_by: null,
        }),
      );
      return execute(row, input.content, { actor: null, municipalityId, meta: undefined }, onProgress);
    },

    /** The command line's --dry-run: what an import would do, writing nothing. */
    async dryRun(municipalityId: string, content: Uint8Array): Promise<DryRunOutcome> {
      const validation = await validate(content, null, municipalityId);
      const count = (kind: PreparedRow['kind']) => validation.rows.filter((row) => row.kind === kind).length;
      return {
        totalRows: validation.totalRows,
        invalidRows: validation.invalidRows,
        creates: count('create'),
        updates: count('update'),
        unchanged: count('unchanged'),
        problems: validation.problems,
      };
    },

    /** Resolves when no background import of this process runs any more (shutdown, tests). */
    async idle(): Promise<void> {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}

export type ParticipantImportService = ReturnType<typeof createParticipantImportService>;
