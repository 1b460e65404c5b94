// The Art. 15 report as a PDF in German: the information of Art. 15(1)/(2), then every table of the person with
// German field labels, the access log and the deletion ledger; documents are attached to the PDF as files.
// The font (DejaVu Sans, embedded and subset) covers Latin, Cyrillic, Greek and Arabic script; right-to-left
// names are ordered by visual-order.ts, because pdfkit has no bidi algorithm.
import type { ParticipantExport } from './data-rights.schema.ts';
import { codeLabel, FIELD_LABELS, HIDDEN_COLUMNS, SECTION_TITLES, TABLE_FIELD_LABELS } from './export-labels.ts';
import { baseDirection, hasRightToLeft, tokens, visualOrder } from './visual-order.ts';
import { startPdf } from '../platform/pdf.ts';

const MARGIN = 50;
const LABEL_WIDTH = 165;
const GAP = 10;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/;
const berlinTime = new Intl.DateTimeFormat('de-DE', {
  timeZone: 'Europe/Berlin',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

function formatDate(value: string): string {
  const match = ISO_DATE.exec(value);
  return match ? `${match[3]}.${match[2]}.${match[1]}` : value;
}

function formatValue(column: string, value: unknown): string {
  if (typeof value === 'boolean') return value ? 'ja' : 'nein';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') {
    if (ISO_DATE.test(value)) return formatDate(value);
    if (ISO_DATETIME.test(value)) return `${berlinTime.format(new Date(value))} Uhr`;
    return codeLabel(column, value);
  }
  if (Array.isArray(value)) return value.map((item) => formatValue(column, item)).join(', ');
  if (value !== null && typeof value === 'object') {
    return Object.entries(value)
      .map(([key, item]) => `${key}: ${formatValue(key, item)}`)
      .join('; ');
  }
  return String(value);
}

function isEmpty(value: unknown): boolean {
  return (
    value === null ||
    value === undefined ||
    value === '' ||
    (Array.isArray(value) && value.length === 0) ||
    (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0)
  );
}

type Doc = PDFKit.PDFDocument;

function bottom(doc: Doc): number {
  return doc.page.height - doc.page.margins.bottom;
}

function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > bottom(doc)) doc.addPage();
}

/** Draws text that contains right-to-left script: wrapped in logical order, each line laid out visually. */
function drawBidi(doc: Doc, text: string, x: number, width: number): void {
  const base = baseDirection(text);
  const lines: string[][] = [];
  let line: string[] = [];
  let lineWidth = 0;
  for (const token of tokens(text)) {
    const blank = /^\s+$/.test(token);
    if (line.length === 0 && blank) continue;
    const tokenWidth = doc.widthOfString(token);
    if (line.length > 0 && !blank && lineWidth + tokenWidth > width) {
      lines.push(line);
      line = [];
      lineWidth = 0;
    }
    line.push(token);
    lineWidth += tokenWidth;
  }
  if (line.length > 0) lines.push(line);
  const height = doc.currentLineHeight(true);
  for (const current of lines) {
    while (current.length > 0 && /^\s+$/.test(current.at(-1) ?? '')) current.pop();
    ensureSpace(doc, height);
    const total = current.reduce((sum, token) => sum + doc.widthOfString(token), 0);
    let cursor = base === 'rtl' ? x + width - total : x;
    const y = doc.y;
    for (const token of visualOrder(current, base)) {
      doc.text(token, cursor, y, { lineBreak: false });
      cursor += doc.widthOfString(token);
    }
    doc.y = y + height;
  }
}

function paragraph(doc: Doc, text: string, options: { x?: number; width?: number } = {}): void {
  const x = options.x ?? MARGIN;
  const width = options.width ?? doc.page.width - MARGIN - x;
  if (hasRightToLeft(text)) drawBidi(doc, text, x, width);
  else doc.text(text, x, doc.y, { width });
}

