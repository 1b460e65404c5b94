// Accounts in a real browser, by keyboard only: sign in, set up TOTP (codes computed here from the
// shown key), recovery codes, sign out, sign in with the second factor; user administration with an
// invitation, the step-up dialog and disabling. axe must find nothing in any state.
//
// The journeys run against their own server on their own data directory: an organisation is put
// into its database, the accounts are created with `durchstarten users:create`, then it serves.
import { Secret, TOTP } from 'otpauth';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ServerProcess } from '../helpers/server-process.ts';
import { expectNoAxeViolations, focusedElement, launchBrowser, openPage, tabTo } from './browser.ts';
import { newDataDir, runCli, serveDataDir, stopAndRemove, withDataDirDatabase } from '../helpers/data-dir.ts';

const COACH = { email: 'clara.coach@koeln.example', name: 'Clara Coach', password: 'kastanie unter dem dom' };
const ADMIN = { email: 'anna.admin@koeln.example', name: 'Anna Admin', password: 'rheinufer im nebel' };
const ADVISOR = { email: 'ben.berater@koeln.example', name: 'Ben Berater' };
const pageTitle = (page: Page) => page.locator('#page-title');

async function seedOrganisation(dataDir: string): Promise<void> {
  await withDataDirDatabase(dataDir, async (db) => {
    await db
      .insertInto('organisation')
      .values({ kind: 'municipality', name: 'Köln', municipality_kind: 'district_free_city' })
      .execute();
  });
}

/** The code of the authenticator app, `stepsAhead` time steps from now (each code is accepted once). */
function totpCode(secret: string, stepsAhead = 0): string {
  return new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: Date.now() + stepsAhead * 30_000 });
}

