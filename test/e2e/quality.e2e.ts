// The quality review in a real browser on a fresh demo data directory: the managing office reads the gap analysis
// (table, chart, unmet rows, exports, filters) in German and English; a participation manager creates a one-time
// feedback link for a finished enrolment, and the participant answers through it without an account, in Arabic
// (right to left), once. Axe must find nothing in any state.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { withTenant } from '../../src/platform/db/rls.ts';
import { newDataDir, serveDataDir, stopAndRemove, withDataDirDatabase } from '../helpers/data-dir.ts';
import { insertEnrolment, insertOffer } from '../helpers/offer-factories.ts';
import { stopServer, type ServerProcess } from '../helpers/server-process.ts';
import { expectNoAxeViolations, launchBrowser, openPage } from './browser.ts';
import { DEMO_MANAGER, DEMO_OFFICE, DEMO_PROVIDER, pageTitle, signIn } from './support.ts';

function month(offset: number): string {
  const now = new Date();
  const date = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1));
  return date.toISOString().slice(0, 7);
}

/** A finished enrolment of a demo participant of Köln in a new offer, put in while the server is stopped. */
async function finishedEnrolment(dataDir: string): Promise<string> {
  return withDataDirDatabase(dataDir, async (db) => {
    const koeln = await db
      .selectFrom('organisation')
      .select('id')
      .where('name', '=', 'Stadt Köln')
      .executeTakeFirstOrThrow();
    const provider = await db
      .selectFrom('organisation')
      .select('id')
      .where('name', '=', DEMO_PROVIDER)
      .executeTakeFirstOrThrow();
    return withTenant(db, { municipalityId: koeln.id, userId: null }, async (trx) => {
      const person = await sql<{ id: string }>`
        select id from participant where merged_into_id is null and anonymised_at is null and blocked_at is null
         order by number limit 1`.execute(trx);
      const participantId = person.rows[0]?.id;
      if (!participantId) throw new Error('no demo participant');
      const offerId = await insertOffer(
        trx,
        { municipality_id: koeln.id, provider_id: provider.id },
        {
          title: `Deutsch am Abend ${randomUUID().slice(0, 4)}`,
          type: 'job_language_support',
          strand: 'FB2',
          place: 'Ehrenfeld',
          starts_on: '2026-01-12',
          ends_on: '2026-06-30',
          weekly_hours: 6,
          teaching_units: 150,
          capacity: 12,
          entry_level: 'A2',
          cost_cents: null,
          status: 'ended',
        },
      );
      return insertEnrolment(
        trx,
        { municipality_id: koeln.id, participant_id: participantId, offer_id: offerId },
        { referred_on: '2026-01-05', starts_on: '2026-01-12', ends_on: '2026-06-30', status: 'completed' },
      );
    });
  });
}

