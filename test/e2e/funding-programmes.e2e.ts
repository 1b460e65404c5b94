// Programmes and budgets in a real browser on a fresh demo data directory: the approving authority reads the
// programmes and their rules, creates a new version that changes FB4's rate per teaching hour (with a change
// note; the change listed before saving), sets a state budget, enters an allocation key as CSV, previews and
// applies the distribution by key; then the pages in English. Axe must find nothing in any state.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { newDataDir, serveDataDir, stopAndRemove } from '../helpers/data-dir.ts';
import type { ServerProcess } from '../helpers/server-process.ts';
import { expectNoAxeViolations, launchBrowser, openPage } from './browser.ts';
import {
  DEMO_OFFICER,
  field,
  followLink,
  pageTitle,
  pressButton,
  screenshots,
  signIn,
  switchLanguage,
  unexpected,
} from './support.ts';

const shot = screenshots('funding-programmes');

/** Picks an option of a Mantine select: focus it, open it with the keyboard, choose the option. */
async function choose(page: Page, label: string, option: string | RegExp) {
  await field(page, label).focus();
  await page.keyboard.press('ArrowDown');
  await page.getByRole('option', { name: option }).click();
}

describe.skipIf(inject('e2eSkip'))('funding programmes and budgets', () => {
  let dataDir: string;
  let server: ServerProcess | undefined;
  let baseUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    // A data directory of its own: the new programme version must not change what other journeys see.
    dataDir = await newDataDir('funding-programmes');
    server = await serveDataDir(dataDir);
    baseUrl = server.baseUrl;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await stopAndRemove(server, dataDir);
  });

  it('lets the authority change a rate in a new version and distribute a budget by key, in German and English', async () => {
    const { context, page, errors } = await openPage(browser);
    await signIn(page, baseUrl, DEMO_OFFICER, '/funding/programmes');
    await pageTitle(page).filter({ hasText: 'Förderprogramme' }).waitFor();
    await page.getByRole('link', { name: 'Durchstarten in Ausbildung und Arbeit' }).waitFor();
    await page.getByRole('link', { name: 'Kommunales Integrationsmanagement' }).waitFor();
    await expectNoAxeViolations(page, 'programmes (de)');
    await shot(page, 'programmes');

    // The programme with its rules, by keyboard.
    await followLink(page, 'Durchstarten in Ausbildung und Arbeit');
    await pageTitle(page).filter({ hasText: 'Durchstarten in Ausbildung und Arbeit' }).waitFor();
    const strands = page.getByRole('table', { name: 'Förderbausteine' });
    await strands.getByText(/Je Unterrichtsstunde\s*37,50\s€/).waitFor();
    await strands.getByText('Nur für Bündnismitglieder von „Gemeinsam klappt’s“').waitFor();
    await expectNoAxeViolations(page, 'programme (de)');
    await shot(page, 'programme');

    // A new version: FB4's rate 40 € instead of 37.50 €, with a change note.
    await followLink(page, 'Neue Version anlegen');
    await pageTitle(page).filter({ hasText: 'Neue Programmversion' }).waitFor();
    const rate = field(page, 'FB4: Pauschale je Unterrichtsstunde');
    await rate.focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('40,00');
    await expect.poll(() => rate.inputValue()).toBe('40,00 €');
    await field(page, 'Änderungsvermerk').focus();
    await page.keyboard.type('Erlass vom 01.12.2021: Stundensatz FB4 ab 2022');
    await page.getByRole('rowheader', { name: 'strands.FB4.teachingHourRateCents' }).waitFor();
    await expectNoAxeViolations(page, 'new version form (de)');
    await shot(page, 'new-version');
    await pressButton(page, 'Version speichern');
    await pageTitle(page).filter({ hasText: 'Durchstarten in Ausbildung und Arbeit' }).waitFor();
    await page.getByRole('rowheader', { name: '2 (aktuell)' }).waitFor();
    await page.getByRole('cell', { name: 'Erlass vom 01.12.2021: Stundensatz FB4 ab 2022' }).waitFor();
    await page
      .getByRole('table', { name: 'Förderbausteine' })
      .getByText(/Je Unterrichtsstunde\s*40,00\s€/)
      .waitFor();
    await page.getByRole('table', { name: 'Änderungen von Version 1 zu Version 2' }).waitFor();
    await expectNoAxeViolations(page, 'programme after the new version (de)');

    // Budgets: FB1 2021 gets 1 Mio €, a key is entered as CSV, the distribution previewed and applied.
    // 2019: a year the demo's funding data leave alone (FB1 has no state budget for it yet).
    await page.goto(`${baseUrl}/funding/budgets`);
    await pageTitle(page).filter({ hasText: 'Haushaltsmittel' }).waitFor();
    await choose(page, 'Haushaltsjahr', '2019');
    await page.getByRole('group', { name: 'Landesmittel 2019 festlegen' }).waitFor();
    await field(page, 'Betrag').focus();
    await page.keyboard.type('1000000');
    await pressButton(page, 'Festlegen');
    await page.getByRole('status').filter({ hasText: 'FB1: Landesmittel 1.000.000,00 € gespeichert.' }).waitFor();
    await field(page, 'Bezeichnung').fill('FlüAG 2020 (Demo)');
    await field(page, 'Stichtag').fill('2020-12-31');
    await field(page, 'Anteile (CSV: Amtlicher Schlüssel; Anteil in %)').fill(
      'AGS;Anteil;Name\n05315000;60,5;Stadt Köln\n05162000;39,5;Rhein-Kreis Neuss\n',
    );
    await pressButton(page, 'Schlüssel speichern');
    await page
      .getByRole('status')
      .filter({ hasText: 'Schlüssel „FlüAG 2020 (Demo)“ mit 2 Kommunen gespeichert.' })
      .waitFor();
    await expectNoAxeViolations(page, 'budgets with forms (de)');

    await page.getByRole('button', { name: 'FB1 verteilen' }).focus();
    await page.keyboard.press('Enter');
    await choose(page, 'Verteilschlüssel', /FlüAG 2020 \(Demo\)/);
    await pressButton(page, 'Vorschau berechnen');
    const preview = page.getByRole('table', { name: 'Vorschau der Verteilung' });
    await preview
      .getByRole('row', { name: /Stadt Köln/ })
      .getByText('605.000,00 €')
      .waitFor();
    await preview
      .getByRole('row', { name: /Rhein-Kreis Neuss/ })
      .getByText('395.000,00 €')
      .waitFor();
    await expectNoAxeViolations(page, 'allocation preview (de)');
    await shot(page, 'allocation-preview');
    await pressButton(page, 'Verteilung übernehmen');
    await page.getByRole('status').filter({ hasText: 'Verteilung übernommen.' }).waitFor();
    const recipients = page.getByRole('table', {
      name: 'Budgets der Kommunen mit gebundenen und ausgezahlten Mitteln',
    });
    await recipients
      .getByRole('row', { name: /Stadt Köln/ })
      .getByText('605.000,00 €')
      .first()
      .waitFor();
    const state = page.getByRole('table', { name: 'Landesmittel des Jahres' });
    await expect
      .poll(async () => (await state.getByRole('row', { name: /FB1/ }).innerText()).replace(/\s+/g, ' '))
      .toMatch(/1\.000\.000,00 € 1\.000\.000,00 € 0,00 €/);
    await expectNoAxeViolations(page, 'budgets after the allocation (de)');

    // The hub with its dashboard.
    await page.goto(`${baseUrl}/funding`);
    await pageTitle(page).filter({ hasText: 'Förderung' }).waitFor();
    await page
      .getByRole('table', { name: 'Budgets der Kommunen' })
      .getByRole('row')
      .filter({ hasText: 'Stadt Köln' })
      .filter({ hasText: '605.000,00 €' })
      .first()
      .waitFor();
    await expectNoAxeViolations(page, 'funding hub (de)');
    await shot(page, 'hub');

    // English: the same pages, amounts still in German notation.
    await switchLanguage(page, 'English');
    await pageTitle(page).filter({ hasText: 'Funding' }).waitFor();
    await page.getByRole('heading', { name: 'Funds overview' }).waitFor();
    await expectNoAxeViolations(page, 'funding hub (en)');
    await page.goto(`${baseUrl}/funding/budgets`);
    await pageTitle(page).filter({ hasText: 'Budgets' }).waitFor();
    await choose(page, 'Budget year', '2019');
    await page
      .getByRole('table', { name: "Municipalities' budgets with committed and paid funds" })
      .getByText('605.000,00 €')
      .first()
      .waitFor();
    await expectNoAxeViolations(page, 'budgets (en)');
    await page.goto(`${baseUrl}/funding/programmes`);
    await page.getByRole('link', { name: 'Durchstarten in Ausbildung und Arbeit' }).click();
    await page.getByRole('rowheader', { name: '2 (current)' }).waitFor();
    await expectNoAxeViolations(page, 'programme (en)');

    expect(unexpected(errors, [])).toEqual([]);
    await context.close();
  });
});