/** The control labelled exactly `label` (a required field's label ends with " *"). */
function field(page: Page, label: string) {
  return page.getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( \\*)?$`)).first();
}

/** Tabs to the form control labelled `label` (as a keyboard user would) and types into it. */
async function typeInto(page: Page, label: string, text: string, options: { backwards?: boolean } = {}) {
  const id = await field(page, label).getAttribute('id');
  await tabTo(page, (element) => element.id === id, { backwards: options.backwards, maxPresses: 60 });
  await page.keyboard.type(text);
}

async function pressButton(page: Page, text: string, options: { backwards?: boolean } = {}) {
  await tabTo(page, (element) => element.tag === 'button' && element.text === text, { ...options, maxPresses: 60 });
  await page.keyboard.press('Enter');
}

async function signIn(page: Page, user: { email: string; password: string }) {
  await pageTitle(page).filter({ hasText: 'Anmelden' }).waitFor();
  await typeInto(page, 'E-Mail-Adresse', user.email);
  await typeInto(page, 'Passwort', user.password);
  await page.keyboard.press('Enter');
}

describe.skipIf(inject('e2eSkip'))('accounts', () => {
  let dataDir: string;
  let server: ServerProcess | undefined;
  let baseUrl: string;
  let browser: Browser;
  let advisorPassword = '';

  beforeAll(async () => {
    dataDir = await newDataDir('auth');
    await seedOrganisation(dataDir);
    runCli(dataDir, [
      'users:create',
      '--email',
      COACH.email,
      '--name',
      COACH.name,
      '--organisation',
      'Köln',
      '--role',
      'coach',
      '--password',
      COACH.password,
    ]);
    runCli(dataDir, [
      'users:create',
      '--email',
      ADMIN.email,
      '--name',
      ADMIN.name,
      '--organisation',
      'Köln',
      '--role',
      'municipal_admin',
      '--password',
      ADMIN.password,
    ]);
    // Without --password: an initial password, printed once, to be replaced at the first sign-in.
    const printed = runCli(dataDir, [
      'users:create',
      '--email',
      ADVISOR.email,
      '--name',
      ADVISOR.name,
      '--organisation',
      'Köln',
      '--role',
      'advisor',
    ]);
    advisorPassword = /initial password[^:]*: (\S+)/.exec(printed)?.[1] ?? '';
    server = await serveDataDir(dataDir);
    baseUrl = server.baseUrl;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await stopAndRemove(server, dataDir);
  });

  it('signs in, sets up TOTP, signs out and in again with a code — by keyboard, axe-clean', async () => {
    const { context, page, errors } = await openPage(browser);
    await page.goto(`${baseUrl}/account`);
    // Signed out, the account page sends the user to the login and remembers where they wanted to go.
    await page.waitForURL(`${baseUrl}/login?redirect=%2Faccount`);
    await pageTitle(page).filter({ hasText: 'Anmelden' }).waitFor();
    await expect.poll(() => page.title()).toBe('Anmelden – Durchstarten');
    await expectNoAxeViolations(page, 'login (de)');

    // A wrong password: the message is announced and takes focus.
    await signIn(page, { email: COACH.email, password: 'falsches passwort' });
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('E-Mail-Adresse oder Passwort ist falsch.');
    await expect.poll(async () => (await focusedElement(page))?.text ?? '').toContain('falsch');
    await expectNoAxeViolations(page, 'login with error (de)');

    // The right one: a coach sees participant data, so the second factor must be set up first.
    await typeInto(page, 'Passwort', '');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(COACH.password);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${baseUrl}/account/second-factor?redirect=%2Faccount`);
    await pageTitle(page).filter({ hasText: 'Zwei-Faktor-Anmeldung einrichten' }).waitFor();
    await expectNoAxeViolations(page, 'second factor: start (de)');

    await pressButton(page, 'Einrichtung starten');
    const secretText = page.getByTestId('totp-secret');
    await secretText.waitFor();
    expect(await page.getByRole('img', { name: 'QR-Code mit dem Schlüssel für die Authenticator-App' }).count()).toBe(
      1,
    );
    const secret = ((await secretText.textContent()) ?? '').replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await expectNoAxeViolations(page, 'second factor: QR code (de)');

    await typeInto(page, 'Sechsstelliger Code aus der App', totpCode(secret));
    await page.keyboard.press('Enter');
    const codes = page.getByTestId('recovery-codes');
    await codes.waitFor();
    expect(await codes.locator('li').count()).toBe(10);
    await expect.poll(async () => (await focusedElement(page))?.text ?? '').toContain('Ihre Wiederherstellungscodes');
    await expectNoAxeViolations(page, 'second factor: recovery codes (de)');

    // "Weiter" only after confirming that the codes are stored.
    expect(await page.getByRole('button', { name: 'Weiter' }).isDisabled()).toBe(true);
    const saved = await page.getByLabel('Ich habe die Codes sicher aufbewahrt.').getAttribute('id');
    await tabTo(page, (element) => element.id === saved);
    await page.keyboard.press('Space');
    await pressButton(page, 'Weiter');
    await page.waitForURL(`${baseUrl}/account`);
    await pageTitle(page).filter({ hasText: 'Mein Konto' }).waitFor();
    await page.getByRole('table').waitFor();
    expect(await page.getByRole('region', { name: 'Zwei-Faktor-Anmeldung' }).textContent()).toContain('eingerichtet');
    expect(await page.getByRole('table').textContent()).toContain('diese Sitzung');
    await expectNoAxeViolations(page, '/account (de)');

    // Sign out from the header.
    await pressButton(page, 'Abmelden', { backwards: true });
    await page.waitForURL(`${baseUrl}/login`);
    expect(await page.getByRole('link', { name: /Mein Konto/ }).count()).toBe(0);

    // Sign in again: password, then a code of the next time step (the current one is used up).
    await signIn(page, COACH);
    await field(page, 'Code').waitFor();
    await expect.poll(async () => (await focusedElement(page))?.tag).toBe('input');
    await expectNoAxeViolations(page, 'login: second factor (de)');
    await page.keyboard.type(totpCode(secret, 1));
    await page.keyboard.press('Enter');
    await page.waitForURL(`${baseUrl}/`);
    await page.getByRole('link', { name: `Mein Konto: ${COACH.name}` }).waitFor();

    // In English too, still by keyboard: the account link in the header, then the language switch.
    await tabTo(page, (element) => element.tag === 'a' && element.text === COACH.name, { maxPresses: 10 });
    await page.keyboard.press('Enter');
    await page.waitForURL(`${baseUrl}/account`);
    await page.getByRole('table').waitFor();
    await pressButton(page, 'English', { backwards: true });
    await pageTitle(page).filter({ hasText: 'My account' }).waitFor();
    await expectNoAxeViolations(page, '/account (en)');
    await pressButton(page, 'Sign out', { backwards: true });
    await page.waitForURL(`${baseUrl}/login`);
    await pageTitle(page).filter({ hasText: 'Sign in' }).waitFor();
    await expectNoAxeViolations(page, 'login (en)');
    await pressButton(page, 'Deutsch', { backwards: true });

    expect(errors.filter((error) => !/HTTP 401 for .*\/api\/v1\/auth\/login$/.test(error))).toEqual([]);
    await context.close();
  });

  it('asks for an own password after a sign-in with an initial one — by keyboard, axe-clean', async () => {
    expect(advisorPassword).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    const { context, page, errors } = await openPage(browser);
    await page.goto(`${baseUrl}/login`);
    await signIn(page, { email: ADVISOR.email, password: advisorPassword });
    await page.waitForURL(`${baseUrl}/account/password`);
    await pageTitle(page).filter({ hasText: 'Eigenes Passwort wählen' }).waitFor();
    await expectNoAxeViolations(page, '/account/password (de)');
    await typeInto(page, 'Aktuelles Passwort', advisorPassword);
    await typeInto(page, 'Neues Passwort', 'kurz');
    await typeInto(page, 'Neues Passwort wiederholen', 'anders');
    await page.keyboard.press('Enter');
    await page.getByText('Die beiden Eingaben stimmen nicht überein.').waitFor();
    await expectNoAxeViolations(page, '/account/password with errors (de)');
    for (const label of ['Neues Passwort', 'Neues Passwort wiederholen']) {
      await typeInto(page, label, '');
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.type('beratung am neumarkt');
    }
    await page.keyboard.press('Enter');
    await page.waitForURL(`${baseUrl}/`);
    await page.getByRole('link', { name: `Mein Konto: ${ADVISOR.name}` }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('administers accounts: invite, accept the invitation, change roles with step-up, disable — axe-clean', async () => {
    const { context, page, errors } = await openPage(browser);
    await page.goto(`${baseUrl}/admin/users`);
    await page.waitForURL(/\/login\?redirect=%2Fadmin%2Fusers$/);
    await signIn(page, ADMIN);
    await page.waitForURL(`${baseUrl}/admin/users`);
    await page.getByRole('table').waitFor();
    expect(await page.getByRole('table').textContent()).toContain(COACH.name);
    await expectNoAxeViolations(page, '/admin/users (de)');

    // Create an account with an invitation link.
    await tabTo(page, (element) => element.tag === 'a' && element.text === 'Konto anlegen', {
      backwards: true,
      maxPresses: 60,
    });
    await page.keyboard.press('Enter');
    await page.waitForURL(`${baseUrl}/admin/users/new`);
    await field(page, 'Organisation').waitFor();
    await expectNoAxeViolations(page, '/admin/users/new (de)');
    await pressButton(page, 'Konto anlegen');
    await page.getByRole('alert').waitFor();
    await expectNoAxeViolations(page, '/admin/users/new with errors (de)');
    await typeInto(page, 'E-Mail-Adresse', 'paula.neu@koeln.example', { backwards: true });
    await typeInto(page, 'Name', 'Paula Neu');
    const advisor = await page.getByLabel('Beratung für Fachkräfte und Ehrenamtliche').getAttribute('id');
    await tabTo(page, (element) => element.id === advisor);
    await page.keyboard.press('Space');
    await pressButton(page, 'Konto anlegen');
    const secret = page.getByTestId('one-time-secret');
    await secret.waitFor();
    const link = (await secret.textContent()) ?? '';
    expect(link).toMatch(new RegExp(`^${baseUrl}/invitation#[A-Za-z0-9_-]{43}$`));
    await expectNoAxeViolations(page, '/admin/users/new created (de)');

    // The invited person sets their password (in another browser).
    const invited = await openPage(browser);
    await invited.page.goto(link);
    await pageTitle(invited.page).filter({ hasText: 'Einladung annehmen' }).waitFor();
    await invited.page.getByText('Willkommen, Paula Neu!').waitFor();
    expect(invited.page.url()).toBe(`${baseUrl}/invitation`);
    await expectNoAxeViolations(invited.page, '/invitation (de)');
    await typeInto(invited.page, 'Neues Passwort', 'password1');
    await typeInto(invited.page, 'Neues Passwort wiederholen', 'password1');
    await invited.page.keyboard.press('Enter');
    await invited.page.getByText('Dieses Passwort ist zu verbreitet.').waitFor();
    await expectNoAxeViolations(invited.page, '/invitation with errors (de)');
    for (const label of ['Neues Passwort', 'Neues Passwort wiederholen']) {
      await typeInto(invited.page, label, '');
      await invited.page.keyboard.press('ControlOrMeta+A');
      await invited.page.keyboard.type('domplatte bei sonnenschein');
    }
    await invited.page.keyboard.press('Enter');
    await invited.page.getByText('Ihr Konto ist bereit.').waitFor();
    await expectNoAxeViolations(invited.page, '/invitation done (de)');
    expect(invited.errors.filter((error) => !/HTTP 400 for .*invitations\/accept$/.test(error))).toEqual([]);
    await invited.context.close();

    // Change the roles: the server asks for a fresh sign-in (simulated here once, since the login is
    // only seconds old), the dialog asks for the password, then the change goes through.
    await tabTo(page, (element) => element.tag === 'a' && element.text === 'Zum Konto', { maxPresses: 60 });
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Rollen' }).waitFor();
    await expectNoAxeViolations(page, 'user detail (de)');
    let refused = false;
    await page.route('**/api/v1/users/*/roles', async (route) => {
      if (refused) return route.continue();
      refused = true;
      await route.fulfill({
        status: 401,
        contentType: 'application/problem+json',
        json: {
          type: 'urn:durchstarten:problem:reauthentication_required',
          title: 'Re-authentication required',
          status: 401,
          code: 'reauthentication_required',
        },
      });
    });
    const alliance = await page.getByLabel('Bündnismitglied').getAttribute('id');
    await tabTo(page, (element) => element.id === alliance);
    await page.keyboard.press('Space');
    await pressButton(page, 'Rollen speichern');
    const dialog = page.getByRole('dialog', { name: 'Anmeldung bestätigen' });
    await dialog.waitFor();
    await expect.poll(async () => (await focusedElement(page))?.tag).toBe('input');
    await expectNoAxeViolations(page, 'step-up dialog (de)');
    await page.keyboard.type(ADMIN.password);
    await page.keyboard.press('Enter');
    await page.getByText('Die Rollen wurden gespeichert.').waitFor();
    expect(await dialog.isVisible()).toBe(false);

    // Disable, with a confirmation.
    await pressButton(page, 'Konto sperren');
    await pressButton(page, 'Ja, sperren');
    await page.getByRole('button', { name: 'Konto entsperren' }).waitFor();
    expect(await page.getByRole('region', { name: 'Angaben' }).textContent()).toContain('gesperrt');
    await expectNoAxeViolations(page, 'user detail disabled (de)');

    expect(
      errors.filter(
        (error) => !/HTTP 401 for .*\/roles$/.test(error) && !/HTTP 400 for .*\/api\/v1\/users$/.test(error),
      ),
    ).toEqual([]);
    await context.close();
  });
});
