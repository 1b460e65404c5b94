// Applications and grant decisions in a real browser on a fresh demo data directory: the managing office drafts
// an application with its financing plan and submits it; the authority opens the review, comments and returns
// it for correction; the office corrects a line (in English) and resubmits; the authority decides, and the
// decision's PDF can be opened. Keyboard only where a user types or presses; axe must find nothing in any state.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { newDataDir, serveDataDir, stopAndRemove } from '../helpers/data-dir.ts';
import type { ServerProcess } from '../helpers/server-process.ts';
import { expectNoAxeViolations, launchBrowser, openPage } from './browser.ts';
import {
  api,
  DEMO_OFFICE,
  DEMO_OFFICER,
  pageTitle,
  pressButton,
  signIn,
  switchLanguage,
  typeIntoId,
} from './support.ts';
import { ensureBudget, fillDate, retype } from './funding-support.ts';

const TITLE = 'Coaching Durchstarten 2021';
const EURO = '\u00a0€';

/** A date field: tabbed to, then filled (the browser's date widget is not typed into digit by digit). */

/** Replaces the text of a field, by keyboard. */

/**
 * 100,000 € more of FB1 2021 for the municipality: the state budget (created, or raised with If-Match when the demo
 * data has it) and the municipality's allocation, set by the authority through the budget API.
 */

