// The frame of every PDF the system writes (Art. 15 export, grant decisions, proofs of use): A4, German document
// language with its title shown (PDF/UA basics), the metadata, the fonts, and the collected bytes.
//
// Fonts: DejaVu Sans, embedded and subset, covers Latin, Cyrillic, Greek and Arabic script, so that every name
// prints. Parsing the font files is most of the cost of a small PDF (about 30 ms each on this machine, on the event
// loop), so they are read and parsed once, on the first document, and the parsed fonts are shared by every
// document: pdfkit takes a parsed fontkit font as it is, and each document still writes its own subset.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';

/** A font as fontkit parses it; pdfkit embeds an object with `layout` as it is. */
interface ParsedFont {
  layout: (text: string) => unknown;
}

let fonts: { regular: ParsedFont; bold: ParsedFont } | undefined;

function parsedFonts(): { regular: ParsedFont; bold: ParsedFont } {
  if (!fonts) {
    const fromHere = createRequire(import.meta.url);
    // pdfkit's own fontkit, whatever version it brings: the objects must be the kind pdfkit knows.
    const fontkit = createRequire(fromHere.resolve('pdfkit'))('fontkit') as { create: (data: Buffer) => ParsedFont };
    const parse = (file: string) => fontkit.create(readFileSync(fromHere.resolve(`dejavu-fonts-ttf/ttf/${file}`)));
    fonts = { regular: parse('DejaVuSans.ttf'), bold: parse('DejaVuSans-Bold.ttf') };
  }
  return fonts;
}

export interface PdfInfo {
  title: string;
  author: string;
  subject: string;
  /** ASCII words to find the document by (e.g. a reference number) */
  keywords?: string;
  createdAt: Date;
}

/**
 * A new A4 document with the fonts 'regular' and 'bold' registered, and the promise of its bytes once `doc.end()`
 * is called. `bufferPages` keeps pages open for page numbers written at the end.
 */
export function startPdf(
  info: PdfInfo,
  options: { margin: number; bufferPages?: boolean },
): { doc: PDFKit.PDFDocument; finished: Promise<Buffer> } {
  const doc = new PDFDocument({
    size: 'A4',
    margin: options.margin,
    bufferPages: options.bufferPages ?? false,
    lang: 'de-DE',
    displayTitle: true,
    info: {
      Title: info.title,
      Author: info.author,
      Subject: info.subject,
      ...(info.keywords === undefined ? {} : { Keywords: info.keywords }),
      CreationDate: info.createdAt,
    },
  });
  const chunks: Buffer[] = [];
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const { regular, bold } = parsedFonts();
  // The type declarations know file names and buffers only; pdfkit itself takes a parsed font (see above).
  doc.registerFont('regular', regular as unknown as Buffer);
  doc.registerFont('bold', bold as unknown as Buffer);
  return { doc, finished };
}
