// The gap table as files for the municipality's own work: an XLSX workbook (a formatted sheet with the unmet rows
// highlighted, and a sheet "Erläuterung" with the definitions) and a CSV for German Excel (UTF-8 with a byte-order
// mark, ";" as separator, CRLF). Labels are German: the files are read by the alliance, not by the app.
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { OfferType } from '../offers/offer.codes.ts';
import type { GapRowRecord, GapTable } from './gap.schema.ts';
import { gapGroups, offerTypesOfGroup, type GapGroup } from './quality.codes.ts';

export const groupLabels: Readonly<Record<GapGroup, string>> = {
  language: 'Sprachkurse',
  literacy: 'Alphabetisierung',
  school_certificate: 'Schulabschluss (ESA/EESA)',
  vocational_preparation: 'Berufsvorbereitung',
  training: 'Ausbildung, EQ und Qualifizierung',
  coaching: 'Coaching',
  other: 'Sonstige Angebote',
};

const typeLabels: Readonly<Record<OfferType, string>> = {
  coaching: 'Coaching (FB1)',
  job_language_support: 'Berufsbegleitende Sprachförderung (FB2)',
  job_qualification: 'Berufsbegleitende Qualifizierung (FB2)',
  school_certificate_course: 'Kurs zum Hauptschulabschluss (FB3)',
  preparation_course: 'Vorbereitender Kurs (FB4)',
  youth_integration_course: 'Jugendintegrationskurs',
  integration_course: 'Integrationskurs',
  literacy_course: 'Alphabetisierungskurs',
  job_language_course: 'Berufssprachkurs',
  entry_qualification: 'Einstiegsqualifizierung (EQ)',
  vocational_preparation: 'Berufsvorbereitende Bildungsmaßnahme (BvB)',
  berufskolleg_class: 'Klasse am Berufskolleg',
  training_dual: 'Duale Ausbildung',
  training_school: 'Schulische Ausbildung',
  helper_training: 'Helferausbildung',
  other: 'Sonstiges',
};

const NO_PLACE = 'ohne Ort';
const ALL_PLACES = 'alle Orte';

const columns = [
  { header: 'Angebotsgruppe', key: 'group', width: 30 },
  { header: 'Ort', key: 'place', width: 24 },
  { header: 'Zeitraum', key: 'period', width: 10 },
  { header: 'Bedarf: Warteliste', key: 'waiting', width: 12 },
  { header: 'Bedarf: Vermittlung', key: 'referral', width: 12 },
  { header: 'Bedarf: Bedarfserhebung', key: 'assessment', width: 14 },
  { header: 'Bedarf gesamt', key: 'demand', width: 10 },
  { header: 'Angebote', key: 'offers', width: 10 },
  { header: 'davon ohne Platzgrenze', key: 'unlimited', width: 12 },
  { header: 'Plätze', key: 'capacity', width: 9 },
  { header: 'belegt', key: 'taken', width: 9 },
  { header: 'frei', key: 'free', width: 9 },
  { header: 'Lücke (Bedarf − frei)', key: 'gap', width: 12 },
  { header: 'ungedeckt', key: 'unmet', width: 10 },
] as const;

function placeOf(row: GapRowRecord, table: GapTable): string {
  if (!table.byPlace) return ALL_PLACES;
  return row.place ?? NO_PLACE;
}

function values(row: GapRowRecord, table: GapTable) {
  return {
    group: groupLabels[row.group],
    place: placeOf(row, table),
    period: row.period,
    waiting: row.demand.waiting,
    referral: row.demand.referral,
    assessment: row.demand.assessment,
    demand: row.demand.total,
    offers: row.supply.offers,
    unlimited: row.supply.unlimitedOffers,
    capacity: row.supply.capacity,
    taken: row.supply.taken,
    free: row.supply.free,
    gap: row.gap,
    unmet: row.unmet ? 'ja' : 'nein',
  };
}

