// The journey through the funding administration, in a real browser on a fresh data directory with the
// demo (and its funding data: Köln's grant of the published volume is listed with its payments): the managing
// office of Köln applies, the approving authority decides, the office requests a payment, two different grant
// officers approve it (four eyes), and the proof of use shows planned vs actual. German by default; keyboard
// where a user types or presses; axe must find nothing in any state visited.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { newDataDir, serveDataDir, stopAndRemove } from '../helpers/data-dir.ts';
import type { ServerProcess } from '../helpers/server-process.ts';
import { expectNoAxeViolations, launchBrowser, openPage } from './browser.ts';
import {
  api,
  DEMO_OFFICE,
  DEMO_OFFICER,
  DEMO_SECOND_OFFICER,
  pageTitle,
  pressButton,
  shift,
  signIn,
  tabToId,
  today,
  typeIntoId,
} from './support.ts';
import { fillDate, retype } from './funding-support.ts';

const TITLE = 'Coaching im Veedel 2021';
const EURO = '\u00a0€';

// Each step is a whole part of the journey in a browser; on a loaded CI machine one takes more than a minute.
describe.skipIf(inject('e2eSkip'))(
  'funding journey: apply, decide, request, approve twice, prove',
  { timeout: 240_000 },
  () => {
    let dataDir: string;
    let server: ServerProcess | undefined;
    let baseUrl: string;
    let browser: Browser;
    let grantId = '';
    let reference = '';

    beforeAll(async () => {
      dataDir = await newDataDir('funding-journey');
      server = await serveDataDir(dataDir);
      baseUrl = server.baseUrl;
      browser = await launchBrowser();
    });

    afterAll(async () => {
      await browser?.close();
      await stopAndRemove(server, dataDir);
    });

    it('shows the demo funding data: Köln’s grant of the published volume with its payments', async () => {
      const { context, page, errors } = await openPage(browser);
      await signIn(page, baseUrl, DEMO_OFFICE, '/funding/grants');
      await pageTitle(page).filter({ hasText: 'Zuwendungsbescheide' }).waitFor();
      // 2,956,360 € costs less the 20 % own contribution (591,272 €).
      const seeded = page.getByRole('row', { name: /DIAA-2020-05315000-0001/ });
      await seeded.getByText(`2.365.088,00${EURO}`).first().waitFor();
      await expectNoAxeViolations(page, 'grants with the demo grant (office, de)');
      const grants = (await api(page, 'GET', '/api/v1/funding/grants')).json as {
        items: { id: string; reference: string }[];
      };
      const demoGrant = grants.items.find((grant) => grant.reference === 'DIAA-2020-05315000-0001');
      await page.goto(`${baseUrl}/funding/grants/${demoGrant?.id}/payments`);
      const ledger = page.getByRole('table', { name: 'Buchungen in zeitlicher Reihenfolge mit laufenden Summen' });
      await ledger
        .getByRole('row', { name: /Auszahlung/ })
        .first()
        .waitFor();
      await page.getByRole('region', { name: 'Mittelabrufe' }).getByText('Noch keine Freigabe').waitFor();
      await expectNoAxeViolations(page, 'demo grant payments and ledger (office, de)');
      expect(errors).toEqual([]);
      await context.close();
    });

    it('the municipality applies and the authority decides, with the decision as PDF', async () => {
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
      const applicationId = page.url().split('/').pop() ?? '';
      await typeIntoId(page, 'cost-description', 'Coach im Veedel (0,5 Stelle)');
      await typeIntoId(page, 'cost-amount', '20000');
      await pressButton(page, 'Hinzufügen');
      await page
        .getByRole('table', { name: 'Ausgaben je Förderbaustein und Haushaltsjahr' })
        .getByText(`20.000,00${EURO}`)
        .waitFor();
      await typeIntoId(page, 'source-name', 'Eigenanteil der Stadt Köln');
      await typeIntoId(page, 'source-amount', '4000');
      await pressButton(page, 'Hinzufügen');
      await page.getByRole('table', { name: 'Eigenanteil und Drittmittel je Haushaltsjahr' }).waitFor();
      await typeIntoId(page, 'requested-amount', '16000');
      await pressButton(page, 'Hinzufügen');
      await page.getByText('Der Finanzierungsplan erfüllt die Regeln des Programms.').waitFor();
      await expectNoAxeViolations(page, 'balanced plan (office, de)');
      await pressButton(page, 'Antrag einreichen');
      await page.getByText('Der Antrag ist eingereicht.').waitFor();
      await expectNoAxeViolations(page, 'submitted application (office, de)');

      const authority = await openPage(browser);
      const officer = authority.page;
      await signIn(officer, baseUrl, DEMO_OFFICER, '/funding/applications');
      await officer.getByRole('link', { name: TITLE }).waitFor();
      await expectNoAxeViolations(officer, 'applications inbox (authority, de)');
      await officer.getByRole('link', { name: TITLE }).focus();
      await officer.keyboard.press('Enter');
      await pageTitle(officer).filter({ hasText: TITLE }).waitFor();
      await pressButton(officer, 'Prüfung beginnen');
      await officer.getByText('Die Prüfung hat begonnen.').waitFor();
      // 80 % of the costs (the plan's 20 % own contribution): the suggestion the officer decides.
      await expect.poll(() => officer.locator('#decide-amount-0').inputValue()).toBe('16.000,00 €');
      await expectNoAxeViolations(officer, 'decision form (authority, de)');
      await typeIntoId(officer, 'decide-reason', 'Die Fördervoraussetzungen liegen vor.');
      await pressButton(officer, 'Zuwendungsbescheid erlassen');
      // The decision renders its PDF before the grant opens: on a busy machine that takes a while.
      await expect.poll(() => officer.url(), { timeout: 60_000 }).toMatch(/\/funding\/grants\/[0-9a-f-]{36}$/);
      grantId = officer.url().split('/').pop() ?? '';
      const application = (await api(page, 'GET', `/api/v1/funding/applications/${applicationId}`)).json as {
        reference: string;
      };
      reference = application.reference;
      await pageTitle(officer).filter({ hasText: reference }).waitFor();
      await expectNoAxeViolations(officer, 'grant decided (authority, de)');
      const href = await officer
        .getByRole('link', { name: 'PDF öffnen (Zuwendungsbescheid Nr. 1)' })
        .getAttribute('href');
      const pdf = await officer.evaluate(async (path) => {
        const response = await fetch(String(path));
        const bytes = new Uint8Array(await response.arrayBuffer());
        return { status: response.status, head: String.fromCharCode(...bytes.slice(0, 5)) };
      }, href);
      expect(pdf).toEqual({ status: 200, head: '%PDF-' });
      expect(office.errors).toEqual([]);
      expect(authority.errors).toEqual([]);
      await office.context.close();
      await authority.context.close();
    });

    it('the municipality requests a payment due within two months', async () => {
      const { context, page, errors } = await openPage(browser);
      await signIn(page, baseUrl, DEMO_OFFICE, `/funding/grants/${grantId}/payments`);
      await pageTitle(page)
        .filter({ hasText: `Mittelabrufe und Zahlungen ${reference}` })
        .waitFor();
      await expectNoAxeViolations(page, 'payments of the new grant (office, de)');
      await tabToId(page, 'request-line-0-amount');
      await page.keyboard.type('6000');
      await page.locator('#request-line-0-dueOn').fill(shift(today(), { months: 1 }));
      await tabToId(page, 'request-line-0-purpose');
      await page.keyboard.type('Personalkosten Coaching');
      await pressButton(page, 'Mittelabruf stellen');
      await page.getByRole('status').filter({ hasText: 'Der Mittelabruf wurde gestellt.' }).waitFor();
      await page.getByRole('region', { name: 'Mittelabrufe' }).getByText('Noch keine Freigabe').waitFor();
      await expectNoAxeViolations(page, 'payment requested (office, de)');
      expect(errors).toEqual([]);
      await context.close();
    });

    it('two different grant officers approve it; the payment is booked', async () => {
      const first = await openPage(browser);
      await signIn(first.page, baseUrl, DEMO_OFFICER, '/funding/payments');
      await pageTitle(first.page).filter({ hasText: 'Mittelabrufe' }).waitFor();
      const row = first.page.getByRole('row', { name: new RegExp(reference) });
      expect(await row.textContent()).toMatch(/6\.000,00\s€/);
      await expectNoAxeViolations(first.page, 'approval inbox (first officer, de)');
      // The newest request comes first: this journey's.
      await pressButton(first.page, 'Erste Freigabe');
      await first.page.getByRole('status').filter({ hasText: 'Freigabe erteilt.' }).waitFor();
      await row.getByText('1. Freigabe: Demo grant officer').waitFor();
      expect(await row.getByRole('button', { name: /Zweite Freigabe/ }).count()).toBe(0);
      await expectNoAxeViolations(first.page, 'first approval given (de)');
      expect(first.errors).toEqual([]);
      await first.context.close();

      const second = await openPage(browser);
      await signIn(second.page, baseUrl, DEMO_SECOND_OFFICER, '/funding/payments');
      const pending = second.page.getByRole('row', { name: new RegExp(reference) });
      await pending.getByText('1. Freigabe: Demo grant officer').waitFor();
      await expectNoAxeViolations(second.page, 'approval inbox (second officer, de)');
      await pressButton(second.page, 'Zweite Freigabe und Auszahlung');
      await second.page
        .getByRole('status')
        .filter({ hasText: 'Zweite Freigabe erteilt: Die Zahlung ist gebucht.' })
        .waitFor();
      await expectNoAxeViolations(second.page, 'paid (second officer, de)');
      expect(second.errors).toEqual([]);
      await second.context.close();

      const office = await openPage(browser);
      await signIn(office.page, baseUrl, DEMO_OFFICE, `/funding/grants/${grantId}/payments`);
      const booking = office.page
        .getByRole('table', { name: 'Buchungen in zeitlicher Reihenfolge mit laufenden Summen' })
        .getByRole('row', { name: /Auszahlung/ });
      expect(await booking.textContent()).toMatch(/6\.000,00\s€/);
      await expectNoAxeViolations(office.page, 'ledger with the payment (office, de)');
      expect(office.errors).toEqual([]);
      await office.context.close();
    });

    it('the proof of use shows planned vs actual', async () => {
      const { context, page, errors } = await openPage(browser);
      await signIn(page, baseUrl, DEMO_OFFICE, `/funding/grants/${grantId}/proofs`);
      await pageTitle(page).filter({ hasText: 'Verwendungsnachweise des Bescheids' }).waitFor();
      await page.getByText('Keine Nachweise.').waitFor();
      await expectNoAxeViolations(page, 'proofs of the grant (office, de)');
      await retype(page, 'start-year', '2021');
      await pressButton(page, 'Anlegen');
      await pageTitle(page).filter({ hasText: 'Zwischennachweis 2021' }).waitFor();
      const lines = page.getByRole('table', { name: 'Plan und Ist je Ansatz' });
      await lines.getByText(`20.000,00${EURO}`).first().waitFor();
      await expectNoAxeViolations(page, 'new interim statement (office, de)');
      await retype(page, 'actual-0', '18500');
      await expect.poll(() => page.locator('#actual-0').inputValue()).toBe('18.500,00 €');
      await pressButton(page, 'Ist-Ausgaben speichern');
      await page.getByText('Die Ist-Ausgaben sind gespeichert.').waitFor();
      // Planned and actual side by side, with the deviation; the totals of the strand and year.
      await expect.poll(() => page.locator('#actual-0').inputValue()).toBe('18.500,00 €');
      const line = lines.getByRole('row', { name: /Coach im Veedel/ });
      await line.getByText(`20.000,00${EURO}`).first().waitFor();
      await line.getByText(/^[−-]1\.500,00\s€$/).waitFor();
      const groups = page.getByRole('table', { name: 'Summen je Förderbaustein und Haushaltsjahr' });
      await groups.getByText(`18.500,00${EURO}`).first().waitFor();
      await expectNoAxeViolations(page, 'planned vs actual (office, de)');
      expect(errors).toEqual([]);
      await context.close();
    });
  },
);
