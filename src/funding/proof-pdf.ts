// The proof of use as a PDF in German, as it is sent to the authority (or by a provider to the municipality):
// the facts of the grant, the narrative report, the figures from the case data (small numbers suppressed), the
// financial statement planned vs actual with the tolerance rule's result per line and strand/year, the receipts
// list, the providers' proofs attached, and the audit with its recovery claims. DejaVu Sans (embedded) as in
// the Art. 15 report, so that every name prints.
import { formatBasisPoints, formatCents } from './money.shared.ts';
import type { ProofView } from './proof.schema.ts';
import {
  auditResultLabels,
  categoryLabels,
  claimStatusLabels,
  figureLabels,
  formatDay,
  kindTitle,
  lineStatusLabels,
  narrativeLabels,
  statusLabels,
} from './proof-labels.ts';
import { figureMeasures } from './proof-figures.rules.ts';
import { startPdf } from '../platform/pdf.ts';

const MARGIN = 50;

type Doc = PDFKit.PDFDocument;

interface Column {
  header: string;
  width: number;
  align?: 'left' | 'right';
}

function contentWidth(doc: Doc): number {
  return doc.page.width - 2 * MARGIN;
}

function heading(doc: Doc, text: string): void {
  if (doc.y + 60 > doc.page.height - doc.page.margins.bottom) doc.addPage();
  doc.moveDown(0.8).font('bold').fontSize(12).fillColor('#000000').text(text, MARGIN);
  doc.moveDown(0.3).font('regular').fontSize(9);
}

function field(doc: Doc, label: string, value: string): void {
  const y = doc.y;
  doc.font('bold').fontSize(9).text(label, MARGIN, y, { width: 160 });
  const after = doc.y;
  doc.font('regular').text(value, MARGIN + 170, y, { width: contentWidth(doc) - 170 });
  doc.y = Math.max(after, doc.y);
}

/** A table whose columns are given as fractions of the content width; rows break across pages. */
function table(
  doc: Doc,
  columns: readonly Column[],
  rows: readonly (readonly string[])[],
  bold?: (index: number) => boolean,
) {
  const total = contentWidth(doc);
  const widths = columns.map((c) => c.width * total);
  const drawRow = (cells: readonly string[], font: 'regular' | 'bold') => {
    doc.font(font).fontSize(8);
    const heights = cells.map((cell, i) => doc.heightOfString(cell, { width: (widths[i] ?? 0) - 4 }));
    const height = Math.max(...heights, 10) + 4;
    if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
    const y = doc.y;
    let x = MARGIN;
    cells.forEach((cell, i) => {
      doc.text(cell, x + 2, y + 2, { width: (widths[i] ?? 0) - 4, align: columns[i]?.align ?? 'left' });
      x += widths[i] ?? 0;
    });
    doc
      .moveTo(MARGIN, y + height)
      .lineTo(MARGIN + total, y + height)
      .lineWidth(0.3)
      .strokeColor('#999999')
      .stroke();
    doc.y = y + height;
  };
  drawRow(
    columns.map((c) => c.header),
    'bold',
  );
  rows.forEach((row, index) => drawRow(row, bold?.(index) ? 'bold' : 'regular'));
  doc.x = MARGIN;
  doc.moveDown(0.3);
}

function paragraph(doc: Doc, text: string): void {
  doc
    .font('regular')
    .fontSize(9)
    .text(text, MARGIN, doc.y, { width: contentWidth(doc) });
}

const money = (cents: number | null) => (cents === null ? '–' : formatCents(cents));
const cell = (value: number | string | null) => (value === null ? '–' : String(value));

function facts(doc: Doc, proof: ProofView): void {
  field(doc, 'Zuwendungsempfänger', proof.municipalityName);
  if (proof.providerName) field(doc, 'Träger', proof.providerName);
  field(doc, 'Zuwendungsbescheid', proof.grantReference);
  if (proof.contractReference) field(doc, 'Weiterleitungsvertrag', proof.contractReference);
  field(doc, 'Zeitraum', `${formatDay(proof.periodFrom)} bis ${formatDay(proof.periodTo)}`);
  field(doc, 'Vorzulegen bis', formatDay(proof.dueOn));
  field(doc, 'Stand', statusLabels[proof.status]);
  if (proof.submittedAt) field(doc, 'Vorgelegt am', formatDay(proof.submittedAt.slice(0, 10)));
}

function narrative(doc: Doc, proof: ProofView): void {
  heading(doc, '1. Sachbericht');
  for (const [section, label] of Object.entries(narrativeLabels) as [keyof typeof narrativeLabels, string][]) {
    doc.font('bold').fontSize(9).text(label, MARGIN);
    paragraph(doc, proof.narrative[section].trim() || '(keine Angaben)');
    doc.moveDown(0.4);
  }
}

