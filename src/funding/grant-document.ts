// The grant decision (Zuwendungsbescheid) and its amendments (Änderungsbescheid) as PDF, in German, as sent to
// the recipient; stored with the decision and its SHA-256. The house approach of the Art. 15 report
// (data-rights/export-pdf.ts): A4, DejaVu Sans embedded, document language and title set for screen readers.
import { createHash } from 'node:crypto';
import type { ConditionSet, DecisionKind, FinancingType } from './funding.codes.ts';
import { formatBasisPoints, formatCents, sumCents } from './money.shared.ts';
import { startPdf } from '../platform/pdf.ts';

const MARGIN = 56;

export interface DecisionDocumentAmount {
  strand: string;
  strandName: string;
  budgetYear: number;
  eligibleCents: number | null;
  amountCents: number;
  unitCents: number | null;
  unitCount: string | null;
}

export interface DecisionDocumentInput {
  kind: DecisionKind;
  seq: number;
  reference: string;
  decidedAt: Date;
  authorityName: string;
  recipientName: string;
  programmeName: string;
  programmeVersion: number;
  legalBasis: string;
  applicationTitle: string;
  periodFrom: string;
  periodTo: string;
  financingType: FinancingType;
  fundingRateBp: number | null;
  conditions: ConditionSet;
  specialConditions: string | null;
  reason: string | null;
  amounts: readonly DecisionDocumentAmount[];
  /** amendments: the total before this amendment */
  previousTotalCents?: number;
}

const FINANCING: Record<FinancingType, string> = {
  share: 'Anteilfinanzierung',
  shortfall: 'Fehlbedarfsfinanzierung',
  fixed: 'Festbetragsfinanzierung',
};

const CONDITIONS: Record<ConditionSet, string> = {
  'ANBest-G': 'Allgemeine Nebenbestimmungen für Zuwendungen zur Projektförderung an Gemeinden (GV) (ANBest-G)',
  'ANBest-P': 'Allgemeine Nebenbestimmungen für Zuwendungen zur Projektförderung (ANBest-P)',
};

function germanDate(iso: string): string {
  const [year, month, day] = iso.slice(0, 10).split('-');
  return `${day}.${month}.${year}`;
}

const berlinDay = new Intl.DateTimeFormat('de-DE', {
  timeZone: 'Europe/Berlin',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});

type Doc = PDFKit.PDFDocument;

function heading(doc: Doc, text: string): void {
  doc.moveDown(0.8).font('bold').fontSize(11).text(text, MARGIN).font('regular').fontSize(10);
}

function field(doc: Doc, label: string, value: string): void {
  const top = doc.y;
  doc.font('bold').text(label, MARGIN, top, { width: 150 });
  const labelBottom = doc.y;
  doc.font('regular').text(value, MARGIN + 160, top, { width: doc.page.width - 2 * MARGIN - 160 });
  doc.y = Math.max(labelBottom, doc.y) + 2;
  doc.x = MARGIN;
}

/** The amounts as a table: strand, year, eligible costs, grant (and unit amount × count of a fixed amount). */
function amountsTable(doc: Doc, amounts: readonly DecisionDocumentAmount[]): void {
  const columns = [MARGIN, MARGIN + 190, MARGIN + 250, MARGIN + 360];
  const widths = [185, 55, 105, doc.page.width - MARGIN - columns[3]!];
  const row = (cells: string[], bold = false) => {
    if (doc.y + 30 > doc.page.height - doc.page.margins.bottom) doc.addPage();
    const top = doc.y;
    let bottom = top;
    doc.font(bold ? 'bold' : 'regular');
    cells.forEach((cell, index) => {
      doc.text(cell, columns[index], top, { width: widths[index], align: index >= 2 ? 'right' : 'left' });
      bottom = Math.max(bottom, doc.y);
    });
    doc.y = bottom + 3;
  };
  row(['Förderbaustein', 'Jahr', 'Zuwendungsfähig', 'Zuwendung'], true);
  for (const amount of amounts) {
    const units =
      amount.unitCents !== null && amount.unitCount !== null
        ? ` (${amount.unitCount.replace('.', ',')} × ${formatCents(amount.unitCents)})`
        : '';
    row([
      `${amount.strand} – ${amount.strandName}`,
      String(amount.budgetYear),
      amount.eligibleCents === null ? '–' : formatCents(amount.eligibleCents),
      `${formatCents(amount.amountCents)}${units}`,
    ]);
  }
  row(['Summe', '', '', formatCents(sumCents(amounts.map((a) => a.amountCents)))], true);
  doc.font('regular').x = MARGIN;
}

