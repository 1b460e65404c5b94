// Right-to-left text (Arabic, Persian, Hebrew names in their original script) for the PDF. pdfkit shapes each
// piece of text with fontkit, which joins Arabic letters and reverses a right-to-left piece, but it has no bidi
// algorithm: a line with several words or mixed scripts comes out in the wrong order. This is a small subset of
// the Unicode bidi algorithm (UAX #9) that is enough for names and short texts: split into words and script runs,
// resolve the spaces between them, and order the pieces visually (left to right); each piece is then drawn on
// its own. Not covered: explicit embeddings and marks, nested numbers inside RTL with separators (e.g. "1,5").

const RTL_CHARS = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/;
const RTL_RUN = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]+|[^\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]+/g;
const STRONG_LTR = /[\p{L}\p{N}]/u;

export function hasRightToLeft(text: string): boolean {
  return RTL_CHARS.test(text);
}

type Direction = 'ltr' | 'rtl' | 'neutral';

function directionOf(token: string): Direction {
  if (RTL_CHARS.test(token)) return 'rtl';
  return STRONG_LTR.test(token) ? 'ltr' : 'neutral';
}

/** Words, spaces and script runs in logical (typed) order; each token has one direction. */
export function tokens(text: string): string[] {
  return text
    .split(/(\s+)/)
    .filter((part) => part.length > 0)
    .flatMap((part) => (/^\s+$/.test(part) ? [part] : (part.match(RTL_RUN) ?? [part])));
}

/** The paragraph's direction: that of its first strong character (UAX #9, rules P2/P3). */
export function baseDirection(text: string): 'ltr' | 'rtl' {
  for (const char of text) {
    if (RTL_CHARS.test(char)) return 'rtl';
    if (STRONG_LTR.test(char)) return 'ltr';
  }
  return 'ltr';
}

function reverseRuns(items: string[], directions: Direction[], which: Direction): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < items.length) {
    if (directions[i] !== which) {
      out.push(items[i] as string);
      i += 1;
      continue;
    }
    let j = i;
    while (j < items.length && directions[j] === which) j += 1;
    out.push(...items.slice(i, j).reverse());
    i = j;
  }
  return out;
}

/** The tokens of one line in visual order, left to right. */
export function visualOrder(line: readonly string[], base: 'ltr' | 'rtl' = baseDirection(line.join(''))): string[] {
  const raw = line.map(directionOf);
  // A neutral (space, punctuation) between two pieces of the same direction takes it; otherwise the base's (N1/N2).
  const resolved: Direction[] = raw.map((direction, index) => {
    if (direction !== 'neutral') return direction;
    const before = raw
      .slice(0, index)
      .reverse()
      .find((d) => d !== 'neutral');
    const after = raw.slice(index + 1).find((d) => d !== 'neutral');
    return before !== undefined && before === after ? before : base;
  });
  if (base === 'ltr') return reverseRuns([...line], resolved, 'rtl');
  const reversed = [...line].reverse();
  return reverseRuns(reversed, [...resolved].reverse(), 'ltr');
}
