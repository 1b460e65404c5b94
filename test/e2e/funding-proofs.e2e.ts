// The proof of use in a real browser on a fresh demo data directory. A decided grant with a payment is set up
// through the API (application with its plan, decision, payment request approved by two officers); then the
// managing office opens the grant's proofs, starts the interim statement, enters actuals (a line more than 20 %
// over plan without offset shows the problem), corrects them, writes the narrative and submits; the authority (in
// English) audits with findings, which computes a recovery claim, issues it and books the repayment.
// Keyboard only where a user types or presses; axe must find nothing in any state.
import type { Browser, Page } from 'playwright-core';
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
  signIn,
  switchLanguage,
  tabToId,
  today,
  typeIntoId,
} from './support.ts';
import { ensureBudget, retype } from './funding-support.ts';

const APPLICATIONS = '/api/v1/funding/applications';
const EURO = '\u00a0€';

async function ok(page: Page, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await api(page, method, path, body, headers);
  expect([200, 201, 204], `${method} ${path}: ${JSON.stringify(response.json)}`).toContain(response.status);
  return response.json as { id: string; version: number } & Record<string, unknown>;
}

const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

/** Replaces the text of a field, by keyboard. */

/** Types an amount in euros into a money field and waits until it shows as German notation. */
async function typeMoney(page: Page, id: string, euros: string, shown: string) {
  await retype(page, id, euros);
  await expect.poll(() => page.locator(`#${id}`).inputValue()).toBe(`${shown} €`);
}

/** FB1 2021: the state budget and the municipality's allocation, created or raised (If-Match when they exist). */

/**
 * A grant of 40,000 € (80 % of 50,000 € planned: coaches 40,000 €, travel 10,000 €) for FB1 2021, paid in full
 * after the four-eyes approval of two officers.
 */
async function paidGrant(office: Page, officer: Page, secondOfficer: Page): Promise<string> {
  const programmes = (await ok(office, 'GET', '/api/v1/funding/programmes')) as unknown as {
    items: { id: string; code: string }[];
  };
  const programmeId = programmes.items.find((p) => p.code === 'DIAA')?.id ?? '';
  const application = await ok(office, 'POST', APPLICATIONS, {
    programmeId,
    title: 'Coaching Verwendungsnachweis 2021',
    periodFrom: '2021-01-01',
    periodTo: '2021-12-31',
  });
  const plan = `${APPLICATIONS}/${application.id}`;
  const line = { strand: 'FB1', budgetYear: 2021 };
  await ok(office, 'POST', `${plan}/cost-lines`, {
    ...line,
    category: 'personnel',
    description: 'Coaches (1,0 VZÄ)',
    amountCents: 4_000_000,
  });
  await ok(office, 'POST', `${plan}/cost-lines`, {
    ...line,
    category: 'travel',
    description: 'Fahrtkosten',
    amountCents: 1_000_000,
  });
  await ok(office, 'POST', `${plan}/funding-sources`, {
    kind: 'own_contribution',
    name: 'Eigenanteil der Stadt',
    budgetYear: 2021,
    amountCents: 1_000_000,
  });
  await ok(office, 'POST', `${plan}/requested-amounts`, { ...line, amountCents: 4_000_000 });
  let current = await ok(office, 'GET', plan);
  await ok(office, 'POST', `${plan}/submit`, {}, ifMatch(current.version));

  await ensureBudget(officer, programmeId, String(application.municipalityId));
  current = await ok(officer, 'GET', plan);
  await ok(officer, 'POST', `${plan}/review`, {}, ifMatch(current.version));
  current = await ok(officer, 'GET', plan);
  const grant = await ok(
    officer,
    'POST',
    `${plan}/decision`,
    {
      periodFrom: '2021-01-01',
      periodTo: '2021-12-31',
      financingType: 'share',
      fundingRateBp: 8000,
      amounts: [{ ...line, amountCents: 4_000_000 }],
    },
    ifMatch(current.version),
  );

  const request = await ok(office, 'POST', '/api/v1/funding/payment-requests', {
    grantId: grant.id,
    justification: 'Personalkosten 2021',
    lines: [{ ...line, amountCents: 4_000_000, dueOn: today(), purpose: 'Coaching' }],
  });
  const approved = await ok(
    officer,
    'POST',
    `/api/v1/funding/payment-requests/${request.id}/approve`,
    undefined,
    ifMatch(request.version),
  );
  await ok(
    secondOfficer,
    'POST',
    `/api/v1/funding/payment-requests/${request.id}/approve`,
    undefined,
    ifMatch(approved.version),
  );
  return grant.id;
}