/** Renders the decision; resolves with the PDF's bytes and their SHA-256. */
export async function renderDecisionPdf(input: DecisionDocumentInput): Promise<{ pdf: Buffer; sha256: Buffer }> {
  const title = input.kind === 'decision' ? 'Zuwendungsbescheid' : `Änderungsbescheid Nr. ${input.seq - 1}`;
  const { doc, finished } = startPdf(
    {
      title: `${title} ${input.reference}`,
      author: input.authorityName,
      subject: `${input.programmeName}: ${input.applicationTitle}`,
      // ASCII, so that the reference can be found in the file as it is
      keywords: input.reference,
      createdAt: input.decidedAt,
    },
    { margin: MARGIN },
  );

  doc.font('regular').fontSize(10).text(input.authorityName, MARGIN);
  doc.moveDown(0.5).text(input.recipientName);
  doc.moveDown(1).font('bold').fontSize(16).text(title);
  doc.font('regular').fontSize(10).moveDown(0.5);
  field(doc, 'Aktenzeichen', input.reference);
  field(doc, 'Datum', berlinDay.format(input.decidedAt));
  field(doc, 'Förderprogramm', `${input.programmeName} (Fassung ${input.programmeVersion})`);
  if (input.legalBasis) field(doc, 'Rechtsgrundlage', input.legalBasis);
  field(doc, 'Vorhaben', input.applicationTitle);

  heading(doc, input.kind === 'decision' ? '1. Bewilligung' : '1. Änderung');
  doc.text(
    input.kind === 'decision'
      ? `Auf Ihren Antrag bewillige ich Ihnen für das oben genannte Vorhaben eine Zuwendung in Höhe von ${formatCents(
          sumCents(input.amounts.map((a) => a.amountCents)),
        )}.`
      : `Der Zuwendungsbescheid zum Aktenzeichen ${input.reference} wird wie folgt geändert. Die Zuwendung beträgt nunmehr ${formatCents(
          sumCents(input.amounts.map((a) => a.amountCents)),
        )}${input.previousTotalCents === undefined ? '' : ` (bisher ${formatCents(input.previousTotalCents)})`}. Im Übrigen gilt der Bescheid unverändert fort.`,
    MARGIN,
  );
  heading(doc, '2. Bewilligungszeitraum und Finanzierung');
  field(doc, 'Bewilligungszeitraum', `${germanDate(input.periodFrom)} bis ${germanDate(input.periodTo)}`);
  field(doc, 'Finanzierungsart', FINANCING[input.financingType]);
  if (input.fundingRateBp !== null) field(doc, 'Fördersatz', formatBasisPoints(input.fundingRateBp));
  doc.moveDown(0.5);
  amountsTable(doc, input.amounts);

  heading(doc, '3. Nebenbestimmungen');
  doc.text(`Die ${CONDITIONS[input.conditions]} sind Bestandteil dieses Bescheides.`, MARGIN);
  if (input.specialConditions) doc.moveDown(0.4).text(input.specialConditions, MARGIN);
  if (input.reason) {
    heading(doc, '4. Begründung');
    doc.text(input.reason, MARGIN);
  }
  heading(doc, 'Rechtsbehelfsbelehrung');
  doc.text(
    'Gegen diesen Bescheid kann innerhalb eines Monats nach Bekanntgabe Klage beim zuständigen Verwaltungsgericht ' +
      'erhoben werden.',
    MARGIN,
  );
  doc.end();
  const pdf = await finished;
  return { pdf, sha256: createHash('sha256').update(pdf).digest() };
}