/** The definitions, as on the sheet "Erläuterung" and in docs/quality-review.md. */
export function explanationLines(table: GapTable): string[][] {
  return [
    ['Bedarfsanalyse (Lückenanalyse) der Angebote'],
    ['Zeitraum', `${table.from} bis ${table.to}, je ${table.granularity === 'month' ? 'Monat' : 'Quartal'}`],
    ['Orte', table.byPlace ? 'je Ort (Stadtbezirk oder Gemeinde)' : 'alle Orte zusammen'],
    [],
    ['Begriff', 'Bedeutung'],
    [
      'Bedarf',
      'Personen mit Bedarf an einem Angebot der Gruppe im Zeitraum, jede Person einmal je Zeile. Quellen: ' +
        'Warteliste (Anmeldung mit Status „wartend“), offene Vermittlung an einen Regeldienst (ausstehend oder ' +
        'angenommen), Bedarf aus der letzten Bedarfserhebung eines Falls. Eine Person mit mehreren Quellen zählt ' +
        'unter der stärksten (Warteliste vor Vermittlung vor Bedarfserhebung).',
    ],
    [
      'gedeckter Bedarf',
      'Wer im Zeitraum an einem Angebot derselben Gruppe teilnimmt, zählt nicht aus Bedarfserhebung oder ' +
        'Vermittlung (der Bedarf wird gedeckt); ein Wartelistenplatz zählt immer.',
    ],
    ['Ort des Bedarfs', 'Stadtbezirk, sonst Wohnort der Person; bei der Warteliste der Ort des Angebots.'],
    [
      'Angebote',
      'Angebote mit Status offen, laufend oder beendet in den Zeiträumen zwischen Beginn und Ende ' +
        '(geplante Angebote zählen noch nicht).',
    ],
    [
      'Plätze / belegt / frei',
      'Plätze der Angebote mit Platzgrenze; belegt = Teilnahmen im Zeitraum; frei = Plätze − belegt (nicht unter 0).',
    ],
    ['Lücke', 'Bedarf − freie Plätze; negativ: mehr freie Plätze als Bedarf.'],
    ['ungedeckt', 'Lücke > 0 und kein Angebot der Gruppe ohne Platzgrenze am Ort (rot markiert).'],
    [
      'Kleine Zahlen',
      'Die Tabelle ist für die Arbeit in der Kommune bestimmt und zeigt auch Zahlen unter 3. Vor jeder ' +
        'Veröffentlichung müssen Zellen unter 3 gesperrt werden (siehe docs/quality-review.md).',
    ],
    [],
    ['Angebotsgruppe', 'Angebotsarten der Gruppe'],
    ...gapGroups.map((group) => [groupLabels[group], offerTypesOfGroup[group].map((t) => typeLabels[t]).join(', ')]),
    [],
    ['Bedarf aus der Bedarfserhebung', 'Angebotsgruppe'],
    ['Sprache (Unterstützung nötig)', `${groupLabels.language}; mit Alphabetisierungsbedarf: ${groupLabels.literacy}`],
    ['Schulbildung (Unterstützung nötig)', groupLabels.school_certificate],
    ['Beruf (Unterstützung nötig)', groupLabels.vocational_preparation],
    ['Gesundheit, Kinderbetreuung, Wohnen, Aufenthalt, Finanzen', 'kein Angebotsbedarf (Regeldienste)'],
    [],
    ['Vermittlung an', 'Angebotsgruppe'],
    ['BAMF-Kurs', groupLabels.language],
    ['Berufskolleg, Agentur für Arbeit', groupLabels.vocational_preparation],
    ['Jobcenter, Beratung, Sonstiges', 'kein Angebotsbedarf'],
  ];
}

export async function gapWorkbook(table: GapTable, options: { createdAt: Date }): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Durchstarten';
  workbook.created = options.createdAt;
  const sheet = workbook.addWorksheet('Bedarfsanalyse', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((column) => ({ ...column }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'middle' };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDE3EA' } };
  for (const row of table.rows) {
    const added = sheet.addRow(values(row, table));
    for (const key of [
      'waiting',
      'referral',
      'assessment',
      'demand',
      'offers',
      'unlimited',
      'capacity',
      'taken',
      'free',
    ]) {
      added.getCell(key).numFmt = '#,##0';
    }
    // Signed: a surplus of seats shows with its minus sign.
    added.getCell('gap').numFmt = '+#,##0;-#,##0;0';
    if (row.unmet) {
      added.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF8D7DA' } };
      added.getCell('unmet').font = { bold: true, color: { argb: 'FF8B0000' } };
    }
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };

  const explanation = workbook.addWorksheet('Erläuterung');
  explanation.columns = [{ width: 34 }, { width: 110 }];
  for (const line of explanationLines(table)) {
    const added = explanation.addRow(line);
    added.alignment = { wrapText: true, vertical: 'top' };
  }
  explanation.getRow(1).font = { bold: true, size: 13 };
  for (const title of ['Begriff', 'Angebotsgruppe', 'Bedarf aus der Bedarfserhebung', 'Vermittlung an']) {
    explanation.eachRow((row) => {
      if (row.getCell(1).value === title) row.font = { bold: true };
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A cell a spreadsheet would read as a formula gets a leading apostrophe (CSV injection, OWASP). */
function safeText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function gapCsv(table: GapTable): Buffer {
  const text = stringify(
    table.rows.map((row) => {
      const v = values(row, table);
      return columns.map((column) => {
        const value = v[column.key];
        return typeof value === 'string' ? safeText(value) : value;
      });
    }),
    { header: true, columns: columns.map((column) => column.header), delimiter: ';', record_delimiter: 'windows' },
  );
  // The byte-order mark makes German Excel read the file as UTF-8 (umlauts) instead of Windows-1252.
  return Buffer.from(`\uFEFF${text}`, 'utf8');
}