describe.skipIf(inject('e2eSkip'))('proof of use, audit and recovery', () => {
  let dataDir: string;
  let server: ServerProcess | undefined;
  let baseUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    dataDir = await newDataDir('proofs');
    server = await serveDataDir(dataDir);
    baseUrl = server.baseUrl;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await stopAndRemove(server, dataDir);
  });

  it('is started, corrected after the 20 % rule showed a problem, submitted, audited with a recovery', async () => {
    const office = await openPage(browser);
    const authority = await openPage(browser);
    const second = await openPage(browser);
    const { page } = office;
    const officer = authority.page;
    await signIn(page, baseUrl, DEMO_OFFICE, '/funding');
    await signIn(officer, baseUrl, DEMO_OFFICER, '/funding');
    await signIn(second.page, baseUrl, DEMO_SECOND_OFFICER, '/funding');
    const grantId = await paidGrant(page, officer, second.page);

    // The office opens the proofs of the grant and starts the interim statement 2021.
    await page.goto(`${baseUrl}/funding/grants/${grantId}/proofs`);
    await pageTitle(page).filter({ hasText: 'Verwendungsnachweise des Bescheids' }).waitFor();
    await page.getByText('Keine Nachweise.').waitFor();
    await expectNoAxeViolations(page, 'proofs of the grant (office, de)');
    await retype(page, 'start-year', '2021');
    await pressButton(page, 'Anlegen');
    await pageTitle(page).filter({ hasText: 'Zwischennachweis 2021' }).waitFor();
    await page.getByRole('table', { name: 'Plan und Ist je Ansatz' }).getByText(`40.000,00${EURO}`).first().waitFor();
    await expectNoAxeViolations(page, 'new proof (office, de)');

    // 50,000 € on a line of 40,000 € (25 % over), nothing saved elsewhere: both problems are shown.
    // The plan's lines come in the order the financing plan keeps them: find the coaches' line.
    const firstLine = await page
      .getByRole('table', { name: 'Plan und Ist je Ansatz' })
      .locator('tbody tr')
      .first()
      .innerText();
    const [coaches, travel] = firstLine.includes('Coaches') ? ['actual-0', 'actual-1'] : ['actual-1', 'actual-0'];
    await typeMoney(page, coaches, '50000', '50.000,00');
    await typeMoney(page, travel, '10000', '10.000,00');
    await pressButton(page, 'Ist-Ausgaben speichern');
    await page.getByText('Die Ist-Ausgaben sind gespeichert.').waitFor();
    const notes = page.getByText(/Coaches \(1,0 VZÄ\): Die Ausgaben liegen mehr als 20\s%/);
    await notes.waitFor();
    await page.getByText(/2\.000,00\s€ sind nicht zuwendungsfähig/).waitFor();
    await page.getByText(/Überschreitungen von 8\.000,00\s€ sind nicht durch Einsparungen/).waitFor();
    await page.getByText('Über der Toleranz', { exact: true }).first().waitFor();
    await expectNoAxeViolations(page, 'statement with problems (office, de)');

    // 10 % over, offset by a saving on travel: no problems; planned vs actual and the totals show.
    await typeMoney(page, coaches, '44000', '44.000,00');
    await typeMoney(page, travel, '5000', '5.000,00');
    await pressButton(page, 'Ist-Ausgaben speichern');
    await page.getByText('Keine Hinweise: alle Abweichungen liegen im Rahmen.').waitFor();
    const groups = page.getByRole('table', { name: 'Summen je Förderbaustein und Haushaltsjahr' });
    await groups.getByText(`49.000,00${EURO}`).first().waitFor();
    await groups.getByText(`5.000,00${EURO}`).first().waitFor();
    await typeIntoId(page, 'narrative-summary', 'Coaching für 25 junge Erwachsene.');
    await typeIntoId(page, 'narrative-results', 'Acht Übergänge in Ausbildung.');
    await pressButton(page, 'Sachbericht speichern');
    await page.getByText('Der Sachbericht ist gespeichert.').waitFor();
    await pressButton(page, 'Nachweis vorlegen', { backwards: true });
    await page.getByText('Der Nachweis ist vorgelegt.').waitFor();
    await page.getByText('Vorgelegt', { exact: true }).first().waitFor();
    await expectNoAxeViolations(page, 'submitted proof (office, de)');
    const proofUrl = page.url();

    // The authority, in English, finds it to audit, lowers the eligible spending and completes the audit.
    await officer.goto(`${baseUrl}/funding/proofs`);
    await switchLanguage(officer, 'English');
    await pageTitle(officer).filter({ hasText: 'Proofs of use' }).waitFor();
    await officer.getByRole('link', { name: 'Interim statement 2021' }).waitFor();
    await expectNoAxeViolations(officer, 'proofs to audit (authority, en)');
    await officer.getByRole('link', { name: 'Interim statement 2021' }).focus();
    await officer.keyboard.press('Enter');
    await pageTitle(officer).filter({ hasText: 'Interim statement 2021' }).waitFor();
    await officer.getByRole('heading', { name: 'Audit', exact: true }).waitFor();
    await expectNoAxeViolations(officer, 'audit form (authority, en)');
    await tabToId(officer, 'audit-result');
    await officer.locator('#audit-result').selectOption('findings');
    await typeIntoId(officer, 'audit-findings', 'Fahrtkosten von 4.000 € ohne Bezug zum Projekt.');
    await typeMoney(officer, 'audited-0', '45000', '45.000,00');
    await pressButton(officer, 'Complete the audit');
    await officer.getByRole('heading', { name: 'Audit and recovery' }).waitFor();
    // Paid 40,000 €; 80 % of 45,000 € = 36,000 € entitled: 4,000 € back (800 € unspent, 3,200 € not eligible).
    const claims = officer.getByRole('table', { name: 'Recovery per strand and budget year' });
    await claims.getByText(`4.000,00${EURO}`).first().waitFor();
    await claims.getByText(`800,00${EURO}`).waitFor();
    await claims.getByText(`3.200,00${EURO}`).waitFor();
    await expectNoAxeViolations(officer, 'audited proof with its claim (authority, en)');

    // The claim is issued with its due date, and its repayment is booked into the ledger.
    const claimId = (
      (await api(officer, 'GET', `/api/v1/funding/recovery-claims?grantId=${grantId}`)).json as {
        items: { id: string }[];
      }
    ).items[0]?.id;
    await tabToId(officer, `claim-due-${claimId}`);
    await officer.locator(`#claim-due-${claimId}`).fill('2022-06-30');
    await pressButton(officer, 'Issue the recovery claim');
    await claims.getByText('Issued').waitFor();
    await tabToId(officer, `repay-on-${claimId}`);
    await officer.locator(`#repay-on-${claimId}`).fill('2022-06-15');
    await pressButton(officer, 'Book the repayment');
    await claims.getByText('Settled').waitFor();
    await expectNoAxeViolations(officer, 'settled claim (authority, en)');

    // The office sees the audit and the settled claim, and the files of its proof.
    await page.goto(proofUrl);
    await page.getByRole('heading', { name: 'Prüfung und Rückforderung' }).waitFor();
    await page.getByText('Erledigt').first().waitFor();
    const files = await page.evaluate(async (url) => {
      const id = url.split('/').pop() ?? '';
      const head = async (path: string) => {
        const response = await fetch(path);
        const bytes = new Uint8Array(await response.arrayBuffer());
        return {
          status: response.status,
          type: response.headers.get('content-type'),
          head: bytes.slice(0, 4).join(','),
        };
      };
      return [
        await head(`/api/v1/funding/proofs/${id}/pdf`),
        await head(`/api/v1/funding/proofs/${id}/statement/xlsx`),
      ];
    }, proofUrl);
    expect(files).toEqual([
      { status: 200, type: 'application/pdf', head: '37,80,68,70' },
      {
        status: 200,
        type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        head: '80,75,3,4',
      },
    ]);
    expect(office.errors).toEqual([]);
    expect(authority.errors).toEqual([]);
    expect(second.errors).toEqual([]);
  });
});
