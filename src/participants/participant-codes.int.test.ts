// The code lists in participant.codes.ts, case.codes.ts, offer.codes.ts and career.table.ts are the living definition used by the API, the
// rules and the web forms; the migrations froze them in check constraints. This test reads the constraints
// of the migrated database and fails as soon as the two drift apart (a code added in TypeScript without a
// migration, or the other way round).
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.ts';
import {
  assignmentRoles,
  caseOutcomes,
  contactChannels,
  documentKinds,
  eligibilityOutcomes,
  goalStatuses,
  referralOutcomes,
  referralServices,
  stepStatuses,
} from '../cases/case.codes.ts';
import { alertStatuses, careerRules } from '../careers/career.table.ts';
import {
  dropoutReasons,
  enrolmentStatuses,
  examResults,
  offerStatuses,
  offerStrands,
  offerTypes,
} from '../offers/offer.codes.ts';
import {
  accommodations,
  birthDatePrecisions,
  cefrLevels,
  consentPurposes,
  genders,
  residenceStatuses,
  schoolQualifications,
  workPermissions,
} from './participant.codes.ts';

let database: TestDatabase;
/** table → check constraint definitions as PostgreSQL prints them. */
let checks: Map<string, string[]>;
/** `table_column_check` → its definition: the constraint a column's own `check (… in (…))` gets. */
let columnChecks: Map<string, string>;

beforeAll(async () => {
  database = await createTestDatabase();
  const { rows } = await sql<{ table: string; name: string; definition: string }>`
    select c.relname as table, k.conname as name, pg_get_constraintdef(k.oid) as definition
      from pg_constraint k
      join pg_class c on c.oid = k.conrelid
      join pg_namespace n on n.oid = c.relnamespace
     where k.contype = 'c' and n.nspname = current_schema()`.execute(database.handle.db);
  checks = new Map();
  for (const row of rows) checks.set(row.table, [...(checks.get(row.table) ?? []), row.definition]);
  columnChecks = new Map(rows.map((row) => [row.name, row.definition]));
});

afterAll(async () => {
  await database?.close();
});

const IDENTIFIER = String.raw`(?<![a-z0-9_])"?([a-z_][a-z0-9_]*)"?`;
const LITERAL = /'((?:[^']|'')*)'/g;

/**
 * The values a check constraint allows for a column. PostgreSQL prints `col in ('a', 'b')` as
 * `((col = ANY (ARRAY['a'::text, 'b'::text])))` (with casts that vary by type and version, e.g.
 * `(col)::text = ANY ((ARRAY[…])::text[])`) and a one-element list as `(col = 'a'::text)`.
 */
function allowedValues(definitions: readonly string[], column: string): string[][] {
  const found: string[][] = [];
  const anyArray = new RegExp(String.raw`\(*${IDENTIFIER}\)*(?:::[a-z ]+)?\s*=\s*ANY\s*\(+ARRAY\[([^\]]*)\]`, 'gi');
  const single = new RegExp(String.raw`\(*${IDENTIFIER}\)*(?:::[a-z ]+)?\s*=\s*('(?:[^']|'')*')(?:::[a-z ]+)?\)`, 'gi');
  for (const definition of definitions) {
    for (const match of definition.matchAll(anyArray)) {
      if (match[1] !== column) continue;
      found.push([...(match[2] ?? '').matchAll(LITERAL)].map((literal) => (literal[1] ?? '').replaceAll("''", "'")));
    }
    for (const match of definition.matchAll(single)) {
      if (match[1] !== column) continue;
      found.push([...(match[2] ?? '').matchAll(LITERAL)].map((literal) => (literal[1] ?? '').replaceAll("''", "'")));
    }
  }
  return found;
}

describe('reading constraint definitions', () => {
  it.each([
    [`CHECK ((gender = ANY (ARRAY['female'::text, 'male'::text])))`, 'gender', [['female', 'male']]],
    [
      `CHECK (((kind)::text = ANY ((ARRAY['a'::character varying, 'b''c'::character varying])::text[])))`,
      'kind',
      [['a', "b'c"]],
    ],
    [`CHECK ((status = 'open'::text))`, 'status', [['open']]],
    [`CHECK (("role" = ANY (ARRAY['coach'::text])))`, 'role', [['coach']]],
    [`CHECK ((other_status = ANY (ARRAY['x'::text])))`, 'status', []],
    [`CHECK ((length(status) <= 40))`, 'status', []],
  ])('reads %s', (definition, column, expected) => {
    expect(allowedValues([definition], column)).toEqual(expected);
  });
});

describe('code lists and check constraints agree', () => {
  it.each<[string, string, readonly string[]]>([
    ['participant', 'gender', genders],
    ['participant', 'birth_date_precision', birthDatePrecisions],
    ['participant', 'accommodation', accommodations],
    ['participant', 'work_permission', workPermissions],
    ['participant_residence_status', 'status', residenceStatuses],
    ['participant_language', 'level', cefrLevels],
    ['participant_schooling', 'qualification', schoolQualifications],
    ['participant_consent', 'purpose', consentPurposes],
    ['participant_case', 'exit_outcome', caseOutcomes],
    ['participant_case', 'follow_up_outcome', caseOutcomes],
    ['participant_case', 'eligibility_decision', eligibilityOutcomes],
    ['case_contact', 'channel', contactChannels],
    ['case_referral', 'service', referralServices],
    ['case_referral', 'outcome', referralOutcomes],
    ['case_goal', 'status', goalStatuses],
    ['case_step', 'status', stepStatuses],
    ['case_document', 'kind', documentKinds],
    ['case_assignment', 'role', assignmentRoles],
    ['offer', 'type', offerTypes],
    ['offer', 'strand', offerStrands],
    ['offer', 'status', offerStatuses],
    ['offer', 'entry_level', cefrLevels],
    ['offer', 'target_level', cefrLevels],
    ['offer', 'target_qualification', schoolQualifications],
    ['enrolment', 'status', enrolmentStatuses],
    ['enrolment', 'dropout_reason', dropoutReasons],
    ['enrolment', 'exam_result', examResults],
    ['enrolment', 'cefr_level_reached', cefrLevels],
    ['enrolment', 'school_qualification_reached', schoolQualifications],
    ['measure_career_alert', 'rule', careerRules],
    ['measure_career_alert', 'status', alertStatuses],
  ])('%s.%s', (table, column, codes) => {
    const definitions = checks.get(table) ?? [];
    expect(definitions.length, `check constraints of ${table}`).toBeGreaterThan(0);
    // Table constraints may name a column's codes too (e.g. "dropout reason only when dropped out"): the list
    // is then read from the column's own constraint.
    const own = columnChecks.get(`${table}_${column}_check`);
    const lists = allowedValues(own === undefined ? definitions : [own], column);
    // Exactly one constraint lists the column's values; two would mean a later migration left an old one behind.
    expect(lists, `constraints on ${table}.${column}: ${definitions.join(' | ')}`).toHaveLength(1);
    expect([...(lists[0] ?? [])].sort()).toEqual([...codes].sort());
    expect(new Set(codes).size, 'a code list without duplicates').toBe(codes.length);
  });
});
