// Pure rules of the participant import: the documented CSV columns, reading a header, turning one row into
// the API's create input (validated by the same schema as POST /api/v1/participants), naming every problem
// with its row and column, and deciding whether a row changes an existing record. No I/O.
import type { FieldError } from '../platform/errors.ts';
import type { CreateParticipant } from '../participants/participant.schema.ts';
import type { BirthDatePrecision } from '../participants/participant.codes.ts';

/** A problem of the file or of one row. Never contains a cell value (they may be personal data). */
export interface ImportProblem {
  /** Line of the file (the header is line 1); null for problems of the whole file. */
  row: number | null;
  /** The CSV column, as documented; null when the problem is not one column's. */
  column: string | null;
  code: string;
  message: string;
  /** Warnings are reported but do not stop the row. */
  severity: 'error' | 'warning';
}

interface ColumnSpec {
  /** What the column holds (documentation and the CLI's --help). */
  description: string;
  /** The field of the create input it fills, for naming schema problems by column. */
  field: string;
  required?: boolean;
}

/**
 * The documented column set. Lists (`|`-separated): countries, nationalities, benefits. Dates: YYYY-MM-DD; the
 * birth date may be YYYY-MM or YYYY when only the month or year is known. Booleans: true/false (also ja/nein,
 * yes/no, 1/0). Empty cells are "not given". Header names are case-insensitive; spaces and hyphens count as "_".
 */
export const IMPORT_COLUMNS: Readonly<Record<string, ColumnSpec>> = {
  external_id: {
    field: 'externalId',
    required: true,
    description: 'Id of the record in the source system (1–100 characters); the import is idempotent by it',
  },
  family_name: { field: 'familyName', required: true, description: 'Family name in Latin script' },
  given_names: {
    field: 'givenNames',
    description: 'Given names in Latin script (empty when the person has only one name)',
  },
  family_name_original: { field: 'familyNameOriginal', description: 'Family name in the original script' },
  given_names_original: { field: 'givenNamesOriginal', description: 'Given names in the original script' },
  birth_date: { field: 'birthDate', description: 'YYYY-MM-DD, or YYYY-MM / YYYY when only the month / year is known' },
  gender: { field: 'gender', description: 'female, male, diverse or not_stated' },
  countries_of_origin: {
    field: 'countriesOfOrigin',
    description: 'ISO 3166-1 alpha-2 codes, |-separated (e.g. AF|IR)',
  },
  nationalities: { field: 'nationalities', description: 'ISO 3166-1 alpha-2 codes, |-separated (XX: stateless)' },
  residence_status: {
    field: 'residenceStatuses.0.status',
    description: 'Current residence status code (e.g. toleration_60a, asylum_permit)',
  },
  residence_status_valid_from: {
    field: 'residenceStatuses.0.validFrom',
    description: 'Since when the status holds (YYYY-MM-DD); required with residence_status',
  },
  residence_status_document_expiry: {
    field: 'residenceStatuses.0.documentExpiry',
    description: 'Expiry of the document (YYYY-MM-DD)',
  },
  phone: { field: 'phone', description: 'Phone number' },
  email: { field: 'email', description: 'E-mail address' },
  street: { field: 'street', description: 'Street and house number' },
  postcode: { field: 'postcode', description: 'German postcode (5 digits)' },
  city: { field: 'city', description: 'City' },
  city_district: { field: 'cityDistrict', description: 'City district (Stadtbezirk or Stadtteil)' },
  accommodation: {
    field: 'accommodation',
    description: 'private, shared_flat, municipal_shelter, state_reception_facility, other or unknown',
  },
  work_permission: { field: 'workPermission', description: 'permitted, permitted_with_approval, banned or unknown' },
  benefits: { field: 'benefits', description: 'asylblg, sgb2, sgb3, sgb8, sgb12, bafoeg_bab or none, |-separated' },
  german_level: { field: 'languages', description: 'German level (A0, A1, A2, B1, B2, C1, C2)' },
  german_level_date: { field: 'languages', description: 'Date of the German level’s evidence (YYYY-MM-DD)' },
  first_language: { field: 'languages', description: 'First language, ISO 639 code (e.g. ar, prs, ti)' },
  school_qualification: {
    field: 'schooling.0.qualification',
    description: 'none, esa, eesa, msa, fhr, ahr or foreign_other',
  },
  school_country: { field: 'schooling.0.country', description: 'Country of the schooling (ISO 3166-1 alpha-2)' },
  school_years: { field: 'schooling.0.years', description: 'Years of schooling (0–20)' },
  school_recognised: {
    field: 'schooling.0.recognised',
    description: 'Whether a foreign qualification is recognised (true/false)',
  },
  vocational_experience: { field: 'vocationalExperience', description: 'Vocational experience (free text)' },
  excluded_offender: {
    field: 'excludedOffender',
    description: 'Classed as a dangerous or serious offender (true/false)',
  },
  restricted: { field: 'restricted', description: '"Anvertraut": only assigned staff may see the record (true/false)' },
};

