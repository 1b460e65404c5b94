// The participant pages in a real browser, signed in as the demo participation manager on a fresh data
// directory: search, intake with the duplicate check (a first record is put in beforehand, so the intake finds
// it), the eligibility decision, opening the case, the participant page and an edit against a version changed
// meanwhile (412); the participant page's records and actions; the CSV import.
// Mostly by keyboard; axe must find nothing in any state, in German and English.
//
// Set E2E_SCREENSHOTS=<directory> to keep a screenshot of every state visited.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ServerProcess } from '../helpers/server-process.ts';
import { expectNoAxeViolations, focusedElement, launchBrowser, openPage, tabTo } from './browser.ts';
import { newDataDir, serveDataDir, stopAndRemove } from '../helpers/data-dir.ts';
import {
  api,
  DEMO_MANAGER,
  DEMO_PASSWORD,
  field,
  followLink,
  pageTitle,
  pressButton,
  screenshots,
  tabToField,
  typeInto,
  unexpected,
} from './support.ts';

const MANAGER = { email: DEMO_MANAGER, password: DEMO_PASSWORD };
const screenshot = screenshots('participants');
// Names that no seeded demo person has (src/seed/names.ts), so that the duplicate check finds only ours.
const FIRST = { familyName: 'Qasemzadeh', givenNames: 'Yalda', birthDate: '2004-03-17' };

