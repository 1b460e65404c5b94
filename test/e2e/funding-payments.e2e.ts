// Payments in a real browser on a fresh data directory with a decided grant of Köln: the demo managing office
// requests a payment (a line due a day after the two-month rule's last day is refused with the rule shown, the
// last day itself is accepted); the two demo grant officers approve it one after the other (four eyes: the first
// cannot give the second approval too); the ledger shows the booking. By keyboard; axe must find nothing in any
// state visited, in German and English.
import type { Browser } from 'playwright-core';
import pg from 'pg';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDecidedGrants } from '../../bench/crash/payment-operations.ts';
import { readPostmaster } from '../../bench/crash/processes.ts';
import { EMBEDDED_DATABASE } from '../../src/platform/db/database.ts';
import type { ServerProcess } from '../helpers/server-process.ts';
import { newDataDir, serveDataDir, stopAndRemove } from '../helpers/data-dir.ts';
import { expectNoAxeViolations, launchBrowser, openPage } from './browser.ts';
import {
  api,
  DEMO_OFFICE,
  DEMO_OFFICER,
  DEMO_SECOND_OFFICER,
  german,
  pageTitle,
  pressButton,
  shift,
  signIn,
  switchLanguage,
  tabToId,
  today,
  unexpected,
} from './support.ts';