/** Also accepted in headers: the short name the issue uses for the status date. */
const ALIASES: Readonly<Record<string, string>> = { valid_from: 'residence_status_valid_from' };

export function normaliseHeader(name: string): string {
  const key = name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  return ALIASES[key] ?? key;
}

/** ';' (German spreadsheets) or ',' — whichever occurs more often outside quotes in the header line. */
export function detectDelimiter(text: string): ';' | ',' {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let semicolons = 0;
  let commas = 0;
  let quoted = false;
  for (let i = start; i < text.length; i += 1) {
    const char = text[i];
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && char === ';') semicolons += 1;
    else if (!quoted && char === ',') commas += 1;
  }
  return semicolons > commas ? ';' : ',';
}

export interface HeaderResult {
  /** Column index → documented column name. */
  columns: string[];
  problems: ImportProblem[];
}

function fileProblem(code: string, message: string, column: string | null = null): ImportProblem {
  return { row: 1, column, code, message, severity: 'error' };
}

export function readHeader(cells: readonly string[]): HeaderResult {
  const columns = cells.map(normaliseHeader);
  const problems: ImportProblem[] = [];
  const seen = new Set<string>();
  for (const column of columns) {
    if (!Object.hasOwn(IMPORT_COLUMNS, column)) {
      problems.push(fileProblem('unknown_column', 'not a documented column; rename or remove it', column || null));
    } else if (seen.has(column)) {
      problems.push(fileProblem('duplicate_column', 'the column appears more than once', column));
    }
    seen.add(column);
  }
  for (const [column, spec] of Object.entries(IMPORT_COLUMNS)) {
    if (spec.required && !seen.has(column))
      problems.push(fileProblem('missing_column', 'a required column is missing', column));
  }
  return { columns, problems };
}

const TRUE = new Set(['true', 'ja', 'yes', '1', 'wahr', 'x']);
const FALSE = new Set(['false', 'nein', 'no', '0', 'falsch']);

/** The input of POST /api/v1/participants that one row stands for, and what could not even be read. */
export interface RowInput {
  input: Record<string, unknown>;
  problems: ImportProblem[];
  /** The column each entry of input.languages came from (German level or first language). */
  languageColumns: string[];
}

function problem(row: number, column: string, code: string, message: string): ImportProblem {
  return { row, column, code, message, severity: 'error' };
}

/** A birth date with its precision: YYYY-MM-DD (day), YYYY-MM (month) or YYYY (year). */
export function parseBirthDate(value: string): { date: string; precision: BirthDatePrecision } | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return { date: value, precision: 'day' };
  if (/^\d{4}-\d{2}$/.test(value)) return { date: `${value}-01`, precision: 'month' };
  if (/^\d{4}$/.test(value)) return { date: `${value}-01-01`, precision: 'year' };
  return null;
}