describe.skipIf(inject('e2eSkip'))('participants', () => {
  let dataDir: string;
  let server: ServerProcess | undefined;
  let baseUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    // A fresh data directory: the server creates the demo set-up (accounts without second factor) itself.
    dataDir = await newDataDir('participants');
    server = await serveDataDir(dataDir);
    baseUrl = server.baseUrl;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await stopAndRemove(server, dataDir);
  });

  it('searches, records a person past the duplicate check, shows eligibility, opens the case, resolves a stale edit', async () => {
    const { context, page, errors } = await openPage(browser);

    // Signed out, the page says how to get in.
    await page.goto(`${baseUrl}/participants`);
    await pageTitle(page).filter({ hasText: 'Teilnehmende' }).waitFor();
    await page.getByText('Melden Sie sich an, um Teilnehmende zu suchen und zu erfassen.').waitFor();
    await expectNoAxeViolations(page, '/participants signed out (de)');
    await followLink(page, 'Anmelden');
    await page.waitForURL(`${baseUrl}/login?redirect=%2Fparticipants`);
    await typeInto(page, 'E-Mail-Adresse', MANAGER.email);
    await typeInto(page, 'Passwort', MANAGER.password);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${baseUrl}/participants`);
    await page.getByRole('search', { name: 'Suche' }).waitFor();

    // The first record, put in through the API: the person the intake below will find again.
    const created = await api(page, 'POST', '/api/v1/participants', {
      ...FIRST,
      birthDatePrecision: 'day',
      gender: 'female',
      countriesOfOrigin: ['AF'],
      residenceStatuses: [{ status: 'toleration_60a', validFrom: '2024-01-10' }],
    });
    expect(created.status).toBe(201);
    const first = created.json as { id: string; number: string };

    // Search by name: the result row shows number, name, date of birth, status and open cases.
    await typeInto(page, 'Nummer oder Name', 'qasemzadeh', { backwards: true });
    await page.keyboard.press('Enter');
    await page.waitForURL(`${baseUrl}/participants?q=qasemzadeh`);
    const results = page.getByRole('table', { name: 'Gefundene Teilnehmende' });
    await expect.poll(() => results.locator('tbody tr').count()).toBe(1);
    expect(await page.getByRole('status').filter({ hasText: 'gefunden' }).textContent()).toBe('1 Person gefunden.');
    expect(await results.locator('tbody tr').first().textContent()).toBe(
      `${first.number}Qasemzadeh, Yalda17.03.2004Duldung (§ 60a AufenthG)0`,
    );
    await expectNoAxeViolations(page, '/participants with results (de)');
    await screenshot(page, 'search-de');

    // Filters that exclude the person: the page says that nothing was found.
    await page.getByLabel('Offener Fall').selectOption({ label: 'ja' });
    await pressButton(page, 'Suchen', { backwards: true });
    await page.waitForURL(`${baseUrl}/participants?q=qasemzadeh&hasOpenCase=true`);
    await page.getByRole('status').filter({ hasText: 'Keine Teilnehmenden gefunden.' }).waitFor();
    await expectNoAxeViolations(page, '/participants nothing found (de)');

    // Intake: first without a family name, then the same person again (swapped names) — the check finds her.
    await followLink(page, 'Neue Person erfassen', { backwards: true });
    await page.waitForURL(`${baseUrl}/participants/new`);
    await expect.poll(async () => (await focusedElement(page))?.id).toBe('page-title');
    await expectNoAxeViolations(page, '/participants/new (de)');
    await pressButton(page, 'Weiter: auf Dubletten prüfen');
    const summary = page.getByRole('alert').filter({ hasText: 'Bitte korrigieren Sie die folgenden Angaben:' });
    await summary.waitFor();
    await expect.poll(async () => (await focusedElement(page))?.text ?? '').toContain('Bitte korrigieren Sie');
    expect(await summary.locator('li').allTextContents()).toEqual([
      'Familienname (lateinische Schrift): Bitte ausfüllen.',
    ]);
    await expectNoAxeViolations(page, '/participants/new with errors (de)');
    await screenshot(page, 'intake-errors-de');

    await tabTo(page, (element) => element.tag === 'a' && element.text.startsWith('Familienname'), { maxPresses: 3 });
    await page.keyboard.press('Enter');
    expect((await focusedElement(page))?.id).toBe('intake-familyName');
    await page.keyboard.type('Yalda');
    await typeInto(page, 'Vornamen (lateinische Schrift)', 'Qasemzadeh');
    await typeInto(page, 'Familienname (Originalschrift)', 'قاسم‌زاده');
    // Only the year of birth is known: from "unknown" (the default) one step up in the group of radios.
    await tabToField(page, 'unbekannt');
    await page.keyboard.press('ArrowUp');
    expect(await page.getByLabel('nur Jahr').isChecked()).toBe(true);
    await typeInto(page, 'Geburtsjahr', '2004');
    await tabToField(page, 'Aufenthaltsstatus');
    await field(page, 'Aufenthaltsstatus').selectOption({ label: 'Aufenthaltsgestattung (§ 55 AsylG)' });
    await field(page, 'Gültig ab').fill('2025-02-01');
    await pressButton(page, 'Sprache hinzufügen');
    await expect.poll(async () => (await focusedElement(page))?.id).toBe('intake-languages-0-language');
    await field(page, 'Sprache').selectOption('fa');
    await field(page, 'Niveau (GER)').selectOption('native');
    await expectNoAxeViolations(page, '/participants/new filled in (de)');
    await screenshot(page, 'intake-de');

    await pressButton(page, 'Weiter: auf Dubletten prüfen');
    const candidates = page.getByRole('table', { name: 'Ähnliche Datensätze' });
    await candidates.waitFor();
    await expect.poll(async () => (await focusedElement(page))?.text).toBe('Ist die Person schon erfasst?');
    const candidate = candidates.locator('tbody tr').filter({ hasText: first.number });
    expect(await candidate.textContent()).toContain('Qasemzadeh, Yalda');
    expect(await candidate.textContent()).toContain('Vor- und Familienname vertauscht');
    await expectNoAxeViolations(page, 'duplicate candidates (de)');
    await screenshot(page, 'candidates-de');

    await pressButton(page, 'Keine davon – neue Person anlegen');
    const outcome = page.getByRole('status').filter({ hasText: 'wurde als TN-' });
    await outcome.waitFor();
    await expect.poll(async () => (await focusedElement(page))?.text ?? '').toContain('wurde als TN-');
    const secondNumber = /(TN-\d+)/.exec((await outcome.textContent()) ?? '')?.[1] ?? '';
    expect(secondNumber).not.toBe(first.number);
    // The eligibility decision for FB1, with its reasons in plain language.
    const eligibility = page.getByRole('region', { name: 'Förderfähigkeit' });
    const fb1 = eligibility.getByRole('region', { name: 'FB1 – Coaching' });
    await fb1.waitFor();
    expect(await fb1.textContent()).toContain('förderfähig');
    expect(await fb1.textContent()).toContain('Aufenthaltsstatus „Aufenthaltsgestattung (§ 55 AsylG)“');
    expect(await fb1.textContent()).toContain('im Programm zugelassen');
    await expectNoAxeViolations(page, 'created with eligibility (de)');
    await screenshot(page, 'created-de');

    // The same state in English.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('region', { name: 'Eligibility' }).getByRole('region', { name: 'FB1 – Coaching' }).waitFor();
    expect(await page.getByRole('region', { name: 'Open a case' }).count()).toBe(1);
    await expectNoAxeViolations(page, 'created with eligibility (en)');
    await page.getByRole('button', { name: 'Deutsch' }).click();
    const openCase = page.getByRole('region', { name: 'Fall eröffnen' });
    await openCase.waitFor();

    // The case is opened at once (the demo's Köln teams exist): the case page takes over.
    const recordPath = await page.getByRole('link', { name: `Akte ${secondNumber} öffnen` }).getAttribute('href');
    const team = openCase.getByLabel(/^Zuständiges Team/);
    await team.focus();
    await team.selectOption({ index: 1 });
    await typeInto(page, 'Notizen zum Erstgespräch', 'Erstgespräch mit Dolmetscherin; Interesse an einer Ausbildung.');
    await pressButton(page, 'Fall eröffnen');
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    await pageTitle(page).waitFor();

    // The participant page of the new record, with the case.
    await page.goto(`${baseUrl}${recordPath ?? ''}`);
    await pageTitle(page).filter({ hasText: secondNumber }).waitFor();
    expect(await pageTitle(page).textContent()).toBe(`Qasemzadeh Yalda (${secondNumber})`);
    const cases = page.getByRole('table', { name: 'Fälle der Person, neueste zuerst' });
    await cases.waitFor();
    expect(await cases.textContent()).toContain('Durchstarten in Ausbildung und Arbeit');
    expect(await cases.textContent()).toContain('FB1');
    const overview = page.getByRole('region', { name: 'Überblick' });
    expect(await overview.textContent()).toContain('2004');
    const residence = page.getByRole('table', { name: 'Verlauf des Aufenthaltsstatus, neuester zuerst' });
    expect(await residence.textContent()).toContain('Aufenthaltsgestattung');
    await page.getByRole('table', { name: 'Förderfähigkeit je Förderbaustein' }).waitFor();
    await expectNoAxeViolations(page, 'participant page (de)');
    await screenshot(page, 'detail-de');

    // Someone else saves the record while it is being edited: the save is refused and the user reloads.
    await pressButton(page, 'Stammdaten bearbeiten');
    await expect.poll(async () => (await focusedElement(page))?.id).toBe('edit-familyName');
    const id = page.url().split('/').at(-1) ?? '';
    const current = await api(page, 'GET', `/api/v1/participants/${id}`);
    const changed = await api(
      page,
      'PATCH',
      `/api/v1/participants/${id}`,
      { cityDistrict: 'Kalk' },
      {
        'if-match': current.etag ?? '',
      },
    );
    expect(changed.status).toBe(200);
    await typeInto(page, 'Telefon', '0221 123456');
    await pressButton(page, 'Änderungen speichern');
    const stale = page.getByRole('alert').filter({ hasText: 'Die Akte wurde inzwischen geändert' });
    await stale.waitFor();
    await expect.poll(async () => (await focusedElement(page))?.text ?? '').toContain('inzwischen geändert');
    await expectNoAxeViolations(page, 'participant page stale edit (de)');
    await screenshot(page, 'stale-de');
    await pressButton(page, 'Aktuellen Stand laden', { backwards: true });
    await page.getByRole('status').filter({ hasText: 'Der aktuelle Stand wurde geladen.' }).waitFor();
    expect(await overview.textContent()).toContain('Kalk');
    expect(await overview.textContent()).not.toContain('0221 123456');

    // Now the change goes through.
    await pressButton(page, 'Stammdaten bearbeiten', { backwards: true });
    await typeInto(page, 'Telefon', '0221 123456');
    await pressButton(page, 'Änderungen speichern');
    await page.getByRole('status').filter({ hasText: 'Die Änderungen wurden gespeichert.' }).waitFor();
    expect(await overview.textContent()).toContain('0221 123456');

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('region', { name: 'Overview' }).waitFor();
    await expectNoAxeViolations(page, 'participant page (en)');
    await page.goto(`${baseUrl}/participants?q=qasemzadeh`);
    await expect
      .poll(() => page.getByRole('table', { name: 'Participants found' }).locator('tbody tr').count())
      .toBe(2);
    await expectNoAxeViolations(page, '/participants with results (en)');

    expect(unexpected(errors, [/HTTP 412 for .*\/api\/v1\/participants\/[0-9a-f-]+$/])).toEqual([]);
    await context.close();
  });

  it('keeps the record on the participant page: languages, consents, statuses, block, export, merge, erasure', async () => {
    const { context, page, errors } = await openPage(browser);
    await page.goto(`${baseUrl}/login?redirect=%2Fparticipants`);
    await pageTitle(page).filter({ hasText: 'Anmelden' }).waitFor();
    await typeInto(page, 'E-Mail-Adresse', MANAGER.email);
    await typeInto(page, 'Passwort', MANAGER.password);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${baseUrl}/participants`);

    const person = {
      familyName: 'Berhane',
      givenNames: 'Semhar',
      birthDate: '2001-06-01',
      birthDatePrecision: 'month',
      gender: 'female',
      countriesOfOrigin: ['ER'],
      residenceStatuses: [{ status: 'asylum_permit', validFrom: '2023-04-01' }],
    };
    const created = await api(page, 'POST', '/api/v1/participants', person);
    expect(created.status).toBe(201);
    const survivor = created.json as { id: string; number: string };
    // A record of the same person made twice: merged into the first below.
    const twice = await api(page, 'POST', '/api/v1/participants', {
      ...person,
      familyName: 'Berhane',
      givenNames: 'Semhar',
      reviewedCandidateIds: [survivor.id],
    });
    expect(twice.status).toBe(201);
    const duplicate = twice.json as { id: string; number: string };

    await page.goto(`${baseUrl}/participants/${survivor.id}`);
    await pageTitle(page).filter({ hasText: survivor.number }).waitFor();
    await page.getByRole('table', { name: 'Förderfähigkeit je Förderbaustein' }).waitFor();

    // A language, by keyboard.
    await pressButton(page, 'Sprache hinzufügen');
    await expect.poll(async () => (await focusedElement(page))?.id).toBe('language-language');
    await field(page, 'Sprache').selectOption('ti');
    await field(page, 'Niveau (GER)').selectOption('native');
    const languageForm = page.getByRole('form', { name: 'Sprache hinzufügen' });
    await expectNoAxeViolations(page, 'participant page, adding a language (de)');
    await languageForm.getByRole('button', { name: 'Hinzufügen' }).press('Enter');
    const languagesSection = page.getByRole('region', { name: 'Sprachen' });
    await languagesSection.getByRole('status').filter({ hasText: 'Der Eintrag wurde hinzugefügt.' }).waitFor();
    expect(await page.getByRole('table', { name: 'Sprachkenntnisse' }).textContent()).toContain('Tigrinya');

    // A consent, given and revoked.
    await pressButton(page, 'Einwilligung erfassen');
    await expect.poll(async () => (await focusedElement(page))?.id).toBe('consent-purpose');
    await field(page, 'Zweck').selectOption('case_management');
    await typeInto(
      page,
      'Umfang',
      'Fallmanagement im Programm Durchstarten, Weitergabe an das Jobcenter nicht erfasst.',
    );
    await pressButton(page, 'Speichern');
    const consentsSection = page.getByRole('region', { name: 'Einwilligungen' });
    await consentsSection.getByRole('status').filter({ hasText: 'Der Eintrag wurde hinzugefügt.' }).waitFor();
    const consents = page.getByRole('table', { name: 'Einwilligungen nach Zweck' });
    expect(await consents.textContent()).toContain('erteilt');
    await tabTo(
      page,
      (element) => element.tag === 'button' && (element.name ?? '').startsWith('Widerrufen: Fallmanagement'),
      {
        backwards: true,
        maxPresses: 120,
      },
    );
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await focusedElement(page))?.id ?? '').toMatch(/^revoke-.*-revokedOn$/);
    await expectNoAxeViolations(page, 'participant page, revoking a consent (de)');
    await pressButton(page, 'Widerruf speichern');
    await page.getByRole('status').filter({ hasText: 'Der Widerruf wurde gespeichert.' }).waitFor();
    expect(await consents.textContent()).toContain('widerrufen am');

    // A second status ends the first the day before; then it is deleted as entered by mistake.
    await pressButton(page, 'Status hinzufügen', { backwards: true });
    const statusForm = page.getByRole('form', { name: 'Status hinzufügen' });
    await expect.poll(async () => (await focusedElement(page))?.id).toBe('residence-status');
    await statusForm.getByLabel(/^Aufenthaltsstatus/).selectOption('toleration_60a');
    await statusForm.getByLabel(/^Gültig ab/).fill('2025-03-01');
    await statusForm.getByRole('button', { name: 'Hinzufügen' }).click();
    const residenceSection = page.getByRole('region', { name: 'Aufenthaltsstatus' });
    await residenceSection.getByRole('status').filter({ hasText: 'Der Eintrag wurde hinzugefügt.' }).waitFor();
    const history = page.getByRole('table', { name: 'Verlauf des Aufenthaltsstatus, neuester zuerst' });
    await expect.poll(() => history.locator('tbody tr').count()).toBe(2);
    expect(await history.locator('tbody tr').nth(1).textContent()).toContain('28.02.2025');
    await page.getByRole('button', { name: /^Löschen: Duldung/ }).click();
    const confirm = page.getByRole('alertdialog', { name: /Status löschen/ });
    await confirm.waitFor();
    await expectNoAxeViolations(page, 'participant page, deleting a status (de)');
    await confirm.getByRole('button', { name: 'Ja, löschen' }).click();
    await page.getByRole('status').filter({ hasText: 'Der Status wurde gelöscht.' }).waitFor();
    await expect.poll(() => history.locator('tbody tr').count()).toBe(1);

    // Blocked: read-only, said in words; then the block is lifted.
    await typeInto(
      page,
      'Grund der Sperrung',
      'Die Person bestreitet die Richtigkeit der Angaben (Art. 18 Abs. 1 lit. a DSGVO).',
    );
    await pressButton(page, 'Akte sperren');
    await page.getByRole('status').filter({ hasText: 'Die Akte ist jetzt gesperrt.' }).waitFor();
    expect(await page.getByText(/^Gesperrt seit/).textContent()).toContain('Die Person bestreitet');
    expect(await page.getByRole('button', { name: 'Stammdaten bearbeiten' }).count()).toBe(0);
    await expectNoAxeViolations(page, 'participant page, blocked (de)');
    await pressButton(page, 'Sperrung aufheben');
    await page.getByRole('status').filter({ hasText: 'Die Sperrung wurde aufgehoben.' }).waitFor();
    await page.getByRole('button', { name: 'Stammdaten bearbeiten' }).waitFor();

    // The access report as a file.
    const download = page.waitForEvent('download');
    await pressButton(page, 'Als JSON herunterladen');
    expect((await download).suggestedFilename()).toMatch(/\.json$/);
    await page.getByRole('status').filter({ hasText: 'wurde heruntergeladen' }).waitFor();

    // The duplicate is merged into this record and points here.
    await typeInto(page, 'Nummer der Dublette', duplicate.number, { backwards: true });
    await page.keyboard.press('Enter');
    await page.getByText(`Gefunden: ${duplicate.number} – Berhane, Semhar, geboren 06/2001`).waitFor();
    await pressButton(page, `${duplicate.number} in ${survivor.number} zusammenführen`);
    await page
      .getByRole('status')
      .filter({ hasText: `${duplicate.number} wurde in diese Akte zusammengeführt.` })
      .waitFor();
    await expectNoAxeViolations(page, 'participant page, merged (de)');
    const merged = await api(page, 'GET', `/api/v1/participants/${duplicate.id}`);
    expect((merged.json as { mergedIntoId: string }).mergedIntoId).toBe(survivor.id);

    // Erasure on request: a ground, a confirmation, and the page says what was done.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('region', { name: 'Actions' }).waitFor();
    await expectNoAxeViolations(page, 'participant page, actions (en)');
    await page.getByRole('button', { name: 'Deutsch' }).click();
    await field(page, 'Grund').focus();
    await field(page, 'Grund').selectOption('consent_withdrawn');
    await pressButton(page, 'Akte löschen …');
    const erase = page.getByRole('alertdialog', { name: 'Akte wirklich löschen?' });
    await erase.waitFor();
    await expect.poll(async () => (await focusedElement(page))?.text ?? '').toContain('Akte wirklich löschen?');
    await expectNoAxeViolations(page, 'participant page, confirm erasure (de)');
    await pressButton(page, 'Ja, endgültig löschen');
    await page
      .getByRole('status')
      .filter({ hasText: new RegExp(`Die Akte ${survivor.number} wurde (gelöscht|anonymisiert)\\.`) })
      .waitFor();
    await expectNoAxeViolations(page, 'participant page, erased (de)');

    expect(errors).toEqual([]);
    await context.close();
  });

  it('imports a CSV file: every problem by row and column, then the valid rows with progress', async () => {
    const { context, page, errors } = await openPage(browser);
    await page.goto(`${baseUrl}/login?redirect=%2Fparticipants`);
    await pageTitle(page).filter({ hasText: 'Anmelden' }).waitFor();
    await typeInto(page, 'E-Mail-Adresse', MANAGER.email);
    await typeInto(page, 'Passwort', MANAGER.password);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${baseUrl}/participants`);
    await page.getByRole('search', { name: 'Suche' }).waitFor();
    await expect.poll(async () => (await focusedElement(page))?.id).toBe('page-title');

    await followLink(page, 'Teilnehmende aus CSV importieren');
    await page.waitForURL(`${baseUrl}/participants/import`);
    await expect.poll(async () => (await focusedElement(page))?.id).toBe('page-title');
    await expectNoAxeViolations(page, '/participants/import (de)');

    // Nothing chosen: the field says so.
    await pressButton(page, 'Hochladen und prüfen');
    await page.getByText('Bitte eine CSV-Datei wählen.').waitFor();
    expect((await focusedElement(page))?.id).toBe('import-file');
    expect(await page.locator('#import-file').getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(page, '/participants/import without a file (de)');

    // The second data row lacks the family name and has an impossible date: nothing is imported.
    const csv = [
      'external_id;family_name;given_names;birth_date;gender;residence_status;residence_status_valid_from',
      'E2E-IMP-1;Haile;Daniel;2002;male;toleration_60a;2024-05-01',
      'E2E-IMP-2;;Almaz;2003-02-30;female;;',
    ].join('\n');
    const file = { name: 'teilnehmende.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') };
    await page.locator('#import-file').setInputFiles(file);
    await pressButton(page, 'Hochladen und prüfen');
    await page
      .getByRole('status')
      .filter({ hasText: 'Die Datei enthält Fehler. Es wurde nichts importiert.' })
      .waitFor();
    const problems = page.getByRole('table', { name: 'Fehler nach Zeile und Spalte' });
    await problems.waitFor();
    // Line 3 of the file (the header is line 1), by column; never a cell value.
    expect(await problems.locator('tbody tr').allTextContents()).toEqual([
      '3family_nameFehlerZu kurz oder leer.',
      '3birth_dateFehlerDas Format stimmt nicht.',
    ]);
    await expectNoAxeViolations(page, '/participants/import with problems (de)');
    await screenshot(page, 'import-problems-de');

    // Again, importing only the valid rows: the progress runs to the end and the counts are said.
    await pressButton(page, 'Weitere Datei importieren');
    // The form is back: the page continues at its heading (a file is chosen with the browser's own dialog).
    await expect.poll(async () => (await focusedElement(page))?.id).toBe('page-title');
    await page.locator('#import-file').setInputFiles(file);
    await page.locator('#import-file').focus();
    await tabTo(page, (element) => element.tag === 'input' && element.id !== 'import-file', { maxPresses: 2 });
    await page.keyboard.press('Space');
    expect(await page.getByLabel('Ungültige Zeilen überspringen und nur gültige importieren').isChecked()).toBe(true);
    await pressButton(page, 'Hochladen und prüfen');
    await page.getByRole('status').filter({ hasText: 'Der Import ist abgeschlossen.' }).waitFor();
    expect(await page.getByRole('status').filter({ hasText: 'Der Import ist abgeschlossen.' }).textContent()).toContain(
      '1 neu angelegt, 0 geändert, 0 unverändert, 1 übersprungen.',
    );
    const progress = page.getByRole('progressbar', { name: 'Fortschritt des Imports' });
    expect(await progress.getAttribute('aria-valuenow')).toBe('100');
    await expectNoAxeViolations(page, '/participants/import done (de)');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('progressbar', { name: 'Progress of the import' }).waitFor();
    await expectNoAxeViolations(page, '/participants/import done (en)');
    await screenshot(page, 'import-done-en');

    expect(errors).toEqual([]);
    await context.close();
  });
});
