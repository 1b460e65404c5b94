// Participant rows in the documented import format (src/imports/participant-import.rules.ts, IMPORT_COLUMNS), as a
// municipality's old system would export them: deterministic for a seed, names (with their original script) from
// the demo generator's name lists, every cell valid, so that the benchmark measures an import that writes every row.
import { NAME_LISTS, splitName, type NameListKey } from '../../src/seed/names.ts';
import { Random } from '../../src/seed/random.ts';

export const IMPORT_HEADER = [
  'external_id',
  'family_name',
  'given_names',
  'family_name_original',
  'given_names_original',
  'birth_date',
  'gender',
  'countries_of_origin',
  'nationalities',
  'residence_status',
  'residence_status_valid_from',
  'phone',
  'street',
  'postcode',
  'city',
  'city_district',
  'accommodation',
  'work_permission',
  'benefits',
  'german_level',
  'german_level_date',
  'first_language',
  'school_qualification',
  'school_country',
  'school_years',
] as const;

/** Name list, country and first language of the larger groups of origin in the programme. */
const ORIGINS: readonly { names: NameListKey; country: string; language: string }[] = [
  { names: 'arabic_levant', country: 'SY', language: 'ar' },
  { names: 'persian_afghanistan', country: 'AF', language: 'prs' },
  { names: 'arabic_iraq', country: 'IQ', language: 'ar' },
  { names: 'tigrinya', country: 'ER', language: 'ti' },
  { names: 'somali', country: 'SO', language: 'so' },
  { names: 'turkish', country: 'TR', language: 'tr' },
];
const STATUSES = ['toleration_60a', 'asylum_permit', 'chances_104c', 'residence_25a', 'temporary_protection_24'];
const ACCOMMODATION = ['private', 'shared_flat', 'municipal_shelter', 'other'];
const BENEFITS = ['asylblg', 'sgb2', 'sgb2|sgb3', 'none'];
const LEVELS = ['A1', 'A2', 'B1', 'B2'];
const QUALIFICATIONS = ['none', 'esa', 'foreign_other'];
const DISTRICTS = ['Innenstadt', 'Rodenkirchen', 'Lindenthal', 'Ehrenfeld', 'Nippes', 'Chorweiler', 'Porz', 'Kalk'];

const cell = (value: string) => (/[";\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
const two = (n: number) => String(n).padStart(2, '0');

/** `rows` data rows after the header, ';'-separated, UTF-8 (as a German spreadsheet saves "CSV UTF-8"). */
export function importCsv(rows: number, seed = 1): string {
  const random = new Random(seed);
  const lines: string[] = [IMPORT_HEADER.join(';')];
  for (let i = 1; i <= rows; i += 1) {
    const origin = random.pick(ORIGINS);
    const list = NAME_LISTS[origin.names];
    const female = random.chance(0.35);
    const given = splitName(random.pick(female ? list.female : list.male));
    const family = splitName(random.pick(list.family));
    const year = random.int(1998, 2007);
    const arrived = random.int(2016, 2024);
    const status = random.pick(STATUSES);
    const values = [
      `ALT-${String(i).padStart(7, '0')}`,
      family.latin,
      given.latin,
      family.original ?? '',
      given.original ?? '',
      `${year}-${two(random.int(1, 12))}-${two(random.int(1, 28))}`,
      female ? 'female' : 'male',
      origin.country,
      origin.country,
      status,
      `${arrived}-${two(random.int(1, 12))}-01`,
      `0221 ${random.int(100000, 999999)}`,
      `Beispielstraße ${random.int(1, 200)}`,
      String(random.int(50667, 51149)),
      'Köln',
      random.pick(DISTRICTS),
      random.pick(ACCOMMODATION),
      status === 'toleration_60a' ? 'permitted_with_approval' : 'permitted',
      random.pick(BENEFITS),
      random.pick(LEVELS),
      `${random.int(2023, 2025)}-${two(random.int(1, 12))}-15`,
      origin.language,
      random.pick(QUALIFICATIONS),
      origin.country,
      String(random.int(4, 12)),
    ];
    lines.push(values.map(cell).join(';'));
  }
  return `${lines.join('\r\n')}\r\n`;
}