export function rowInput(row: number, columns: readonly string[], cells: readonly string[]): RowInput {
  const problems: ImportProblem[] = [];
  const value = (column: string): string | undefined => {
    const index = columns.indexOf(column);
    const cell = index === -1 ? undefined : cells[index]?.trim();
    return cell === '' ? undefined : cell;
  };
  const list = (column: string) =>
    value(column)
      ?.split('|')
      .map((item) => item.trim())
      .filter((item) => item !== '');
  const flag = (column: string): boolean | undefined => {
    const cell = value(column);
    if (cell === undefined) return undefined;
    const lower = cell.toLowerCase();
    if (TRUE.has(lower)) return true;
    if (FALSE.has(lower)) return false;
    problems.push(problem(row, column, 'invalid_boolean', 'true or false (also ja/nein, yes/no, 1/0)'));
    return undefined;
  };
  const input: Record<string, unknown> = {};
  const put = (field: string, content: unknown) => {
    if (content !== undefined) input[field] = content;
  };
  put('externalId', value('external_id'));
  // Required in the schema: an empty cell is reported as missing by it.
  input.familyName = value('family_name') ?? '';
  put('givenNames', value('given_names'));
  put('familyNameOriginal', value('family_name_original'));
  put('givenNamesOriginal', value('given_names_original'));
  const birth = value('birth_date');
  if (birth !== undefined) {
    const parsed = parseBirthDate(birth);
    if (parsed) {
      input.birthDate = parsed.date;
      input.birthDatePrecision = parsed.precision;
    } else {
      problems.push(problem(row, 'birth_date', 'invalid_date', 'YYYY-MM-DD, YYYY-MM or YYYY'));
    }
  }
  put('gender', value('gender'));
  put('countriesOfOrigin', list('countries_of_origin'));
  put('nationalities', list('nationalities'));
  const status = value('residence_status');
  const validFrom = value('residence_status_valid_from');
  const expiry = value('residence_status_document_expiry');
  if (status !== undefined || validFrom !== undefined || expiry !== undefined) {
    if (status === undefined) problems.push(problem(row, 'residence_status', 'required', 'required with its dates'));
    if (validFrom === undefined) {
      problems.push(problem(row, 'residence_status_valid_from', 'required', 'since when the status holds'));
    }
    if (status !== undefined && validFrom !== undefined) {
      input.residenceStatuses = [{ status, validFrom, ...(expiry === undefined ? {} : { documentExpiry: expiry }) }];
    }
  }
  put('phone', value('phone'));
  put('email', value('email'));
  put('street', value('street'));
  put('postcode', value('postcode'));
  put('city', value('city'));
  put('cityDistrict', value('city_district'));
  put('accommodation', value('accommodation'));
  put('workPermission', value('work_permission'));
  put('benefits', list('benefits'));
  const languages: Record<string, unknown>[] = [];
  const languageColumns: string[] = [];
  const german = value('german_level');
  const germanDate = value('german_level_date');
  if (german !== undefined) {
    languages.push({ language: 'de', level: german, ...(germanDate ? { evidenceDate: germanDate } : {}) });
    languageColumns.push('german_level');
  } else if (germanDate !== undefined) {
    problems.push(problem(row, 'german_level', 'required', 'required with its date'));
  }
  const first = value('first_language');
  if (first !== undefined) {
    languages.push({ language: first, level: 'native' });
    languageColumns.push('first_language');
  }
  if (languages.length > 0) input.languages = languages;
  const qualification = value('school_qualification');
  const country = value('school_country');
  const years = value('school_years');
  const recognised = flag('school_recognised');
  if (qualification !== undefined || country !== undefined || years !== undefined || recognised !== undefined) {
    if (qualification === undefined) {
      problems.push(problem(row, 'school_qualification', 'required', 'required with the other school columns'));
    } else {
      const schooling: Record<string, unknown> = { qualification };
      if (country !== undefined) schooling.country = country;
      if (years !== undefined) {
        if (/^\d{1,2}$/.test(years)) schooling.years = Number(years);
        else problems.push(problem(row, 'school_years', 'invalid_number', 'a whole number of years'));
      }
      if (recognised !== undefined) schooling.recognised = recognised;
      input.schooling = [schooling];
    }
  }
  put('vocationalExperience', value('vocational_experience'));
  put('excludedOffender', flag('excluded_offender'));
  put('restricted', flag('restricted'));
  return { input, problems, languageColumns };
}

const FIELD_TO_COLUMN = new Map(Object.entries(IMPORT_COLUMNS).map(([column, spec]) => [spec.field, column]));

