// Measure-career alerts in a real browser on a fresh data directory: the demo participation manager enrols a
// participant in two offers from the participant page and records a drop-out from each, sees the alert with
// the enrolments that triggered it on the participant page and acknowledges it with a plan, all by keyboard; the managing office sees the municipality's counts, the municipal administrator the
// rules. axe must find nothing in any state visited, in German and English.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ServerProcess } from '../helpers/server-process.ts';
import { expectNoAxeViolations, focusedElement, launchBrowser, openPage, tabTo } from './browser.ts';
import { newDataDir, serveDataDir, stopAndRemove } from '../helpers/data-dir.ts';
import {
  api,
  chooseById,
  DEMO_ADMIN,
  DEMO_MANAGER,
  DEMO_OFFICE,
  DEMO_PROVIDER,
  pageTitle,
  pressButton,
  shift,
  signIn,
  switchLanguage,
  tabToId,
  today,
} from './support.ts';

const TITLES = ['Sprachwerkstatt Deutz A2 Abend', 'Sprachwerkstatt Deutz A2 Vormittag'];
const PERSON = { familyName: 'Gebremariam', givenNames: 'Yonas', birthDate: '2003-09-03' };
const PLAN = 'Coaching vor dem nächsten Kurs, Gespräch mit dem Träger über die Kurszeiten.';

const daysAgo = (days: number) => shift(today(), { days: -days });