function figures(doc: Doc, proof: ProofView): void {
  heading(doc, '2. Zahlen aus der Fallarbeit');
  if (!proof.figures || proof.figures.rows.length === 0) {
    paragraph(doc, 'Für die Förderbausteine dieses Nachweises liegen keine Zahlen vor.');
    return;
  }
  const columns: Column[] = [
    { header: 'Förderbaustein', width: 0.16 },
    ...figureMeasures.map((m) => ({ header: figureLabels[m], width: 0.14, align: 'right' as const })),
  ];
  const rows = [
    ...proof.figures.rows.map((row) => [row.strand, ...figureMeasures.map((m) => cell(row.cells[m]))]),
    ['Summe', ...figureMeasures.map((m) => cell(proof.figures?.total[m] ?? null))],
  ];
  table(doc, columns, rows, (index) => index === rows.length - 1);
  paragraph(
    doc,
    `Stand: ${proof.figuresAt ? formatDay(proof.figuresAt.slice(0, 10)) : '–'}. Werte unter ${proof.figures.threshold} ` +
      'sind mit „.“ gesperrt, ebenso ein weiterer Wert, aus dem sie sich errechnen ließen; „–“: trifft nicht zu.',
  );
}

function statement(doc: Doc, proof: ProofView): void {
  heading(doc, '3. Zahlenmäßiger Nachweis');
  paragraph(
    doc,
    `Der Finanzierungsplan ist im Gesamtergebnis verbindlich. Einzelansätze dürfen um bis zu ` +
      `${formatBasisPoints(proof.lineToleranceBp)} überschritten werden, soweit die Überschreitung durch Einsparungen ` +
      'bei anderen Ansätzen desselben Förderbausteins und Haushaltsjahres ausgeglichen wird.',
  );
  doc.moveDown(0.4);
  table(
    doc,
    [
      { header: 'FB / Jahr', width: 0.1 },
      { header: 'Kostenart', width: 0.14 },
      { header: 'Bezeichnung', width: 0.26 },
      { header: 'Plan', width: 0.13, align: 'right' },
      { header: 'Ist', width: 0.13, align: 'right' },
      { header: 'Abweichung', width: 0.12, align: 'right' },
      { header: 'Bewertung', width: 0.12 },
    ],
    proof.lines.map((line) => [
      `${line.strand} ${line.budgetYear}`,
      categoryLabels[line.category],
      line.description,
      money(line.plannedCents),
      money(line.actualCents),
      line.actualCents === null ? '–' : money(line.deviationCents),
      lineStatusLabels[line.status],
    ]),
  );
  table(
    doc,
    [
      { header: 'FB / Jahr', width: 0.12 },
      { header: 'Plan', width: 0.15, align: 'right' },
      { header: 'verbindlich', width: 0.15, align: 'right' },
      { header: 'Ist', width: 0.15, align: 'right' },
      { header: 'zuwendungsfähig', width: 0.16, align: 'right' },
      { header: 'nicht zuwendungsfähig', width: 0.15, align: 'right' },
      { header: 'ausgezahlt', width: 0.12, align: 'right' },
    ],
    [
      ...proof.groups.map((g) => [
        `${g.strand} ${g.budgetYear}`,
        money(g.plannedCents),
        money(g.bindingCents),
        money(g.actualCents),
        money(g.eligibleCents),
        money(g.ineligibleCents),
        money(g.paidCents),
      ]),
      [
        'Summe',
        money(proof.totals.plannedCents),
        '',
        money(proof.totals.actualCents),
        money(proof.totals.eligibleCents),
        money(proof.totals.ineligibleCents),
        '',
      ],
    ],
    (index) => index === proof.groups.length,
  );
  if (proof.problems.length > 0) {
    doc.font('bold').fontSize(9).text('Hinweise', MARGIN);
    for (const problem of proof.problems) paragraph(doc, `• ${problemText(proof, problem)}`);
  }
}

function problemText(proof: ProofView, problem: ProofView['problems'][number]): string {
  const lineId = /^lines\.([^.]+)\./.exec(problem.field)?.[1];
  const line = proof.lines.find((l) => l.id === lineId);
  if (problem.code === 'line_over_tolerance' && line) {
    return (
      `${line.strand} ${line.budgetYear}, ${line.description}: mehr als ${formatBasisPoints(proof.lineToleranceBp)} ` +
      `über dem Plan; ${money(line.overToleranceCents)} sind nicht zuwendungsfähig.`
    );
  }
  const group = proof.groups.find((g) => problem.field === `groups.${g.strand}-${g.budgetYear}`);
  if (problem.code === 'overrun_not_offset' && group) {
    return (
      `${group.strand} ${group.budgetYear}: Überschreitungen von ${money(group.notOffsetCents)} sind nicht durch ` +
      'Einsparungen ausgeglichen und nicht zuwendungsfähig.'
    );
  }
  return problem.message;
}