/**
 * The documented column of a field path of the create input ("residenceStatuses.0.validFrom" → its column);
 * entries of `languages` by the column they came from.
 */
export function columnOf(
  path: string,
  languageColumns: readonly string[] = ['german_level', 'first_language'],
): string | null {
  const parts = path.split('.');
  if (parts[0] === 'languages') {
    const column = languageColumns[Number(parts[1])] ?? 'german_level';
    return column === 'german_level' && parts[2] === 'evidenceDate' ? 'german_level_date' : column;
  }
  for (let length = parts.length; length > 0; length -= 1) {
    const column = FIELD_TO_COLUMN.get(parts.slice(0, length).join('.'));
    if (column) return column;
  }
  if (parts[0] === 'residenceStatuses') return 'residence_status';
  if (parts[0] === 'schooling') return 'school_qualification';
  if (parts[0] === 'birthDatePrecision') return 'birth_date';
  return null;
}

/** Field problems (schema or rules) as row problems, each named by its column. */
export function rowProblems(
  row: number,
  errors: readonly Pick<FieldError, 'field' | 'code' | 'message'>[],
  languageColumns?: readonly string[],
): ImportProblem[] {
  return errors.map((error) => ({
    row,
    column: columnOf(error.field, languageColumns),
    code: error.code,
    message: error.message,
    severity: 'error' as const,
  }));
}

/** Rows whose external id appeared in an earlier row: an error on each repetition. */
export function duplicateExternalIds(
  rows: readonly { row: number; externalId: string | undefined }[],
): ImportProblem[] {
  const first = new Map<string, number>();
  const problems: ImportProblem[] = [];
  for (const { row, externalId } of rows) {
    if (externalId === undefined) continue;
    const earlier = first.get(externalId);
    if (earlier === undefined) first.set(externalId, row);
    else problems.push(problem(row, 'external_id', 'duplicate_in_file', `the same external id as row ${earlier}`));
  }
  return problems;
}

/** The participant fields an import writes, compared with a stored record to decide "unchanged". */
export const COMPARED_FIELDS = [
  'familyName',
  'givenNames',
  'familyNameOriginal',
  'givenNamesOriginal',
  'birthDate',
  'birthDatePrecision',
  'gender',
  'countriesOfOrigin',
  'nationalities',
  'phone',
  'email',
  'street',
  'postcode',
  'city',
  'cityDistrict',
  'accommodation',
  'workPermission',
  'benefits',
  'vocationalExperience',
  'excludedOffender',
  'restricted',
] as const satisfies readonly (keyof CreateParticipant)[];

export type ComparedField = (typeof COMPARED_FIELDS)[number];

function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => item === b[i]);
  return (a ?? null) === (b ?? null);
}

/**
 * The fields a row changes on an existing record. A column the file does not have leaves its field alone; an
 * empty cell in a column the file has clears it (the file is the source of truth for its columns).
 */
export function changedFields(
  stored: Readonly<Record<ComparedField, unknown>>,
  incoming: Readonly<Partial<Record<ComparedField, unknown>>>,
  present: ReadonlySet<ComparedField>,
): ComparedField[] {
  return COMPARED_FIELDS.filter(
    (field) => present.has(field) && !same(stored[field], incoming[field] ?? emptyOf(field)),
  );
}

function emptyOf(field: ComparedField): unknown {
  switch (field) {
    case 'givenNames':
      return '';
    case 'countriesOfOrigin':
    case 'nationalities':
    case 'benefits':
      return [];
    case 'gender':
      return 'not_stated';
    case 'accommodation':
    case 'workPermission':
      return 'unknown';
    case 'excludedOffender':
    case 'restricted':
      return false;
    default:
      return null;
  }
}

/** The compared fields a file sets, from its columns. */
export function fieldsOfColumns(columns: readonly string[]): Set<ComparedField> {
  const fields = new Set<ComparedField>();
  for (const column of columns) {
    const field = IMPORT_COLUMNS[column]?.field;
    if ((COMPARED_FIELDS as readonly string[]).includes(field ?? '')) fields.add(field as ComparedField);
    if (column === 'birth_date') fields.add('birthDatePrecision');
  }
  return fields;
}

export { emptyOf as emptyValueOf };
