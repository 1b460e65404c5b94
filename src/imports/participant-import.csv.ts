// Reading an uploaded CSV file: UTF-8 (a BOM is allowed; anything else is refused with a hint to save it as
// "CSV UTF-8"), ';' or ',' as delimiter (detected from the header), quoted cells per RFC 4180. Parsed by
// csv-parse; each record keeps the line it ends on, which is the row number every problem names.
import { CsvError, parse } from 'csv-parse/sync';
import { detectDelimiter, type ImportProblem } from './participant-import.rules.ts';

export interface CsvRecord {
  row: number;
  cells: string[];
}

export interface ParsedCsv {
  header: string[];
  records: CsvRecord[];
  problems: ImportProblem[];
}

const decoder = new TextDecoder('utf-8', { fatal: true });

function fileProblem(code: string, message: string, row: number | null = null): ImportProblem {
  return { row, column: null, code, message, severity: 'error' };
}

export function parseCsv(content: Uint8Array): ParsedCsv {
  let text: string;
  try {
    text = decoder.decode(content);
  } catch {
    return {
      header: [],
      records: [],
      problems: [fileProblem('encoding', 'the file is not UTF-8: save it as "CSV UTF-8" and upload it again')],
    };
  }
  if (text.replace(/^\uFEFF/, '').trim() === '') {
    return { header: [], records: [], problems: [fileProblem('empty', 'the file is empty')] };
  }
  let parsed: { record: string[]; info: { lines: number } }[];
  try {
    parsed = parse(text, {
      bom: true,
      delimiter: detectDelimiter(text),
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: false,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines;
      return {
        header: [],
        records: [],
        problems: [fileProblem('malformed_csv', `the file is not valid CSV (${error.code})`, line ?? null)],
      };
    }
    throw error;
  }
  const [first, ...rest] = parsed;
  const header = first?.record ?? [];
  const problems: ImportProblem[] = [];
  const records: CsvRecord[] = [];
  for (const { record, info } of rest) {
    if (record.length !== header.length) {
      problems.push({
        row: info.lines,
        column: null,
        code: 'column_count',
        message: `${record.length} cells where the header has ${header.length} columns`,
        severity: 'error',
      });
      continue;
    }
    records.push({ row: info.lines, cells: record });
  }
  if (records.length === 0 && problems.length === 0) problems.push(fileProblem('no_rows', 'the file has no data rows'));
  return { header, records, problems };
}
