// The administration of organisations, teams and permissions in a real browser, signed in for real: a
// system administrator creates organisations (first with errors), searches, loads more, edits (also
// against a stale version) and reads the permission table; a municipal administrator creates a team.
// Mostly by keyboard; axe must find nothing in any state, in German and English.
//
// Like auth.e2e.ts, the journeys run against their own server on their own data directory: the
// organisations are put into its database, the accounts are created with `durchstarten users:create`.
// Set E2E_SCREENSHOTS=<directory> to keep a screenshot of every page visited.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ServerProcess } from '../helpers/server-process.ts';
import { expectNoAxeViolations, focusedElement, launchBrowser, openPage, tabTo } from './browser.ts';
import { newDataDir, runCli, serveDataDir, stopAndRemove, withDataDirDatabase } from '../helpers/data-dir.ts';
import { field, followLink, pageTitle, pressButton, screenshots, tabToId, typeInto, unexpected } from './support.ts';

const MINISTRY = 'Ministerium für Arbeit, Gesundheit und Soziales NRW';
const SYSTEM_ADMIN = { email: 'sina.system@mags.example', name: 'Sina System', password: 'leuchtturm am rhein' };
const MUNICIPAL_ADMIN = { email: 'kai.kommune@koeln.example', name: 'Kai Kommune', password: 'dom und rheinbruecke' };
const screenshot = screenshots('organisations');
// More than one page of the list (25): the "load more" button has something to load.
const PROVIDERS = Array.from({ length: 26 }, (_, index) => `Bildungsträger ${String(index + 1).padStart(2, '0')}`);

async function seedOrganisations(dataDir: string): Promise<void> {
  await withDataDirDatabase(dataDir, async (db) => {
    await db
      .insertInto('organisation')
      .values([
        { kind: 'ministry', name: MINISTRY, short_name: 'MAGS' },
        {
          kind: 'municipality',
          name: 'Köln',
          municipality_kind: 'district_free_city',
          official_key: '05315000',
          alliance_member: true,
        },
        { kind: 'municipality', name: 'Hochsauerlandkreis', municipality_kind: 'district', official_key: '05958' },
        {
          kind: 'municipality',
          name: 'Demostadt',
          municipality_kind: 'district_free_city',
          budget_recovery: true,
          is_demo: true,
        },
        ...PROVIDERS.map((name) => ({ kind: 'provider' as const, name })),
      ])
      .execute();
  });
}

async function signIn(page: Page, baseUrl: string, user: { email: string; password: string }) {
  await page.goto(`${baseUrl}/admin`);
  await pageTitle(page).filter({ hasText: 'Verwaltung' }).waitFor();
  await page.getByText('Melden Sie sich an, um die Verwaltung zu nutzen.').waitFor();
  await expectNoAxeViolations(page, '/admin signed out (de)');
  await followLink(page, 'Anmelden');
  await page.waitForURL(`${baseUrl}/login?redirect=%2Fadmin`);
  await pageTitle(page).filter({ hasText: 'Anmelden' }).waitFor();
  await typeInto(page, 'E-Mail-Adresse', user.email);
  await typeInto(page, 'Passwort', user.password);
  await page.keyboard.press('Enter');
  await page.waitForURL(`${baseUrl}/admin`);
  await page.getByRole('list', { name: 'Bereiche der Verwaltung' }).waitFor();
}

