// The offer catalogue and enrolments in a real browser on a fresh data directory: the demo managing office finds
// an offer in the catalogue and opens it; the demo participation manager enrols a participant into it from the
// participant page and records a drop-out (first without its reason: refused and named, then with it). By
// keyboard; axe must find nothing in any state visited, in German and English.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ServerProcess } from '../helpers/server-process.ts';
import { expectNoAxeViolations, focusedElement, launchBrowser, openPage, tabTo } from './browser.ts';
import { newDataDir, serveDataDir, stopAndRemove } from '../helpers/data-dir.ts';
import {
  api,
  chooseById,
  DEMO_MANAGER,
  DEMO_OFFICE,
  DEMO_PROVIDER,
  followLink,
  pageTitle,
  pressButton,
  shift,
  signIn,
  switchLanguage,
  tabToId,
  today,
} from './support.ts';

// Words no seeded offer has, so that the search finds exactly this one.
const TITLE = 'Werkstattkurs Holz und Sprache Rheinufer';
const PERSON = { familyName: 'Tesfaye', givenNames: 'Selam', birthDate: '2004-02-19' };

const yearsAgo = (years: number) => shift(today(), { months: -12 * years });

describe.skipIf(inject('e2eSkip'))('offers and enrolments', () => {
  let dataDir: string;
  let server: ServerProcess | undefined;
  let baseUrl: string;
  let browser: Browser;
  let offerId: string;

  beforeAll(async () => {
    dataDir = await newDataDir('offers');
    server = await serveDataDir(dataDir);
    baseUrl = server.baseUrl;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await stopAndRemove(server, dataDir);
  });

  it('finds an offer in the catalogue and opens it', async () => {
    const { context, page, errors } = await openPage(browser);
    await signIn(page, baseUrl, DEMO_OFFICE, '/offers');
    await pageTitle(page).filter({ hasText: 'Angebote' }).waitFor();
    await expectNoAxeViolations(page, 'catalogue (de)');

    // The offer is put in through the API (its form is checked below by opening it).
    const providers = (await api(page, 'GET', '/api/v1/providers')).json as { items: { id: string; name: string }[] };
    const provider = providers.items.find((item) => item.name === DEMO_PROVIDER);
    expect(provider).toBeDefined();
    const created = await api(page, 'POST', '/api/v1/offers', {
      providerId: provider?.id,
      title: TITLE,
      type: 'preparation_course',
      strand: 'FB4',
      place: 'Köln-Mülheim',
      startsOn: today(),
      capacity: 8,
      entryLevel: 'A2',
      supportLanguages: ['ti', 'ar'],
      childcare: true,
      costCents: 3750,
      status: 'open',
    });
    expect(created.status).toBe(201);
    offerId = (created.json as { id: string }).id;

    await tabToId(page, 'offer-q');
    await page.keyboard.type('Werkstattkurs Rheinufer');
    await page.keyboard.press('Enter');
    await page.waitForURL(/q=Werkstattkurs/);
    const link = page.getByRole('link', { name: TITLE });
    await link.waitFor();
    await page.getByRole('status').filter({ hasText: '1 Angebot gefunden.' }).waitFor();
    expect(await page.getByRole('row', { name: new RegExp(TITLE) }).textContent()).toContain('8 Plätze frei');
    await expectNoAxeViolations(page, 'catalogue search (de)');

    await tabTo(page, (element) => element.tag === 'a' && element.text === TITLE, { maxPresses: 150 });
    await page.keyboard.press('Enter');
    await pageTitle(page).filter({ hasText: TITLE }).waitFor();
    await page.getByRole('heading', { level: 2, name: `Ansprechpersonen bei ${DEMO_PROVIDER}` }).waitFor();
    expect(await page.getByText('FB4 – Vorbereitende Kurse').count()).toBeGreaterThan(0);
    await expectNoAxeViolations(page, 'offer detail (de)');

    // The edit form opens from the detail page (the managing office keeps the catalogue).
    await tabTo(page, (element) => element.tag === 'a' && element.text === 'Angebot bearbeiten', { backwards: true });
    await page.keyboard.press('Enter');
    await pageTitle(page)
      .filter({ hasText: `Angebot „${TITLE}“ bearbeiten` })
      .waitFor();
    await expectNoAxeViolations(page, 'offer edit (de)');
    await switchLanguage(page, 'English');
    await pageTitle(page)
      .filter({ hasText: `Edit the offer “${TITLE}”` })
      .waitFor();
    await expectNoAxeViolations(page, 'offer edit (en)');
    await switchLanguage(page, 'Deutsch');

    expect(errors).toEqual([]);
    await context.close();
  });

  it('enrols a participant from the participant page and records a drop-out with its reason', async () => {
    const { context, page, errors } = await openPage(browser);
    await signIn(page, baseUrl, DEMO_MANAGER, '/');
    const person = await api(page, 'POST', '/api/v1/participants', {
      ...PERSON,
      birthDatePrecision: 'day',
      gender: 'female',
      countriesOfOrigin: ['ER'],
      accommodation: 'municipal_shelter',
      workPermission: 'permitted_with_approval',
      residenceStatuses: [{ status: 'toleration_60a', validFrom: yearsAgo(2) }],
    });
    expect(person.status).toBe(201);
    const participant = person.json as { id: string; number: string };

    await page.goto(`${baseUrl}/participants/${participant.id}`);
    await pageTitle(page).filter({ hasText: participant.number }).waitFor();
    const section = page.getByRole('region', { name: 'Angebote / Teilnahmen' });
    await section.getByText('Die Person ist noch für kein Angebot angemeldet.').waitFor();
    await expectNoAxeViolations(page, 'participant without enrolments (de)');

    await tabToId(page, 'enrol-search');
    await page.keyboard.type('Werkstattkurs');
    await page.keyboard.press('Enter');
    await section.getByRole('status').filter({ hasText: '1 passendes Angebot gefunden.' }).waitFor();
    await chooseById(page, 'enrol-offerId', 'Werk', offerId);
    await pressButton(page, 'Anmelden');
    await section.getByRole('status').filter({ hasText: 'Die Person ist angemeldet: nimmt teil.' }).waitFor();
    const row = section.getByRole('row', { name: new RegExp(TITLE) });
    expect(await row.textContent()).toContain('nimmt teil');
    await expectNoAxeViolations(page, 'participant enrolled (de)');

    // A drop-out without its reason is refused and the field named; with the reason it is recorded.
    await pressButton(page, `${TITLE} bearbeiten`, { backwards: true });
    expect((await focusedElement(page))?.id).toMatch(/^enrolment-.*-status$/);
    const statusId = (await focusedElement(page))?.id ?? '';
    const prefix = statusId.replace(/-status$/, '');
    await page.keyboard.type('abgeb');
    await expect.poll(() => page.locator(`#${statusId}`).inputValue()).toBe('dropped_out');
    await pressButton(page, 'Speichern');
    await page.getByRole('alert').filter({ hasText: 'Grund des Abbruchs' }).waitFor();
    await expectNoAxeViolations(page, 'drop-out without reason (de)');
    await chooseById(page, `${prefix}-dropoutReason`, 'Arb', 'work');
    await tabToId(page, `${prefix}-dropoutNotes`);
    await page.keyboard.type('Hat eine Stelle in einer Tischlerei gefunden.');
    await pressButton(page, 'Speichern');
    await section.getByRole('status').filter({ hasText: 'Die Teilnahme wurde gespeichert.' }).waitFor();
    await expect.poll(async () => row.textContent()).toContain('abgebrochen: Arbeitsaufnahme');
    await expectNoAxeViolations(page, 'drop-out recorded (de)');

    await switchLanguage(page, 'English');
    const english = page.getByRole('region', { name: 'Offers / enrolments' });
    await english.waitFor();
    await expect
      .poll(async () => english.getByRole('row', { name: new RegExp(TITLE) }).textContent())
      .toContain('dropped out: Took up work');
    await expectNoAxeViolations(page, 'drop-out recorded (en)');
    await switchLanguage(page, 'Deutsch');

    const stored = (await api(page, 'GET', `/api/v1/participants/${participant.id}/enrolments`)).json as {
      items: { id: string; status: string; dropoutReason: string; dropoutNotes: string }[];
    };
    expect(stored.items).toEqual([
      expect.objectContaining({
        status: 'dropped_out',
        dropoutReason: 'work',
        dropoutNotes: 'Hat eine Stelle in einer Tischlerei gefunden.',
      }),
    ]);

    // An ended enrolment offers asking for feedback (the link names the offer for screen readers).
    await page.getByRole('button', { name: `${TITLE} bearbeiten` }).focus();
    await followLink(page, `Rückmeldung erfassen / Link erstellen zu ${TITLE}`);
    await page.waitForURL(`${baseUrl}/enrolments/${stored.items[0]?.id ?? ''}/feedback`);
    await pageTitle(page).filter({ hasText: 'Rückmeldung einholen' }).waitFor();
    await expectNoAxeViolations(page, 'ask for feedback from the participant page (de)');
    // The refused save (400) was provoked on purpose; nothing else went wrong.
    expect(errors.filter((error) => !/^HTTP 400 for .*\/api\/v1\/enrolments\//.test(error))).toEqual([]);
    await context.close();
  });
});