async function ownerUrl(dataDir: string): Promise<string> {
  const postmaster = await readPostmaster(dataDir);
  if (!postmaster) throw new Error('no postmaster.pid: the server is not running');
  const password = (await readFile(join(dataDir, 'secrets', 'postgres-admin-password'), 'utf8')).trim();
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${postmaster.port}/${EMBEDDED_DATABASE}`;
}

describe.skipIf(inject('e2eSkip'))('payment requests, four eyes and the ledger', () => {
  let dataDir: string;
  let server: ServerProcess | undefined;
  let baseUrl: string;
  let browser: Browser;
  let grantId: string;
  let grantReference: string;

  beforeAll(async () => {
    dataDir = await newDataDir('payments');
    server = await serveDataDir(dataDir);
    baseUrl = server.baseUrl;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await stopAndRemove(server, dataDir);
  });

  it('the municipality requests a payment; a line due too late is refused with the rule shown', async () => {
    const { context, page, errors } = await openPage(browser);
    await signIn(page, baseUrl, DEMO_OFFICE, '/');
    const me = (await api(page, 'GET', '/api/v1/me')).json as { activeMunicipalityId: string };
    // The grant is decided outside the browser (the decision is another journey's subject).
    const tag = `e2e${Date.now()}`;
    [grantId = ''] = await createDecidedGrants(await ownerUrl(dataDir), me.activeMunicipalityId, tag, {
      grants: 1,
      presetRequests: [],
    });
    grantReference = `${tag}-ZB1`;

    await page.goto(`${baseUrl}/funding/grants/${grantId}/payments`);
    await pageTitle(page)
      .filter({ hasText: `Mittelabrufe und Zahlungen ${grantReference}` })
      .waitFor();
    const latest = shift(today(), { months: 2 });
    const rule = page.getByText(
      `Zwei-Monats-Regel: Es dürfen nur Beträge abgerufen werden, die innerhalb von 2 Monaten nach der Auszahlung fällig werden – heute also spätestens am ${german(latest)}.`,
    );
    await rule.waitFor();
    await expectNoAxeViolations(page, 'grant payments (de)');

    // A line due one day after the last allowed day: refused, the rule named at the field, nothing requested.
    await tabToId(page, 'request-line-0-amount');
    await page.keyboard.type('1500');
    await page.locator('#request-line-0-dueOn').fill(shift(latest, { days: 1 }));
    await tabToId(page, 'request-line-0-purpose');
    await page.keyboard.type('Gehälter Coaching');
    await pressButton(page, 'Mittelabruf stellen');
    await page
      .getByText(
        `Zu spät fällig: Nach der Zwei-Monats-Regel dürfen nur Beträge abgerufen werden, die innerhalb von 2 Monaten fällig werden – spätestens am ${german(latest)}.`,
      )
      .waitFor();
    await page.getByRole('alert').filter({ hasText: 'Bitte prüfen Sie die Eingaben.' }).waitFor();
    await expectNoAxeViolations(page, 'request refused (de)');
    const none = (await api(page, 'GET', `/api/v1/funding/payment-requests?grantId=${grantId}`)).json as {
      items: unknown[];
    };
    expect(none.items).toEqual([]);

    // Due on the last allowed day: accepted.
    await page.locator('#request-line-0-dueOn').fill(latest);
    await pressButton(page, 'Mittelabruf stellen', { backwards: true });
    await page.getByRole('status').filter({ hasText: 'Der Mittelabruf wurde gestellt.' }).waitFor();
    const requests = page.getByRole('region', { name: 'Mittelabrufe' });
    await requests.getByText('Noch keine Freigabe').waitFor();
    await expectNoAxeViolations(page, 'request made (de)');

    await switchLanguage(page, 'English');
    await pageTitle(page)
      .filter({ hasText: `Payment requests and payments ${grantReference}` })
      .waitFor();
    await page
      .getByText(`on ${german(latest)} at the latest`)
      .first()
      .waitFor();
    await expectNoAxeViolations(page, 'request made (en)');
    await switchLanguage(page, 'Deutsch');

    expect(unexpected(errors, [/^HTTP 400 for .*\/api\/v1\/funding\/payment-requests$/])).toEqual([]);
    await context.close();
  });

  it('two different officers approve it; the first cannot give the second approval', async () => {
    const first = await openPage(browser);
    await signIn(first.page, baseUrl, DEMO_OFFICER, '/funding/payments');
    await pageTitle(first.page).filter({ hasText: 'Mittelabrufe' }).waitFor();
    const row = first.page.getByRole('row', { name: new RegExp(grantReference) });
    await row.waitFor();
    // Amounts are formatted with a no-break space before the euro sign.
    expect(await row.textContent()).toMatch(/1\.500,00\s€/);
    await expectNoAxeViolations(first.page, 'approval inbox (de)');
    await pressButton(first.page, 'Erste Freigabe');
    await first.page.getByRole('status').filter({ hasText: 'Freigabe erteilt.' }).waitFor();
    await row.getByText('1. Freigabe: Demo grant officer').waitFor();
    // Four eyes: no approval button for the officer who gave the first one.
    expect(await row.getByRole('button', { name: /Zweite Freigabe/ }).count()).toBe(0);
    await expectNoAxeViolations(first.page, 'first approval given (de)');
    expect(first.errors).toEqual([]);
    await first.context.close();

    const second = await openPage(browser);
    await signIn(second.page, baseUrl, DEMO_SECOND_OFFICER, '/funding/payments');
    await switchLanguage(second.page, 'English');
    await pageTitle(second.page).filter({ hasText: 'Payment requests' }).waitFor();
    const pending = second.page.getByRole('row', { name: new RegExp(grantReference) });
    await pending.getByText('1st approval: Demo grant officer').waitFor();
    await expectNoAxeViolations(second.page, 'approval inbox (en)');
    await pressButton(second.page, 'Second approval and payment');
    await second.page
      .getByRole('status')
      .filter({ hasText: 'Second approval given: the payment is booked.' })
      .waitFor();
    await expectNoAxeViolations(second.page, 'paid (en)');
    await switchLanguage(second.page, 'Deutsch');
    expect(second.errors).toEqual([]);
    await second.context.close();
  });

  it('the ledger shows the payment with its running totals', async () => {
    const { context, page, errors } = await openPage(browser);
    await signIn(page, baseUrl, DEMO_OFFICE, `/funding/grants/${grantId}/payments`);
    const ledger = page.getByRole('table', { name: 'Buchungen in zeitlicher Reihenfolge mit laufenden Summen' });
    const booking = ledger.getByRole('row', { name: /Auszahlung/ });
    await booking.waitFor();
    const text = (await booking.textContent()) ?? '';
    expect(text).toContain(german(today()));
    expect(text.match(/1\.500,00\s€/g)?.length).toBe(3);
    const amounts = page.getByRole('table', { name: /Bewilligt, ausgezahlt/ });
    expect(await amounts.getByRole('row', { name: /FB1/ }).textContent()).toMatch(/8\.500,00\s€/);
    await expectNoAxeViolations(page, 'ledger (de)');
    await switchLanguage(page, 'English');
    await page.getByRole('table', { name: 'Bookings in the order they were made, with running totals' }).waitFor();
    await page
      .getByRole('row', { name: /Payment/ })
      .first()
      .waitFor();
    await expectNoAxeViolations(page, 'ledger (en)');
    await switchLanguage(page, 'Deutsch');
    expect(errors).toEqual([]);
    await context.close();
    // The owner's view agrees: paid counter = the ledger.
    const db = new pg.Client({ connectionString: await ownerUrl(dataDir) });
    await db.connect();
    try {
      const { rows } = await db.query<{ paid: string; ledger: string }>(
        `select a.paid_cents::text as paid, (select sum(amount_cents) from payment p where p.grant_id = a.grant_id)::text as ledger
           from grant_amount a where a.grant_id = $1`,
        [grantId],
      );
      expect(rows).toEqual([{ paid: '150000', ledger: '150000' }]);
    } finally {
      await db.end();
    }
  });
});
