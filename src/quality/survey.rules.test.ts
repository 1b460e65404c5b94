import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { surveyLanguages, surveyTextKeys } from './quality.codes.ts';
import { fillPlaceholders, parseSurveyFile } from './survey.rules.ts';
import { loadSurveyCatalogue, SURVEY_FOLDER } from './survey.texts.ts';

const german = readFileSync(join(SURVEY_FOLDER, 'de.txt'), 'utf8');

describe('the survey text files', () => {
  it('have every key and no other in every language', () => {
    const catalogue = loadSurveyCatalogue();
    for (const language of surveyLanguages) {
      expect(Object.keys(catalogue[language]).sort()).toEqual([...surveyTextKeys].sort());
      for (const key of surveyTextKeys) expect(catalogue[language][key].length).toBeGreaterThan(0);
    }
  });

  it('flag Arabic and Dari/Farsi as right to left, the others as left to right', () => {
    const catalogue = loadSurveyCatalogue();
    const rtl = surveyLanguages.filter((language) => catalogue[language]['meta.direction'] === 'rtl');
    expect(rtl).toEqual(['ar', 'fa']);
  });

  it('keep the {offer} placeholder in every language and mark the translations for review', () => {
    const catalogue = loadSurveyCatalogue();
    for (const language of surveyLanguages) {
      expect(catalogue[language].offer).toContain('{offer}');
      const content = readFileSync(join(SURVEY_FOLDER, `${language}.txt`), 'utf8');
      expect(content).toMatch(/^# .*review/im);
    }
  });

  it('differ from the German text in every other language (nothing left untranslated)', () => {
    const catalogue = loadSurveyCatalogue();
    for (const language of surveyLanguages.filter((l) => l !== 'de')) {
      expect(catalogue[language]['question.helped']).not.toBe(catalogue.de['question.helped']);
    }
  });
});

describe('parseSurveyFile', () => {
  it('reports a missing key, an extra key, a duplicate and a line without "="', () => {
    const broken = german
      .replace(/^question\.learned = .*$/m, '')
      .replace(/^title = (.*)$/m, 'title = $1\ntitle = again\nquestion.extra = Extra\nno equals sign here');
    const parsed = parseSurveyFile(broken);
    expect('problems' in parsed).toBe(true);
    const messages = 'problems' in parsed ? parsed.problems.map((p) => p.message) : [];
    expect(messages).toEqual(
      expect.arrayContaining([
        '"question.learned" is missing',
        '"title" is given twice',
        '"question.extra" is not a key of the survey',
        'expected "key = text"',
      ]),
    );
  });

  it('refuses an empty text and an unknown direction, and ignores a byte-order mark', () => {
    const parsed = parseSurveyFile(
      `\uFEFF${german.replace(/^meta\.direction = ltr$/m, 'meta.direction = up').replace(/^skip = .*$/m, 'skip =')}`,
    );
    const messages = 'problems' in parsed ? parsed.problems.map((p) => p.message) : [];
    expect(messages).toEqual(['"skip" has no text', '"skip" is missing', '"meta.direction" must be ltr or rtl']);
  });

  it('fails loading when a language file is broken', () => {
    const folder = mkdtempSync(join(tmpdir(), 'survey-'));
    for (const language of surveyLanguages) {
      writeFileSync(join(folder, `${language}.txt`), language === 'ti' ? 'title = only this' : german);
    }
    expect(() => loadSurveyCatalogue(folder)).toThrow(/ti\.txt: "intro" is missing/);
  });

  it('fills the offer placeholder', () => {
    expect(fillPlaceholders('Angebot: {offer}', { offer: 'Deutsch B1' })).toBe('Angebot: Deutsch B1');
  });
});
