// The financial statement of a proof of use as an XLSX workbook for the finance offices: the sheet
// "Zahlenmäßiger Nachweis" (planned vs actual per cost line, the tolerance rule's result, totals per strand and
// year), the sheet "Belegliste" (receipts) and "Erläuterung" (the rule and its numbers). Amounts are euro values
// with two decimals formatted as "#,##0.00 €" (Excel shows them in the reader's notation); they are computed from
// the cents here, never summed by formulas, so the sheet shows exactly what the API computed.
import ExcelJS from 'exceljs';
import { formatBasisPoints } from './money.shared.ts';
import type { ProofView } from './proof.schema.ts';
import { categoryLabels, formatDay, kindTitle, lineStatusLabels, statusLabels } from './proof-labels.ts';

const EURO = '#,##0.00 "€";-#,##0.00 "€"';
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDE3EA' } };
const PROBLEM_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF8D7DA' } };

const euros = (cents: number | null) => (cents === null ? null : cents / 100);

function header(sheet: ExcelJS.Worksheet): void {
  const row = sheet.getRow(1);
  row.font = { bold: true };
  row.alignment = { wrapText: true, vertical: 'middle' };
  row.fill = HEADER_FILL;
}

function statementSheet(workbook: ExcelJS.Workbook, proof: ProofView): void {
  const sheet = workbook.addWorksheet('Zahlenmäßiger Nachweis', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [
    { header: 'Förderbaustein', key: 'strand', width: 12 },
    { header: 'Haushaltsjahr', key: 'year', width: 12 },
    { header: 'Kostenart', key: 'category', width: 20 },
    { header: 'Bezeichnung', key: 'description', width: 40 },
    { header: 'Plan', key: 'planned', width: 15 },
    { header: 'Ist', key: 'actual', width: 15 },
    { header: 'Abweichung', key: 'deviation', width: 15 },
    { header: `Toleranz (${formatBasisPoints(proof.lineToleranceBp)})`, key: 'tolerance', width: 15 },
    { header: 'über Toleranz (nicht zuwendungsfähig)', key: 'over', width: 18 },
    { header: 'Belege', key: 'receipts', width: 15 },
    { header: 'Bewertung', key: 'status', width: 16 },
    { header: 'Erläuterung', key: 'note', width: 40 },
  ];
  header(sheet);
  const moneyKeys = ['planned', 'actual', 'deviation', 'tolerance', 'over', 'receipts'];
  for (const line of proof.lines) {
    const row = sheet.addRow({
      strand: line.strand,
      year: line.budgetYear,
      category: categoryLabels[line.category],
      description: line.description,
      planned: euros(line.plannedCents),
      actual: euros(line.actualCents),
      deviation: line.actualCents === null ? null : euros(line.deviationCents),
      tolerance: euros(line.toleranceCents),
      over: euros(line.overToleranceCents),
      receipts: euros(line.receiptsCents),
      status: lineStatusLabels[line.status],
      note: line.note ?? '',
    });
    for (const key of moneyKeys) row.getCell(key).numFmt = EURO;
    if (line.status === 'over_tolerance') row.getCell('status').fill = PROBLEM_FILL;
  }
  sheet.addRow([]);
  const totalsHeader = sheet.addRow([
    'Förderbaustein',
    'Haushaltsjahr',
    'Plan',
    'verbindlich',
    'Ist',
    'Einsparungen',
    'Überschreitungen',
    'nicht ausgeglichen',
    'zuwendungsfähig',
    'nicht zuwendungsfähig',
    'bewilligt',
    'ausgezahlt',
  ]);
  totalsHeader.font = { bold: true };
  totalsHeader.fill = HEADER_FILL;
  for (const group of proof.groups) {
    const row = sheet.addRow([
      group.strand,
      group.budgetYear,
      euros(group.plannedCents),
      euros(group.bindingCents),
      euros(group.actualCents),
      euros(group.savingsCents),
      euros(group.overrunCents),
      euros(group.notOffsetCents),
      euros(group.eligibleCents),
      euros(group.ineligibleCents),
      euros(group.decidedCents),
      euros(group.paidCents),
    ]);
    for (let column = 3; column <= 12; column += 1) row.getCell(column).numFmt = EURO;
    if (group.notOffsetCents > 0) row.getCell(8).fill = PROBLEM_FILL;
  }
  const total = sheet.addRow([
    'Summe',
    '',
    euros(proof.totals.plannedCents),
    null,
    euros(proof.totals.actualCents),
    null,
    null,
    null,
    euros(proof.totals.eligibleCents),
    euros(proof.totals.ineligibleCents),
  ]);
  total.font = { bold: true };
  for (let column = 3; column <= 10; column += 1) total.getCell(column).numFmt = EURO;
}

function receiptSheet(workbook: ExcelJS.Workbook, proof: ProofView): void {
  const sheet = workbook.addWorksheet('Belegliste', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [
    { header: 'Datum', key: 'date', width: 12 },
    { header: 'Beleg-Nr.', key: 'reference', width: 14 },
    { header: 'Zahlungsempfänger', key: 'payee', width: 30 },
    { header: 'Zweck', key: 'purpose', width: 40 },
    { header: 'Förderbaustein', key: 'strand', width: 12 },
    { header: 'Haushaltsjahr', key: 'year', width: 12 },
    { header: 'Ansatz', key: 'line', width: 36 },
    { header: 'Betrag', key: 'amount', width: 15 },
    { header: 'aufzubewahren bis', key: 'retain', width: 16 },
  ];
  header(sheet);
  const lines = new Map(proof.lines.map((line) => [line.id, line]));
  for (const receipt of proof.receipts) {
    const line = lines.get(receipt.lineId);
    const row = sheet.addRow({
      date: formatDay(receipt.receiptDate),
      reference: receipt.reference ?? '',
      payee: receipt.payee,
      purpose: receipt.purpose,
      strand: line?.strand ?? '',
      year: line?.budgetYear ?? '',
      line: line?.description ?? '',
      amount: euros(receipt.amountCents),
      retain: receipt.retainUntil ? formatDay(receipt.retainUntil) : '',
    });
    row.getCell('amount').numFmt = EURO;
  }
}

function explanationSheet(workbook: ExcelJS.Workbook, proof: ProofView, generatedAt: Date): void {
  const sheet = workbook.addWorksheet('Erläuterung');
  sheet.columns = [{ width: 30 }, { width: 100 }];
  const tolerance = formatBasisPoints(proof.lineToleranceBp);
  const lines: string[][] = [
    [kindTitle(proof)],
    ['Zuwendungsempfänger', proof.municipalityName],
    ...(proof.providerName ? [['Träger', proof.providerName]] : []),
    ['Zuwendungsbescheid', proof.grantReference],
    ...(proof.contractReference ? [['Weiterleitungsvertrag', proof.contractReference]] : []),
    ['Zeitraum', `${formatDay(proof.periodFrom)} bis ${formatDay(proof.periodTo)}`],
    ['Stand', statusLabels[proof.status]],
    ['Erstellt', generatedAt.toISOString()],
    [],
    ['Begriff', 'Bedeutung'],
    ['Plan', 'Ansatz des Finanzierungsplans, auf dem die Bewilligung beruht (bei Trägern: weitergeleiteter Betrag).'],
    ['verbindlich', 'Das Gesamtergebnis des Finanzierungsplans je Förderbaustein und Haushaltsjahr ist verbindlich.'],
    [
      'Toleranz',
      `Ein Ansatz darf um bis zu ${tolerance} überschritten werden, wenn Einsparungen bei anderen Ansätzen ` +
        'desselben Förderbausteins und Haushaltsjahres die Überschreitung ausgleichen (Nr. 1.2 ANBest-G/ANBest-P). ' +
        'Die Toleranz ist auf volle Cent abgerundet.',
    ],
    ['über Toleranz', `Ausgaben über Plan + ${tolerance} sind nicht zuwendungsfähig.`],
    ['nicht ausgeglichen', 'Überschreitungen, die keine Einsparung ausgleicht: nicht zuwendungsfähig.'],
    ['zuwendungsfähig', 'Ausgaben bis zur Toleranz je Ansatz, insgesamt höchstens der verbindliche Betrag.'],
  ];
  for (const line of lines) {
    const row = sheet.addRow(line);
    row.alignment = { wrapText: true, vertical: 'top' };
  }
  sheet.getRow(1).font = { bold: true, size: 13 };
}

export async function statementWorkbook(proof: ProofView, generatedAt: Date): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Durchstarten';
  workbook.created = generatedAt;
  statementSheet(workbook, proof);
  receiptSheet(workbook, proof);
  explanationSheet(workbook, proof, generatedAt);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
