// The fonts of every PDF the system writes (data export, grant decisions, proofs of use): DejaVu Sans, embedded
// and subset, covers Latin, Cyrillic, Greek and Arabic script. Read once, on the first document, not at start-up.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

let loaded: { regular: Buffer; bold: Buffer } | undefined;

export function pdfFonts(): { regular: Buffer; bold: Buffer } {
  if (!loaded) {
    const require = createRequire(import.meta.url);
    loaded = {
      regular: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')),
      bold: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')),
    };
  }
  return loaded;
}