describe.skipIf(inject('e2eSkip'))('applications and grant decisions', () => {
  let dataDir: string;
  let server: ServerProcess | undefined;
  let baseUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    dataDir = await newDataDir('applications');
    server = await serveDataDir(dataDir);
    baseUrl = server.baseUrl;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await stopAndRemove(server, dataDir);
  });

  it('is drafted and submitted, returned with a comment, corrected and resubmitted, and decided with its PDF', async () => {
    // The managing office drafts the application and its plan.
    const office = await openPage(browser);
    const { page } = office;
    await signIn(page, baseUrl, DEMO_OFFICE, '/funding/applications/new');
    await pageTitle(page).filter({ hasText: 'Neuer Antrag' }).waitFor();
    await expectNoAxeViolations(page, 'new application (office, de)');
    await typeIntoId(page, 'application-title', TITLE);
    await fillDate(page, 'application-period-from', '2021-01-01');
    await fillDate(page, 'application-period-to', '2021-12-31');
    await pressButton(page, 'Antrag anlegen');
    await pageTitle(page).filter({ hasText: TITLE }).waitFor();
    const applicationUrl = page.url();

    await typeIntoId(page, 'cost-description', 'Coach (1,0 Stelle)');
    await typeIntoId(page, 'cost-amount', '50000');
    await pressButton(page, 'Hinzufügen');
    const costs = page.getByRole('table', { name: 'Ausgaben je Förderbaustein und Haushaltsjahr' });
    await costs.getByText(`50.000,00${EURO}`).waitFor();
    // Without own contribution and request, the check names the unbalanced year next to it.
    await page.getByText('Der Plan hat 2 Probleme:').waitFor();
    await expectNoAxeViolations(page, 'draft with problems (office, de)');
    await typeIntoId(page, 'source-name', 'Eigenanteil der Stadt');
    await typeIntoId(page, 'source-amount', '10000');
    await pressButton(page, 'Hinzufügen');
    await page.getByRole('table', { name: 'Eigenanteil und Drittmittel je Haushaltsjahr' }).waitFor();
    await typeIntoId(page, 'requested-amount', '40000');
    await pressButton(page, 'Hinzufügen');
    await page.getByText('Der Finanzierungsplan erfüllt die Regeln des Programms.').waitFor();
    await page.getByRole('table', { name: 'Summen je Haushaltsjahr' }).getByText('20 %').first().waitFor();
    await pressButton(page, 'Antrag einreichen');
    await page.getByText('Der Antrag ist eingereicht.').waitFor();
    await expectNoAxeViolations(page, 'submitted application (office, de)');
    const application = (await api(page, 'GET', `/api/v1/funding/applications/${applicationUrl.split('/').pop()}`))
      .json as { id: string; reference: string; municipalityId: string; programmeId: string };
    expect(application.reference).toMatch(/-2\d{3}-/);

    // The authority finds it in its inbox, opens the review, comments and returns it.
    const authority = await openPage(browser);
    const officer = authority.page;
    await signIn(officer, baseUrl, DEMO_OFFICER, '/funding/applications');
    await officer.getByRole('link', { name: TITLE }).waitFor();
    await expectNoAxeViolations(officer, 'inbox (authority, de)');
    await officer.getByRole('link', { name: TITLE }).focus();
    await officer.keyboard.press('Enter');
    await pageTitle(officer).filter({ hasText: TITLE }).waitFor();
    await pressButton(officer, 'Prüfung beginnen');
    await officer.getByText('Die Prüfung hat begonnen.').waitFor();
    await typeIntoId(officer, 'comment-body', 'Bitte die Aufgaben des Coachs beschreiben.');
    await pressButton(officer, 'Anmerkung senden');
    await officer.getByText('Die Anmerkung ist gesendet.').waitFor();
    await typeIntoId(officer, 'review-reason', 'Die Stellenbeschreibung fehlt.', { backwards: true });
    await pressButton(officer, 'Zur Nachbesserung zurückgeben');
    await officer.getByText('Der Antrag ist zur Nachbesserung zurückgegeben.').waitFor();
    await expectNoAxeViolations(officer, 'returned application with the comment (authority, de)');

    // The office sees the comment and the reason, corrects the line in English and resubmits.
    await page.reload();
    await pageTitle(page).filter({ hasText: TITLE }).waitFor();
    await page.getByText('Die Stellenbeschreibung fehlt.').waitFor();
    await page.getByText('Bitte die Aufgaben des Coachs beschreiben.').waitFor();
    await switchLanguage(page, 'English');
    await page.getByRole('heading', { name: 'Costs', exact: true }).waitFor();
    await expectNoAxeViolations(page, 'returned application (office, en)');
    await page.getByRole('button', { name: 'Change: Coach (1,0 Stelle)' }).focus();
    await page.keyboard.press('Enter');
    await retype(page, 'cost-edit-description', 'Coach (1,0 Stelle), Aufgaben laut Anlage');
    await pressButton(page, 'Save');
    await page.getByRole('cell', { name: 'Coach (1,0 Stelle), Aufgaben laut Anlage', exact: true }).waitFor();
    await pressButton(page, 'Submit application');
    await page.getByText('The application is submitted.').waitFor();
    await expectNoAxeViolations(page, 'resubmitted application (office, en)');
    await switchLanguage(page, 'Deutsch');

    // The authority decides with the suggested amount; the grant shows it and the PDF opens.
    await ensureBudget(officer, application.programmeId, application.municipalityId);
    await officer.reload();
    await pressButton(officer, 'Prüfung beginnen');
    await officer.getByText('Die Prüfung hat begonnen.').waitFor();
    await expect.poll(() => officer.locator('#decide-amount-0').inputValue()).toBe('40.000,00 €');
    await expectNoAxeViolations(officer, 'decision form (authority, de)');
    await typeIntoId(officer, 'decide-reason', 'Die Fördervoraussetzungen liegen vor.');
    await pressButton(officer, 'Zuwendungsbescheid erlassen');
    await officer.waitForURL(/\/funding\/grants\/[0-9a-f-]{36}$/);
    await pageTitle(officer).filter({ hasText: application.reference }).waitFor();
    await officer
      .getByRole('table', { name: /Geltende Beträge|Beträge je Förderbaustein/ })
      .getByText(`40.000,00${EURO}`)
      .first()
      .waitFor();
    await expectNoAxeViolations(officer, 'grant with its decision (authority, de)');
    const pdfLink = officer.getByRole('link', { name: 'PDF öffnen (Zuwendungsbescheid Nr. 1)' });
    const href = await pdfLink.getAttribute('href');
    const pdf = await officer.evaluate(async (path) => {
      const response = await fetch(String(path));
      const bytes = new Uint8Array(await response.arrayBuffer());
      return {
        status: response.status,
        type: response.headers.get('content-type'),
        head: String.fromCharCode(...bytes.slice(0, 5)),
      };
    }, href);
    expect(pdf).toEqual({ status: 200, type: 'application/pdf', head: '%PDF-' });

    // The office sees the application decided, with the way to the grant.
    await page.reload();
    await page.getByText('Bewilligt').first().waitFor();
    await page.getByRole('link', { name: 'Zum Zuwendungsbescheid' }).waitFor();
    expect(office.errors).toEqual([]);
    expect(authority.errors).toEqual([]);
  }, 240_000);
});
