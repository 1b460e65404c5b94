// Participant imports: a CSV file validated as a whole and then imported in batches (the upload page polls the
// progress). Shared by the API (validation, OpenAPI, response allow-lists) and the web.
import { z } from 'zod';
import { listQuerySchema, pageSchema } from '../platform/http/listing.ts';

export const importStatuses = ['validating', 'invalid', 'importing', 'succeeded', 'failed'] as const;
export type ImportStatus = (typeof importStatuses)[number];

export const importProblemSchema = z
  .object({
    row: z
      .number()
      .int()
      .positive()
      .nullable()
      .describe('Line of the file (the header is line 1); null: the whole file'),
    column: z.string().nullable().describe('The documented column; null when not one column’s'),
    code: z.string(),
    message: z.string(),
    severity: z.enum(['error', 'warning']).describe('Warnings (e.g. a similar existing record) do not stop the row'),
  })
  .meta({ id: 'ImportProblem' });

export const participantImportSchema = z
  .object({
    id: z.uuid(),
    fileName: z.string(),
    status: z.enum(importStatuses),
    skipInvalid: z.boolean(),
    totalRows: z.number().int().min(0),
    processedRows: z.number().int().min(0),
    createdRows: z.number().int().min(0),
    updatedRows: z.number().int().min(0),
    unchangedRows: z.number().int().min(0),
    skippedRows: z.number().int().min(0),
    problems: z.array(importProblemSchema).describe('Every problem with row and column; never a cell value'),
    createdAt: z.iso.datetime(),
    finishedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'ParticipantImport' });
export type ParticipantImport = z.infer<typeof participantImportSchema>;

export const startImportQuerySchema = z.strictObject({
  skipInvalid: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true')
    .describe('Import the valid rows and report the others (default: import nothing unless every row is valid)'),
  fileName: z.string().trim().min(1).max(255).default('import.csv').describe('The name of the uploaded file'),
});
export type StartImportQuery = z.infer<typeof startImportQuerySchema>;

export const importIdParamsSchema = z.strictObject({ id: z.uuid() });

export const listImportsQuerySchema = listQuerySchema({
  sort: ['createdAt'],
  defaultSort: '-createdAt',
  filters: { status: z.enum(importStatuses).optional() },
});
export type ListImportsQuery = z.infer<typeof listImportsQuerySchema>;

export const participantImportPageSchema = pageSchema(participantImportSchema, 'ParticipantImportPage');
export type ParticipantImportPage = z.infer<typeof participantImportPageSchema>;
