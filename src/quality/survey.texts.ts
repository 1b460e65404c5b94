// Loads the survey's text files (src/quality/survey/<language>.txt, one per language) once, checks them with
// survey.rules.ts and fails loudly at start-up when one is broken: a survey with a missing question must never
// reach a participant.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { surveyLanguages, type SurveyLanguage } from './quality.codes.ts';
import { parseSurveyFile, type SurveyTexts } from './survey.rules.ts';

export const SURVEY_FOLDER = join(import.meta.dirname, 'survey');

export type SurveyCatalogue = Readonly<Record<SurveyLanguage, SurveyTexts>>;

export function loadSurveyCatalogue(folder = SURVEY_FOLDER): SurveyCatalogue {
  const problems: string[] = [];
  const catalogue: Partial<Record<SurveyLanguage, SurveyTexts>> = {};
  for (const language of surveyLanguages) {
    const file = join(folder, `${language}.txt`);
    let content: string;
    try {
      content = readFileSync(file, 'utf8');
    } catch (error) {
      problems.push(`${file}: cannot be read (${String(error)})`);
      continue;
    }
    const parsed = parseSurveyFile(content);
    if ('problems' in parsed) {
      for (const problem of parsed.problems) {
        problems.push(`${file}${problem.line === null ? '' : `:${problem.line}`}: ${problem.message}`);
      }
    } else {
      catalogue[language] = parsed.texts;
    }
  }
  if (problems.length > 0) throw new Error(`The survey's text files are broken:\n${problems.join('\n')}`);
  return catalogue as SurveyCatalogue;
}

let cached: SurveyCatalogue | undefined;

/** The catalogue of this process, loaded on first use. */
export function surveyCatalogue(): SurveyCatalogue {
  cached ??= loadSurveyCatalogue();
  return cached;
}