describe.skipIf(inject('e2eSkip'))('measure-career alerts', () => {
  let dataDir: string;
  let server: ServerProcess | undefined;
  let baseUrl: string;
  let browser: Browser;
  const offerIds: string[] = [];

  beforeAll(async () => {
    dataDir = await newDataDir('careers');
    server = await serveDataDir(dataDir);
    baseUrl = server.baseUrl;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await stopAndRemove(server, dataDir);
  });

  it('shows the alert of two drop-outs on the participant page and acknowledges it with a plan', async () => {
    // Two language courses of the regular system (no strand: no eligibility check), put in by the managing office.
    const office = await openPage(browser);
    await signIn(office.page, baseUrl, DEMO_OFFICE, '/offers');
    const providers = (await api(office.page, 'GET', '/api/v1/providers')).json as {
      items: { id: string; name: string }[];
    };
    const provider = providers.items.find((item) => item.name === DEMO_PROVIDER);
    expect(provider).toBeDefined();
    for (const title of TITLES) {
      const created = await api(office.page, 'POST', '/api/v1/offers', {
        providerId: provider?.id,
        title,
        type: 'job_language_course',
        place: 'Köln-Deutz',
        startsOn: daysAgo(120),
        capacity: 12,
        targetLevel: 'B1',
        status: 'running',
      });
      expect(created.status).toBe(201);
      offerIds.push((created.json as { id: string }).id);
    }
    await office.context.close();

    const { context, page, errors } = await openPage(browser);
    await signIn(page, baseUrl, DEMO_MANAGER, '/');
    const person = await api(page, 'POST', '/api/v1/participants', {
      ...PERSON,
      birthDatePrecision: 'day',
      gender: 'male',
      countriesOfOrigin: ['ER'],
      accommodation: 'municipal_shelter',
      workPermission: 'permitted_with_approval',
      residenceStatuses: [{ status: 'toleration_60a', validFrom: daysAgo(800) }],
    });
    expect(person.status).toBe(201);
    const participant = person.json as { id: string; number: string };

    // The journey, all in the browser: enrolled in the first course from the participant page, dropped
    // out of it; enrolled in the second, dropped out again — two drop-outs within 12 months.
    await page.goto(`${baseUrl}/participants/${participant.id}`);
    await pageTitle(page).filter({ hasText: participant.number }).waitFor();
    const enrolments = page.getByRole('region', { name: 'Angebote / Teilnahmen' });
    const dropouts = [
      { reason: 'motivation', typed: 'Moti' },
      { reason: 'unknown', typed: 'Nicht' },
    ];
    for (const [index, title] of TITLES.entries()) {
      const plan = dropouts[index] as (typeof dropouts)[number];
      await tabToId(page, 'enrol-search');
      await page.keyboard.press('Control+A');
      await page.keyboard.type(title);
      await page.keyboard.press('Enter');
      await enrolments.getByRole('status').filter({ hasText: '1 passendes Angebot gefunden.' }).waitFor();
      await chooseById(page, 'enrol-offerId', 'Sprach', offerIds[index] ?? '');
      await pressButton(page, 'Anmelden');
      await enrolments.getByRole('status').filter({ hasText: 'Die Person ist angemeldet: nimmt teil.' }).waitFor();
      await pressButton(page, `${title} bearbeiten`, { backwards: true });
      const statusId = (await focusedElement(page))?.id ?? '';
      expect(statusId).toMatch(/^enrolment-.*-status$/);
      await page.keyboard.type('abgeb');
      await expect.poll(() => page.locator(`#${statusId}`).inputValue()).toBe('dropped_out');
      await chooseById(page, `${statusId.replace(/-status$/, '')}-dropoutReason`, plan.typed, plan.reason);
      await pressButton(page, 'Speichern');
      await enrolments.getByRole('status').filter({ hasText: 'Die Teilnahme wurde gespeichert.' }).waitFor();
      await expect
        .poll(async () => enrolments.getByRole('row', { name: new RegExp(title) }).textContent())
        .toContain('abgebrochen');
    }
    await expectNoAxeViolations(page, 'two drop-outs recorded (de)');

    // The detector ran inside the second drop-out's transaction: the alert is there on the next visit.
    await page.goto(`${baseUrl}/participants/${participant.id}`);
    await pageTitle(page).filter({ hasText: participant.number }).waitFor();
    const section = page.getByRole('region', { name: 'Hinweise auf Maßnahme-Karrieren' });
    const card = section.getByRole('article', { name: 'Wiederholte Abbrüche' });
    await card.waitFor();
    expect(await card.textContent()).toContain('2 Abbrüche');
    const table = card.getByRole('table');
    for (const title of TITLES) await table.getByRole('row', { name: new RegExp(title) }).waitFor();
    expect(await table.textContent()).toContain('abgebrochen (Motivation)');
    await expectNoAxeViolations(page, 'participant with an alert (de)');

    // Acknowledge by keyboard: the dialog opens with the focus in the plan; an empty plan is refused.
    await tabTo(page, (element) => element.tag === 'button' && element.text === 'Zur Kenntnis nehmen …', {
      maxPresses: 200,
    });
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Hinweis zur Kenntnis nehmen' });
    await dialog.waitFor();
    await expect.poll(async () => (await focusedElement(page))?.tag).toBe('textarea');
    await tabTo(page, (element) => element.tag === 'button' && element.text === 'Speichern', { maxPresses: 10 });
    await page.keyboard.press('Enter');
    await dialog.getByText('Bitte ausfüllen.').waitFor();
    await expectNoAxeViolations(page, 'acknowledge dialog without a plan (de)');
    await dialog.getByRole('textbox').focus();
    await page.keyboard.type(PLAN);
    await tabTo(page, (element) => element.tag === 'button' && element.text === 'Speichern', { maxPresses: 10 });
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await card.getByText('zur Kenntnis genommen').first().waitFor();
    await expect.poll(async () => card.textContent()).toContain(PLAN);
    await expectNoAxeViolations(page, 'alert acknowledged (de)');

    await switchLanguage(page, 'English');
    await page.getByRole('article', { name: 'Repeated drop-outs' }).waitFor();
    await expectNoAxeViolations(page, 'alert acknowledged (en)');
    await switchLanguage(page, 'Deutsch');

    const stored = (await api(page, 'GET', `/api/v1/participants/${participant.id}/alerts`)).json as {
      items: { rule: string; status: string; plan: string | null }[];
    };
    expect(stored.items.find((item) => item.rule === 'repeated_dropouts')).toMatchObject({
      status: 'acknowledged',
      plan: PLAN,
    });
    // The refused empty plan never reached the server.
    expect(errors).toEqual([]);
    await context.close();
  });

  it("shows the municipality's counts and the rules", async () => {
    const office = await openPage(browser);
    await signIn(office.page, baseUrl, DEMO_OFFICE, '/offers/careers');
    await pageTitle(office.page).filter({ hasText: 'Maßnahme-Karrieren' }).waitFor();
    const byRule = office.page.getByRole('table', { name: 'Nach Regel' });
    await byRule.getByRole('row', { name: /Wiederholte Abbrüche/ }).waitFor();
    await office.page
      .getByRole('table', { name: 'Nach Träger' })
      .getByRole('row', { name: new RegExp(DEMO_PROVIDER) })
      .waitFor();
    await expectNoAxeViolations(office.page, 'career counts (de)');
    await switchLanguage(office.page, 'English');
    await office.page.getByRole('table', { name: 'By rule' }).waitFor();
    await expectNoAxeViolations(office.page, 'career counts (en)');
    expect(office.errors).toEqual([]);
    await office.context.close();

    const admin = await openPage(browser);
    await signIn(admin.page, baseUrl, DEMO_ADMIN, '/admin/careers');
    await pageTitle(admin.page).filter({ hasText: 'Regeln für Maßnahme-Karrieren' }).waitFor();
    await admin.page.getByRole('group', { name: 'Wiederholte Abbrüche' }).waitFor();
    expect(await admin.page.getByLabel('Anzahl Abbrüche').inputValue()).toBe('2');
    await expectNoAxeViolations(admin.page, 'career rules (de)');
    expect(admin.errors).toEqual([]);
    await admin.context.close();
  });
});