describe.skipIf(inject('e2eSkip'))('organisations, teams and permissions', () => {
  let dataDir: string;
  let server: ServerProcess | undefined;
  let baseUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    dataDir = await newDataDir('organisations');
    await seedOrganisations(dataDir);
    runCli(dataDir, [
      'users:create',
      '--email',
      SYSTEM_ADMIN.email,
      '--name',
      SYSTEM_ADMIN.name,
      '--organisation',
      MINISTRY,
      '--role',
      'system_admin',
      '--password',
      SYSTEM_ADMIN.password,
    ]);
    runCli(dataDir, [
      'users:create',
      '--email',
      MUNICIPAL_ADMIN.email,
      '--name',
      MUNICIPAL_ADMIN.name,
      '--organisation',
      'Köln',
      '--role',
      'municipal_admin',
      '--password',
      MUNICIPAL_ADMIN.password,
    ]);
    server = await serveDataDir(dataDir);
    baseUrl = server.baseUrl;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await stopAndRemove(server, dataDir);
  });

  it('lists, searches and pages through organisations from the administration page — by keyboard, axe-clean', async () => {
    const { context, page, errors } = await openPage(browser);
    await signIn(page, baseUrl, SYSTEM_ADMIN);

    // The administration page offers every section to a system administrator.
    const sections = page.getByRole('list', { name: 'Bereiche der Verwaltung' });
    expect(await sections.getByRole('link').allTextContents()).toEqual([
      'Benutzerkonten',
      'Organisationen',
      'Berechtigungen',
      'Protokoll',
    ]);
    await expectNoAxeViolations(page, '/admin (de)');
    await screenshot(page, 'admin-hub-de');

    await followLink(page, 'Organisationen', { backwards: true });
    await page.waitForURL(`${baseUrl}/admin/organisations`);
    await expect.poll(async () => (await focusedElement(page))?.id).toBe('page-title');
    await expect.poll(() => page.title()).toBe('Organisationen – Durchstarten');
    const navigation = page.getByRole('navigation', { name: 'Hauptnavigation' });
    expect(await navigation.locator('[aria-current="page"]').allTextContents()).toEqual(['Organisationen']);

    const table = page.getByRole('table', { name: 'Organisationen, nach Name sortiert' });
    await table.waitFor();
    expect(await table.locator('tbody tr').count()).toBe(25);
    expect(await page.getByRole('status').filter({ hasText: 'angezeigt' }).textContent()).toBe(
      '25 Organisationen angezeigt. Es gibt weitere Treffer.',
    );
    await expectNoAxeViolations(page, '/admin/organisations (de)');
    await screenshot(page, 'organisations-list-de');

    // "Load more": the next organisations are added and focus moves to the first of them.
    await pressButton(page, 'Weitere Organisationen laden');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(30);
    await expect.poll(async () => (await focusedElement(page))?.text).toBe('Bildungsträger 26');
    expect((await focusedElement(page))?.id).toMatch(/^organisation-link-/);
    expect(await page.getByRole('button', { name: 'Weitere Organisationen laden' }).count()).toBe(0);
    const demoRow = table.locator('tbody tr').filter({ hasText: 'Demostadt' });
    expect(await demoRow.textContent()).toContain('Demo');
    expect(await demoRow.locator('td').allTextContents()).toEqual(['Kommune', 'Kreisfreie Stadt', '–', 'nein', 'ja']);
    const koelnRow = table.locator('tbody tr').filter({ hasText: 'Köln' });
    expect(await koelnRow.locator('td').allTextContents()).toEqual([
      'Kommune',
      'Kreisfreie Stadt',
      '05315000',
      'ja',
      'nein',
    ]);
    await expectNoAxeViolations(page, '/admin/organisations, all loaded (de)');

    // Search by name: the filter goes into the address.
    await typeInto(page, 'Name oder Kurzname', 'Köln', { backwards: true });
    await page.keyboard.press('Enter');
    await page.waitForURL(`${baseUrl}/admin/organisations?q=K%C3%B6ln`);
    await expect.poll(() => table.locator('tbody tr').count()).toBe(1);
    expect(await page.getByRole('status').filter({ hasText: 'angezeigt' }).textContent()).toBe(
      '1 Organisation angezeigt.',
    );

    // Filter by kind: the ministry only.
    await page.getByLabel('Name oder Kurzname').fill('');
    await page.getByLabel('Art', { exact: true }).selectOption({ label: 'Ministerium' });
    await pressButton(page, 'Suchen');
    await page.waitForURL(`${baseUrl}/admin/organisations?kind=ministry`);
    await expect.poll(async () => (await table.textContent()) ?? '').toContain(MINISTRY);
    expect(await table.locator('tbody tr').count()).toBe(1);
    await expectNoAxeViolations(page, '/admin/organisations filtered (de)');

    // An address typed by hand is reduced to what the list understands.
    await page.goto(`${baseUrl}/admin/organisations?kind=schule&q=Demo`);
    await expect.poll(() => table.locator('tbody tr').count()).toBe(1);
    expect(await page.getByLabel('Art', { exact: true }).inputValue()).toBe('');

    expect(errors).toEqual([]);
    await context.close();
  });

  it('creates organisations, first with errors in the browser and from the server — axe-clean', async () => {
    const { context, page, errors } = await openPage(browser);
    await signIn(page, baseUrl, SYSTEM_ADMIN);
    await page.goto(`${baseUrl}/admin/organisations`);
    await page.getByRole('table').waitFor();

    await followLink(page, 'Organisation anlegen');
    await page.waitForURL(`${baseUrl}/admin/organisations/new`);
    await expect.poll(async () => (await focusedElement(page))?.id).toBe('page-title');
    await expectNoAxeViolations(page, '/admin/organisations/new (de)');
    await screenshot(page, 'organisation-create-de');

    // Nothing filled in: a focused summary names the problems, each field shows its own.
    await pressButton(page, 'Organisation anlegen');
    const summary = page.getByRole('alert').filter({ hasText: 'Bitte prüfen Sie die markierten Eingaben.' });
    await summary.waitFor();
    await expect.poll(async () => (await focusedElement(page))?.text ?? '').toContain('Bitte prüfen Sie');
    expect(await summary.locator('li').allTextContents()).toEqual([
      'Art der Organisation: Bitte wählen Sie die Art der Organisation.',
      'Name: Bitte geben Sie den Namen ein.',
    ]);
    expect(await field(page, 'Name').getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(page, '/admin/organisations/new with errors (de)');
    await screenshot(page, 'organisation-create-errors-de');

    // The summary's links lead to the fields: the kind is chosen with the arrow keys.
    await tabTo(page, (element) => element.tag === 'a' && element.text.startsWith('Art der Organisation'), {
      maxPresses: 3,
    });
    await page.keyboard.press('Enter');
    expect((await focusedElement(page))?.id).toBe('organisation-kind');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await page.getByLabel('Kommune', { exact: true }).isChecked()).toBe(true);

    // Municipality fields appear; a district town needs its district, and the AGS has only digits.
    await typeInto(page, 'Name', 'Köln');
    await tabToId(page, 'organisation-municipalityKind');
    await page.keyboard.press('ArrowDown');
    expect(await page.getByLabel('Kreisfreie Stadt').isChecked()).toBe(true);
    await typeInto(page, 'Amtlicher Gemeindeschlüssel (AGS)', '0531 5');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => summary.locator('li').allTextContents())
      .toEqual(['Amtlicher Gemeindeschlüssel (AGS): Der AGS besteht aus 5 bis 8 Ziffern, ohne Leerzeichen.']);
    await page.getByLabel('Amtlicher Gemeindeschlüssel (AGS)').fill('');

    // The server knows Köln already: its field error appears at the name.
    await pressButton(page, 'Organisation anlegen');
    await expect
      .poll(() => summary.locator('li').allTextContents())
      .toEqual(['Name: Eine Organisation dieser Art mit diesem Namen gibt es schon.']);
    expect(await field(page, 'Name').getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(page, '/admin/organisations/new with a server error (de)');

    // A district town in the Hochsauerlandkreis.
    await field(page, 'Name').fill('Arnsberg');
    await tabToId(page, await page.getByLabel('Kreisfreie Stadt').getAttribute('id'));
    await page.keyboard.press('ArrowDown');
    expect(await page.getByLabel('Kreisangehörige Gemeinde').isChecked()).toBe(true);
    const district = field(page, 'Zugehöriger Kreis');
    await district.waitFor();
    expect(await district.locator('option').allTextContents()).toEqual(['Bitte wählen', 'Hochsauerlandkreis']);
    await tabToId(page, 'organisation-districtId');
    await district.selectOption({ label: 'Hochsauerlandkreis' });
    await typeInto(page, 'Amtlicher Gemeindeschlüssel (AGS)', '05958004');
    await tabToId(page, 'organisation-allianceMember');
    await page.keyboard.press('Space');
    await expectNoAxeViolations(page, '/admin/organisations/new district town (de)');
    await screenshot(page, 'organisation-create-municipality-de');
    await pressButton(page, 'Organisation anlegen');
    const created = page.getByRole('status').filter({ hasText: 'Die Organisation „Arnsberg“ wurde angelegt.' });
    await created.waitFor();
    await expect.poll(async () => (await focusedElement(page))?.text ?? '').toContain('wurde angelegt');
    await expectNoAxeViolations(page, '/admin/organisations/new created (de)');

    // A provider working for two municipalities, chosen from a filtered list.
    await pressButton(page, 'Weitere Organisation anlegen');
    await page.getByLabel('Träger', { exact: true }).check();
    await field(page, 'Name').fill('IN VIA Köln');
    const filter = page.getByLabel('Liste der Kommunen filtern');
    await filter.waitFor();
    await filter.fill('köln');
    const provider = page.getByRole('group', { name: 'Angaben zum Träger' });
    await expect.poll(() => provider.getByRole('checkbox').count()).toBe(1);
    await page.getByLabel('Köln', { exact: true }).check();
    await filter.fill('arns');
    await page.getByLabel('Arnsberg', { exact: true }).check();
    await expectNoAxeViolations(page, '/admin/organisations/new provider (de)');
    await page.getByRole('button', { name: 'Organisation anlegen' }).click();
    await page.getByRole('status').filter({ hasText: 'Die Organisation „IN VIA Köln“ wurde angelegt.' }).waitFor();
    await followLink(page, 'Zur Organisation');
    await pageTitle(page).filter({ hasText: 'IN VIA Köln' }).waitFor();
    const facts = page.getByRole('region', { name: 'Angaben', exact: true });
    await expect.poll(async () => (await facts.textContent()) ?? '').toContain('Arnsberg');
    expect(await facts.textContent()).toContain('Köln');
    await expectNoAxeViolations(page, 'provider detail (de)');

    expect(unexpected(errors, [/HTTP 409 for .*\/api\/v1\/organisations$/])).toEqual([]);
    await context.close();
  });

  it('edits an organisation and recovers from a change made in the meantime (412) — axe-clean', async () => {
    const { context, page, errors } = await openPage(browser);
    await signIn(page, baseUrl, SYSTEM_ADMIN);
    await page.goto(`${baseUrl}/admin/organisations?q=Demostadt`);
    await page.getByRole('link', { name: 'Demostadt' }).waitFor();
    await followLink(page, 'Demostadt');
    await pageTitle(page).filter({ hasText: 'Demostadt' }).waitFor();
    await expect.poll(async () => (await focusedElement(page))?.id).toBe('page-title');
    const facts = page.getByRole('region', { name: 'Angaben', exact: true });
    expect(await facts.textContent()).toContain('Diese Organisation gehört zur Demo-Einrichtung.');
    const edit = page.getByRole('region', { name: 'Angaben ändern' });
    await edit.waitFor();
    await expectNoAxeViolations(page, 'organisation detail (de)');
    await screenshot(page, 'organisation-detail-de');

    // Saving without a change sends nothing.
    await pressButton(page, 'Änderungen speichern');
    await page.getByRole('status').filter({ hasText: 'Sie haben nichts geändert.' }).waitFor();

    await typeInto(page, 'Kurzname', 'Demo');
    await tabToId(page, 'organisation-budgetRecovery');
    await page.keyboard.press('Space');
    await pressButton(page, 'Änderungen speichern');
    await page.getByRole('status').filter({ hasText: 'Die Änderungen wurden gespeichert.' }).waitFor();
    await expect.poll(async () => (await focusedElement(page))?.text ?? '').toContain('gespeichert');
    expect(await facts.textContent()).toContain('Kurzname' + 'Demo');
    expect(await facts.textContent()).toContain('In der Haushaltssicherung' + 'nein');

    // Someone else changes it (here: this browser's session, behind the form's back).
    const id = page.url().split('/').at(-1) ?? '';
    const status = await page.evaluate(async (organisationId) => {
      const url = `/api/v1/organisations/${organisationId}`;
      const current = await fetch(url, { headers: { accept: 'application/json' } });
      const response = await fetch(url, {
        method: 'PATCH',
        headers: {
          accept: 'application/json',
          'content-type': 'application/json',
          'if-match': current.headers.get('etag') ?? '',
        },
        body: JSON.stringify({ contactEmail: 'jugend@demostadt.example' }),
      });
      return response.status;
    }, id);
    expect(status).toBe(200);

    await field(page, 'Kurzname').fill('Demo-Stadt');
    await pressButton(page, 'Änderungen speichern');
    const stale = page.getByRole('alert').filter({ hasText: 'Inzwischen geändert' });
    await stale.waitFor();
    await expect.poll(async () => (await focusedElement(page))?.text ?? '').toContain('Inzwischen geändert');
    await expectNoAxeViolations(page, 'organisation detail stale (de)');
    await screenshot(page, 'organisation-detail-stale-de');
    await pressButton(page, 'Aktuellen Stand laden');
    await page.getByRole('status').filter({ hasText: 'Der aktuelle Stand wurde geladen.' }).waitFor();
    expect(await page.getByLabel('E-Mail-Adresse für Rückfragen').inputValue()).toBe('jugend@demostadt.example');
    expect(await field(page, 'Kurzname').inputValue()).toBe('Demo');
    await field(page, 'Kurzname').fill('Demo-Stadt');
    await page.getByRole('button', { name: 'Änderungen speichern' }).click();
    await page.getByRole('status').filter({ hasText: 'Die Änderungen wurden gespeichert.' }).waitFor();
    expect(await facts.textContent()).toContain('Demo-Stadt');

    // In English.
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.getByRole('region', { name: 'Change details' }).count()).toBe(1);
    await expectNoAxeViolations(page, 'organisation detail (en)');
    await screenshot(page, 'organisation-detail-en');
    await page.goto(`${baseUrl}/admin/organisations`);
    await page.getByRole('table', { name: 'Organisations, sorted by name' }).waitFor();
    await expectNoAxeViolations(page, '/admin/organisations (en)');
    await screenshot(page, 'organisations-list-en');
    await page.goto(`${baseUrl}/admin/organisations/new`);
    await page.getByLabel('Municipality', { exact: true }).check();
    await page.getByLabel('Town within a district').check();
    await page.getByRole('button', { name: 'Create organisation' }).click();
    await page.getByRole('alert').filter({ hasText: 'Please check the marked entries.' }).waitFor();
    await expectNoAxeViolations(page, '/admin/organisations/new with errors (en)');
    await screenshot(page, 'organisation-create-errors-en');
    await page.getByRole('button', { name: 'Deutsch' }).click();

    expect(unexpected(errors, [/HTTP 412 for .*\/api\/v1\/organisations\/[0-9a-f-]+$/])).toEqual([]);
    await context.close();
  });

  it('explains the permission table, grouped by role — by keyboard, axe-clean in German and English', async () => {
    const { context, page, errors } = await openPage(browser);
    await signIn(page, baseUrl, SYSTEM_ADMIN);
    await followLink(page, 'Berechtigungen');
    await page.waitForURL(`${baseUrl}/admin/permissions`);
    await expect.poll(async () => (await focusedElement(page))?.id).toBe('page-title');
    expect(await pageTitle(page).textContent()).toBe('Rollen und Berechtigungen');

    const scopes = page.getByRole('region', { name: 'Was die Reichweite bedeutet' });
    expect(await scopes.locator('dt').allTextContents()).toEqual(['eigene', 'Team', 'Organisation', 'Kommune', 'alle']);
    const coach = page.getByRole('region', { name: 'Coaching' });
    await coach.waitFor();
    expect(await coach.textContent()).toContain('Zweiter Faktor erforderlich');
    const coachTable = coach.getByRole('table', { name: 'Berechtigungen der Rolle Coaching' });
    expect(await coachTable.locator('tbody tr').allInnerTexts()).toEqual([
      'Teilnehmende\tlesen, ändern\teigene',
      'Fälle\tlesen, ändern\teigene',
      'Angebotskatalog und Ansprechpersonen der Träger\tlesen\tKommune',
      'Teilnahmen an Angeboten (Anwesenheit, Ergebnisse)\tlesen, anlegen, ändern\teigene',
      'Hinweise auf Maßnahme-Karrieren\tlesen, ändern\teigene',
    ]);
    const admin = page.getByRole('region', { name: 'Systemadministration' });
    expect(await admin.textContent()).not.toContain('Zweiter Faktor erforderlich');
    expect(await admin.getByRole('row', { name: /Organisationen/ }).innerText()).toBe(
      'Organisationen\tverwalten\talle',
    );
    await expectNoAxeViolations(page, '/admin/permissions (de)');
    await screenshot(page, 'permissions-de');

    // The jump links move focus to the role.
    await followLink(page, 'Träger');
    expect((await focusedElement(page))?.id).toBe('role-provider-staff');

    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => pageTitle(page).textContent()).toBe('Roles and permissions');
    expect(await page.getByRole('region', { name: 'Coaching' }).textContent()).toContain('Second factor required');
    await expectNoAxeViolations(page, '/admin/permissions (en)');
    await screenshot(page, 'permissions-en');
    await page.goto(`${baseUrl}/admin`);
    await page.getByRole('list', { name: 'Sections of the administration' }).waitFor();
    await expectNoAxeViolations(page, '/admin (en)');
    await screenshot(page, 'admin-hub-en');
    await page.getByRole('button', { name: 'Deutsch' }).click();

    expect(errors).toEqual([]);
    await context.close();
  });

  it('reflows at 400 % zoom (320 px wide) without horizontal scrolling of the page, axe-clean', async () => {
    const { context, page, errors } = await openPage(browser, { width: 320, height: 256 });
    await signIn(page, baseUrl, SYSTEM_ADMIN);
    const pages = [
      { path: '/admin', ready: page.getByRole('list', { name: 'Bereiche der Verwaltung' }) },
      { path: '/admin/organisations', ready: page.getByRole('table') },
      { path: '/admin/organisations/new', ready: field(page, 'Name') },
      { path: '/admin/permissions', ready: page.getByRole('region', { name: 'Coaching' }) },
    ];
    for (const { path, ready } of pages) {
      await page.goto(`${baseUrl}${path}`);
      await ready.waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(320);
      await expectNoAxeViolations(page, `${path} at 320 px`);
    }
    await page.goto(`${baseUrl}/admin/organisations?q=K%C3%B6ln&kind=municipality`);
    await page.getByRole('link', { name: 'Köln', exact: true }).click();
    await page.getByRole('region', { name: 'Angaben ändern' }).waitFor();
    await screenshot(page, 'organisation-detail-320');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await expectNoAxeViolations(page, 'organisation detail at 320 px');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('lets a municipal administrator create a team in their municipality, and nothing more — axe-clean', async () => {
    const { context, page, errors } = await openPage(browser);
    await signIn(page, baseUrl, MUNICIPAL_ADMIN);
    const sections = page.getByRole('list', { name: 'Bereiche der Verwaltung' });
    expect(await sections.getByRole('link').allTextContents()).toEqual([
      'Benutzerkonten',
      'Organisationen',
      'Berechtigungen',
      'Protokoll',
      'Teams: Köln',
      'Kommunale Einstellungen',
    ]);

    await followLink(page, 'Teams: Köln');
    await pageTitle(page).filter({ hasText: 'Köln' }).waitFor();
    const teams = page.getByRole('region', { name: 'Teams' });
    await teams.getByText('Diese Kommune hat noch keine Teams.').waitFor();
    // Organisations are the system administration's: no form to change them.
    expect(await page.getByRole('region', { name: 'Angaben ändern' }).count()).toBe(0);
    await expectNoAxeViolations(page, 'municipality with teams (de)');

    await pressButton(page, 'Team anlegen');
    await teams.getByRole('alert').filter({ hasText: 'Bitte geben Sie einen Namen für das Team ein.' }).waitFor();
    expect(await field(page, 'Name des Teams').getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(page, 'team form with an error (de)');

    await typeInto(page, 'Name des Teams', 'Team Innenstadt');
    await page.keyboard.press('Enter');
    await teams.getByRole('status').filter({ hasText: 'Das Team „Team Innenstadt“ wurde angelegt.' }).waitFor();
    await expect.poll(() => teams.getByRole('list', { name: 'Teams von Köln' }).textContent()).toBe('Team Innenstadt');

    // The same name again: the server's field error appears at the field.
    await typeInto(page, 'Name des Teams', 'Team Innenstadt');
    await page.keyboard.press('Enter');
    await teams.getByRole('alert').filter({ hasText: 'Diese Kommune hat schon ein Team mit diesem Namen.' }).waitFor();
    await expectNoAxeViolations(page, 'team form with a server error (de)');
    await screenshot(page, 'municipality-teams-de');

    // Other municipalities' teams are not offered, and no organisation can be created.
    await page.goto(`${baseUrl}/admin/organisations?q=Demostadt`);
    await page.getByRole('link', { name: 'Demostadt' }).waitFor();
    await followLink(page, 'Demostadt');
    await pageTitle(page).filter({ hasText: 'Demostadt' }).waitFor();
    await page.getByRole('region', { name: 'Angaben', exact: true }).waitFor();
    expect(await page.getByRole('region', { name: 'Teams' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Organisation anlegen' }).count()).toBe(0);

    expect(unexpected(errors, [/HTTP 409 for .*\/api\/v1\/municipalities\/[0-9a-f-]+\/teams$/])).toEqual([]);
    await context.close();
  });
});