describe.skipIf(inject('e2eSkip'))('quality review', () => {
  let dataDir: string;
  let server: ServerProcess | undefined;
  let baseUrl: string;
  let browser: Browser;
  let enrolmentId: string;

  beforeAll(async () => {
    // The first start creates the demo set-up; the enrolment goes in while the server is stopped (one embedded
    // database per data directory).
    dataDir = await newDataDir('quality');
    const first = await serveDataDir(dataDir);
    await stopServer(first, 20_000);
    enrolmentId = await finishedEnrolment(dataDir);
    server = await serveDataDir(dataDir);
    baseUrl = server.baseUrl;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await stopAndRemove(server, dataDir);
  });

  it('shows the gap analysis with its chart, unmet rows, filters and exports', async () => {
    const { context, page, errors } = await openPage(browser);
    const target = `/offers/gaps?from=${month(0)}&to=${month(2)}`;
    await signIn(page, baseUrl, DEMO_OFFICE, target);
    await pageTitle(page).filter({ hasText: 'Bedarfsanalyse' }).waitFor();
    const table = page.getByRole('table', { name: 'Bedarf und freie Plätze' });
    await table.waitFor();
    expect(await table.locator('tbody tr').count()).toBeGreaterThan(0);
    await page.getByRole('img', { name: /Lücke je Zeile/ }).waitFor();
    await page.getByRole('link', { name: 'Als Excel-Datei (XLSX) herunterladen' }).waitFor();
    await expectNoAxeViolations(page, 'gap analysis (de)');

    // Only unmet demand, by keyboard.
    await page.getByLabel('Nur ungedeckten Bedarf zeigen').focus();
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Anzeigen' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/unmetOnly=true/);
    await expect.poll(async () => table.locator('tbody tr:not([data-unmet])').count()).toBe(0);
    await expectNoAxeViolations(page, 'gap analysis, unmet only (de)');

    // The export is a real download of a workbook.
    const csv = await page.evaluate(
      async (href) => {
        const response = await fetch(href);
        return {
          status: response.status,
          type: response.headers.get('content-type'),
          size: (await response.text()).length,
        };
      },
      (await page.getByRole('link', { name: 'Als CSV-Datei herunterladen' }).getAttribute('href')) ?? '',
    );
    expect(csv.status).toBe(200);
    expect(csv.type).toBe('text/csv; charset=utf-8');

    await page.getByRole('button', { name: 'English' }).click();
    await pageTitle(page).filter({ hasText: 'Gap analysis' }).waitFor();
    await expectNoAxeViolations(page, 'gap analysis (en)');
    await page.getByRole('button', { name: 'Deutsch' }).click();

    // The quality review's other pages: providers, one provider with its offers, the quality dialogues.
    await page.getByRole('link', { name: 'Qualitätsprüfung' }).click();
    await pageTitle(page).filter({ hasText: 'Qualitätsprüfung' }).waitFor();
    const providers = page.getByRole('table', { name: 'Träger und ihre Kennzahlen' });
    await providers.waitFor();
    await expectNoAxeViolations(page, 'quality overview (de)');
    await providers.getByRole('link', { name: 'Demo-Bildungswerk Köln gGmbH' }).click();
    await pageTitle(page).filter({ hasText: 'Qualität: Demo-Bildungswerk Köln gGmbH' }).waitFor();
    await page.getByRole('table', { name: 'Angebote' }).waitFor();
    await expectNoAxeViolations(page, 'provider quality (de)');
    await page.goto(`${baseUrl}/quality/dialogues`);
    await pageTitle(page).filter({ hasText: 'Qualitätsdialoge' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Neuen Qualitätsdialog erfassen' }).waitFor();
    await expectNoAxeViolations(page, 'quality dialogues (de)');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('takes feedback through a one-time link without an account, in Arabic, once', async () => {
    const staff = await openPage(browser);
    await signIn(staff.page, baseUrl, DEMO_MANAGER, `/enrolments/${enrolmentId}/feedback`);
    await pageTitle(staff.page).filter({ hasText: 'Rückmeldung einholen' }).waitFor();
    await expectNoAxeViolations(staff.page, 'ask for feedback (de)');
    await staff.page.getByRole('button', { name: 'Einmal-Link mit QR-Code erstellen' }).click();
    const link = staff.page.getByRole('link', { name: /\/feedback#/ });
    await link.waitFor();
    await staff.page.getByRole('img', { name: 'QR-Code des Feedback-Links' }).waitFor();
    await expectNoAxeViolations(staff.page, 'feedback link created (de)');
    const href = (await link.getAttribute('href')) ?? '';
    expect(href).toMatch(/\/feedback#[A-Za-z0-9_-]{43}$/);
    expect(staff.errors).toEqual([]);
    await staff.context.close();

    // The participant: another browser, no account.
    const { context, page, errors } = await openPage(browser, { width: 390, height: 844 });
    await page.goto(href);
    await page.getByRole('heading', { level: 1, name: 'Wie war das Angebot?' }).waitFor();
    expect(await page.getByRole('navigation').count()).toBe(0);
    await expectNoAxeViolations(page, 'public survey (de)');

    await page.getByLabel('Sprache / Language').selectOption('ar');
    const form = page.locator('form[dir="rtl"][lang="ar"]');
    await form.waitFor();
    await page.getByRole('heading', { level: 1, name: 'كيف كانت الدورة؟' }).waitFor();
    await expectNoAxeViolations(page, 'public survey (ar, rtl)');

    // Answers by keyboard: the first statement "fully true", the recommendation "yes".
    await page.getByRole('radiogroup', { name: 'ساعدتني الدورة.' }).getByLabel('صحيح تمامًا').focus();
    await page.keyboard.press('Space');
    await page
      .getByRole('radiogroup', { name: /هل تنصح/ })
      .getByLabel('نعم')
      .check();
    await page.getByRole('button', { name: 'إرسال' }).click();
    await page.getByText('شكرًا جزيلًا! تم حفظ إجاباتك.').waitFor();
    await expectNoAxeViolations(page, 'public survey sent (ar)');

    // The link works once.
    await page.reload();
    // The link's own language again (German) after the reload.
    await page.getByText('Dieser Link wurde schon benutzt. Vielen Dank!').waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});