function field(doc: Doc, label: string, value: string): void {
  doc.fontSize(9);
  ensureSpace(doc, doc.currentLineHeight(true) * 2);
  const top = doc.y;
  const page = doc.page;
  doc.font('bold').text(label, MARGIN, top, { width: LABEL_WIDTH });
  const labelBottom = doc.y;
  doc.font('regular');
  doc.y = top;
  const valueX = MARGIN + LABEL_WIDTH + GAP;
  paragraph(doc, value, { x: valueX, width: doc.page.width - MARGIN - valueX });
  // A long value may have continued on a new page; then it decides where the next field starts.
  doc.y = doc.page === page ? Math.max(labelBottom, doc.y) + 2 : doc.y + 2;
  doc.x = MARGIN;
}

function heading(doc: Doc, text: string, size = 13): void {
  ensureSpace(doc, size * 4);
  doc.moveDown(0.6).font('bold').fontSize(size);
  doc.text(text, MARGIN, doc.y, { width: doc.page.width - 2 * MARGIN });
  doc.moveDown(0.3).font('regular').fontSize(9);
}

function caseLabels(data: ParticipantExport): Map<string, string> {
  const labels = new Map<string, string>();
  for (const row of data.tables.participant_case ?? []) {
    const opened = typeof row.openedOn === 'string' ? formatDate(row.openedOn) : '';
    labels.set(String(row.id), `Fall vom ${opened} (${typeof row.programme === 'string' ? row.programme : ''})`);
  }
  return labels;
}

function rowTitle(table: string, row: Record<string, unknown>, index: number, cases: Map<string, string>): string {
  if (table === 'participant_case') return cases.get(String(row.id)) ?? `Fall ${index + 1}`;
  const ofCase = typeof row.caseId === 'string' ? cases.get(row.caseId) : undefined;
  return `${SECTION_TITLES[table] ?? table}: Eintrag ${index + 1}${ofCase ? ` – ${ofCase}` : ''}`;
}

function rows(doc: Doc, table: string, data: ParticipantExport, cases: Map<string, string>): void {
  heading(doc, SECTION_TITLES[table] ?? table);
  const entries = data.tables[table] ?? [];
  if (entries.length === 0) {
    doc.text('Keine Einträge.', MARGIN);
    return;
  }
  entries.forEach((row, index) => {
    if (entries.length > 1 || table !== 'participant') {
      ensureSpace(doc, 30);
      doc
        .moveDown(0.3)
        .font('bold')
        .fontSize(10)
        .text(rowTitle(table, row, index, cases), MARGIN);
      doc.font('regular').fontSize(9).moveDown(0.2);
    }
    for (const [column, value] of Object.entries(row)) {
      if (HIDDEN_COLUMNS.has(column) || isEmpty(value)) continue;
      field(doc, TABLE_FIELD_LABELS[table]?.[column] ?? FIELD_LABELS[column] ?? column, formatValue(column, value));
    }
    if (table === 'case_document' && typeof row.content === 'string') {
      field(doc, 'Inhalt', `als Anhang „${String(row.fileName)}“ in dieser PDF-Datei und in der JSON-Datei`);
      doc.file(Buffer.from(row.content, 'base64'), {
        name: String(row.fileName),
        type: String(row.contentType),
        description: String(row.title),
      });
    }
  });
}

function auditLog(doc: Doc, data: ParticipantExport): void {
  heading(doc, SECTION_TITLES.audit_log ?? 'Zugriffsprotokoll');
  doc.text(
    'Jeder Zugriff auf Ihre Daten wird protokolliert. Angegeben sind Zeitpunkt, Organisation und Rolle der ' +
      'Beschäftigten, die Art des Zugriffs und die geänderten Felder (nie deren Inhalte).',
    MARGIN,
  );
  doc.moveDown(0.4);
  const entries = data.tables.audit_log ?? [];
  if (entries.length === 0) doc.text('Keine Einträge.', MARGIN);
  for (const entry of entries) {
    const when = formatValue('occurredAt', entry.occurredAt);
    const roles = Array.isArray(entry.actorRoles) ? entry.actorRoles.map(String).join(', ') : '';
    const who =
      typeof entry.actorOrganisation === 'string'
        ? `${entry.actorOrganisation}${roles ? ` (${roles})` : ''}`
        : 'System (automatisch)';
    const fields =
      Array.isArray(entry.changedFields) && entry.changedFields.length > 0
        ? ` · Felder: ${entry.changedFields.map(String).join(', ')}`
        : '';
    ensureSpace(doc, 24);
    doc.text(
      `${when} · ${who} · ${codeLabel('action', String(entry.action))} (${String(entry.resourceType)}) · ` +
        `${codeLabel('action', String(entry.outcome))}${fields}`,
      MARGIN,
      doc.y,
      { width: doc.page.width - 2 * MARGIN },
    );
  }
}