function receipts(doc: Doc, proof: ProofView): void {
  heading(doc, '4. Belegliste');
  if (proof.receipts.length === 0) {
    paragraph(doc, 'Keine Belege erfasst.');
    return;
  }
  const lineOf = new Map(proof.lines.map((l) => [l.id, `${l.strand} ${l.budgetYear} ${l.description}`]));
  table(
    doc,
    [
      { header: 'Datum', width: 0.11 },
      { header: 'Beleg-Nr.', width: 0.1 },
      { header: 'Zahlungsempfänger', width: 0.2 },
      { header: 'Zweck', width: 0.24 },
      { header: 'Ansatz', width: 0.2 },
      { header: 'Betrag', width: 0.15, align: 'right' },
    ],
    proof.receipts.map((r) => [
      formatDay(r.receiptDate),
      r.reference ?? '',
      r.payee,
      r.purpose,
      lineOf.get(r.lineId) ?? '',
      money(r.amountCents),
    ]),
  );
  const retain = proof.receipts.find((r) => r.retainUntil)?.retainUntil;
  paragraph(
    doc,
    retain
      ? `Die Belege sind bis zum ${formatDay(retain)} aufzubewahren.`
      : `Die Belege sind ${proof.receiptRetentionYears} Jahre nach Vorlage des Nachweises aufzubewahren.`,
  );
}

function providerProofs(doc: Doc, proof: ProofView): void {
  if (proof.providerProofs.length === 0) return;
  heading(doc, '5. Nachweise der Träger');
  table(
    doc,
    [
      { header: 'Träger', width: 0.3 },
      { header: 'Vertrag', width: 0.2 },
      { header: 'Stand', width: 0.2 },
      { header: 'Ist', width: 0.15, align: 'right' },
      { header: 'beigefügt', width: 0.15 },
    ],
    proof.providerProofs.map((p) => [
      p.providerName ?? '',
      p.contractReference ?? '',
      statusLabels[p.status],
      money(p.actualCents),
      p.attachedTo === proof.id ? 'ja' : 'nein',
    ]),
  );
}

function audit(doc: Doc, proof: ProofView): void {
  if (!proof.auditedAt || !proof.auditResult) return;
  heading(doc, 'Prüfung durch die Bewilligungsbehörde');
  field(doc, 'Geprüft am', formatDay(proof.auditedAt.slice(0, 10)));
  field(doc, 'Ergebnis', auditResultLabels[proof.auditResult]);
  field(doc, 'Zuwendungsfähige Ausgaben', money(proof.eligibleCents));
  if (proof.auditFindings) field(doc, 'Feststellungen', proof.auditFindings);
  if (proof.claims.length > 0) {
    doc.moveDown(0.4);
    table(
      doc,
      [
        { header: 'FB / Jahr', width: 0.12 },
        { header: 'ausgezahlt', width: 0.15, align: 'right' },
        { header: 'zustehend', width: 0.15, align: 'right' },
        { header: 'nicht verbraucht', width: 0.15, align: 'right' },
        { header: 'nicht zuwendungsfähig', width: 0.15, align: 'right' },
        { header: 'Rückforderung', width: 0.15, align: 'right' },
        { header: 'Stand', width: 0.13 },
      ],
      proof.claims.map((c) => [
        `${c.strand} ${c.budgetYear}`,
        money(c.paidCents),
        money(c.entitledCents),
        money(c.unspentCents),
        money(c.ineligibleCents),
        money(c.amountCents),
        claimStatusLabels[c.status],
      ]),
    );
  }
}

function footers(doc: Doc, proof: ProofView): void {
  const range = doc.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index += 1) {
    doc.switchToPage(index);
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('regular')
      .fontSize(8)
      .fillColor('#555555')
      .text(
        `${kindTitle(proof)} · ${proof.grantReference} · Seite ${index + 1} von ${range.count}`,
        MARGIN,
        doc.page.height - 35,
        {
          width: doc.page.width - 2 * MARGIN,
          align: 'center',
          lineBreak: false,
        },
      );
    doc.page.margins.bottom = margin;
  }
}

/** Renders the proof of use; resolves with the PDF file's bytes. */
export async function renderProofPdf(proof: ProofView, generatedAt: Date): Promise<Buffer> {
  const title = kindTitle(proof);
  const { doc, finished } = startPdf(
    {
      title: `${title} – ${proof.grantReference}`,
      author: proof.providerName ?? proof.municipalityName,
      subject: 'Verwendungsnachweis nach VV Nr. 10 zu § 44 LHO',
      createdAt: generatedAt,
    },
    { margin: MARGIN, bufferPages: true },
  );

  doc.font('bold').fontSize(18).text(title, MARGIN);
  doc.moveDown(0.5).font('regular').fontSize(9);
  facts(doc, proof);
  narrative(doc, proof);
  figures(doc, proof);
  statement(doc, proof);
  receipts(doc, proof);
  providerProofs(doc, proof);
  audit(doc, proof);
  footers(doc, proof);
  doc.end();
  return finished;
}
