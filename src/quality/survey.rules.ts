// The survey's texts live in plain text files a translator can edit (src/quality/survey/<language>.txt):
//   # a comment
//   key = text
// One key per line; the text runs to the end of the line (blanks around it are dropped). Every language must
// have exactly the keys of surveyTextKeys: a missing key would show an empty question, an extra one is a typo.
// Pure: the loader (survey.texts.ts) reads the files and hands their content here.
import { surveyTextKeys, type SurveyTextKey } from './quality.codes.ts';

export type SurveyTexts = Readonly<Record<SurveyTextKey, string>>;

export interface SurveyFileProblem {
  line: number | null;
  message: string;
}

const KEY = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/;
const DIRECTIONS = ['ltr', 'rtl'];

/** Parses a survey file; returns the texts or every problem found (with line numbers). */
export function parseSurveyFile(content: string): { texts: SurveyTexts } | { problems: SurveyFileProblem[] } {
  const problems: SurveyFileProblem[] = [];
  const found = new Map<string, string>();
  // A byte-order mark some editors write is not part of the first key.
  const lines = content.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = raw.trim();
    const number = index + 1;
    if (line === '' || line.startsWith('#')) return;
    const equals = line.indexOf('=');
    if (equals < 0) {
      problems.push({ line: number, message: 'expected "key = text"' });
      return;
    }
    const key = line.slice(0, equals).trim();
    const text = line.slice(equals + 1).trim();
    if (!KEY.test(key)) problems.push({ line: number, message: `"${key}" is not a key` });
    else if (found.has(key)) problems.push({ line: number, message: `"${key}" is given twice` });
    else if (text === '') problems.push({ line: number, message: `"${key}" has no text` });
    else found.set(key, text);
  });
  const expected = new Set<string>(surveyTextKeys);
  for (const key of surveyTextKeys) {
    if (!found.has(key)) problems.push({ line: null, message: `"${key}" is missing` });
  }
  for (const key of found.keys()) {
    if (!expected.has(key)) problems.push({ line: null, message: `"${key}" is not a key of the survey` });
  }
  const direction = found.get('meta.direction');
  if (direction !== undefined && !DIRECTIONS.includes(direction)) {
    problems.push({ line: null, message: '"meta.direction" must be ltr or rtl' });
  }
  if (problems.length > 0) return { problems };
  return { texts: Object.fromEntries(surveyTextKeys.map((key) => [key, found.get(key) ?? ''])) as SurveyTexts };
}

/** Fills "{offer}" in a text (the only placeholder the files use). */
export function fillPlaceholders(text: string, values: { offer: string }): string {
  return text.replaceAll('{offer}', values.offer);
}