function information(doc: Doc, data: ParticipantExport): void {
  const info = data.information;
  heading(doc, 'Zwecke und Rechtsgrundlagen');
  for (const item of info.purposes) field(doc, item.purpose, item.legalBasis);
  heading(doc, 'Empfänger');
  paragraph(doc, info.recipients);
  heading(doc, 'Herkunft der Daten');
  paragraph(doc, info.source);
  heading(doc, 'Automatisierte Entscheidungen');
  paragraph(doc, info.automatedDecisions);
  heading(doc, 'Speicherdauer (Löschklassen)');
  for (const item of info.retention) field(doc, item.class, item.rule);
  heading(doc, 'Was bei einem Widerruf gelöscht wird');
  for (const item of info.consentData) field(doc, codeLabel('purpose', item.purpose), item.explanation);
  heading(doc, 'Ihre Rechte');
  for (const right of info.rights) paragraph(doc, `• ${right}`);
}

function footers(doc: Doc, data: ParticipantExport): void {
  const range = doc.bufferedPageRange();
  for (let index = 0; index < range.count; index += 1) {
    doc.switchToPage(range.start + index);
    const margin = doc.page.margins.bottom;
    // Writing into the bottom margin must not open a new page.
    doc.page.margins.bottom = 0;
    doc
      .font('regular')
      .fontSize(8)
      .fillColor('#555555')
      .text(
        `Auskunft nach Art. 15 DSGVO · ${data.dataSubject.number} · Seite ${index + 1} von ${range.count}`,
        MARGIN,
        doc.page.height - 35,
        { width: doc.page.width - 2 * MARGIN, align: 'center', lineBreak: false },
      );
    doc.page.margins.bottom = margin;
  }
}

/** Renders the report; resolves with the PDF file's bytes. */
export async function renderExportPdf(data: ParticipantExport): Promise<Buffer> {
  const generatedAt = new Date(data.generatedAt);
  const { doc, finished } = startPdf(
    {
      title: `Auskunft nach Art. 15 DSGVO – ${data.dataSubject.number}`,
      author: data.controller.name,
      subject: 'Auskunft über die gespeicherten personenbezogenen Daten',
      createdAt: generatedAt,
    },
    { margin: MARGIN, bufferPages: true },
  );

  doc.font('bold').fontSize(18).text('Auskunft nach Art. 15 DSGVO', MARGIN);
  doc.moveDown(0.5).font('regular').fontSize(9);
  field(doc, 'Verantwortliche Stelle', data.controller.name);
  field(doc, 'Pseudonymisierte Nummer', data.dataSubject.number);
  field(doc, 'Erstellt am', formatValue('generatedAt', data.generatedAt));
  doc.moveDown(0.5);
  paragraph(
    doc,
    'Dieser Bericht enthält alle Daten, die über Sie gespeichert sind, lesbar aufbereitet. Leere Felder und ' +
      'technische Verknüpfungen sind weggelassen; die vollständigen Daten einschließlich aller Kennungen und der ' +
      'Dokumente enthält die JSON-Datei, die Sie ebenfalls erhalten können. Dokumente sind dieser PDF-Datei als ' +
      'Anhänge beigefügt.',
  );

  information(doc, data);
  const cases = caseLabels(data);
  for (const table of Object.keys(data.tables)) {
    if (table === 'audit_log') continue;
    if (table === 'participant') doc.addPage();
    rows(doc, table, data, cases);
  }
  doc.addPage();
  auditLog(doc, data);
  footers(doc, data);
  doc.end();
  return finished;
}
