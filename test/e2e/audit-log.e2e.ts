// The audit log page (Verwaltung → Protokoll) in a real browser: reachable by keyboard, its states (signed out,
// refused, filter errors, results, pages) announced and axe-clean in German and English.
// Signing in needs accounts this run does not have, so the browser's API answers for the session and the log
// are stubbed (page.route); the server side is covered by src/audit/audit.routes.int.test.ts.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectNoAxeViolations, focusedElement, launchBrowser, openPage, tabTo } from './browser.ts';

const pageTitle = (page: Page) => page.locator('#page-title');
// Refusals stubbed on purpose are the state under test, not errors.
const unexpected = (errors: string[]) =>
  errors.filter((error) => !/HTTP 40[13] for .*\/api\/v1\/audit-log\?/.test(error));

/** The browser believes it is signed in; the log answers with `answer` (default: one page of results). */
async function signedIn(page: Page, answer?: (url: URL) => { status: number; json: unknown }): Promise<string[]> {
  await page.route('**/api/v1/auth/session', (route) =>
    route.fulfill({
      json: {
        stage: 'active',
        user: {
          id: '11111111-2222-4333-8444-555555555555',
          displayName: 'Ada Admin',
          email: 'ada@koeln.test',
          isDemo: false,
        },
      },
    }),
  );
  // The start page asks what the user may do (a municipal administrator: no case data, so no caseload).
  await page.route('**/api/v1/me', (route) =>
    route.fulfill({
      json: {
        id: '11111111-2222-4333-8444-555555555555',
        email: 'ada@koeln.test',
        displayName: 'Ada Admin',
        isDemo: false,
        roles: ['municipal_admin'],
        organisation: { id: '22222222-2222-4333-8444-555555555555', name: 'Köln', kind: 'municipality' },
        municipalities: [{ id: '22222222-2222-4333-8444-555555555555', name: 'Köln' }],
        activeMunicipalityId: '22222222-2222-4333-8444-555555555555',
        permissions: [{ action: 'read', resource: 'audit_log', scope: 'municipality' }],
        passwordChangedAt: null,
        secondFactor: { enabled: true, required: true, enabledAt: null, recoveryCodesRemaining: 10 },
      },
    }),
  );
  const requested: string[] = [];
  await page.route('**/api/v1/audit-log?*', async (route) => {
    const url = new URL(route.request().url());
    requested.push(url.search);
    const reply = answer?.(url) ?? { status: 200, json: stubPage([5, 4, 3], '3') };
    await route.fulfill({ status: reply.status, json: reply.json });
  });
  return requested;
}

const MUNICIPALITY = '9c24809f-1695-47bf-b393-eec0a4266b6d';

function stubPage(seqs: number[], nextCursor: string | null) {
  return {
    scope: 'municipality',
    nextCursor,
    items: seqs.map((seq) => ({
      id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
      seq,
      chain: `m:${MUNICIPALITY}`,
      occurredAt: new Date(Date.UTC(2026, 10, 29, 13, seq, 12)).toISOString(),
      actorUserId: '11111111-2222-4333-8444-555555555555',
      actorOrganisationId: MUNICIPALITY,
      actorRoles: ['coach'],
      action: seq % 2 === 1 ? 'participant.update' : 'participant.read',
      resourceType: 'participant',
      resourceId: 'bbbbbbbb-cccc-4ddd-8eee-ffffffffffff',
      participantId: 'bbbbbbbb-cccc-4ddd-8eee-ffffffffffff',
      changedFields: seq % 2 === 1 ? ['first_name'] : [],
      outcome: seq === 5 ? 'denied' : seq === 4 ? 'failure' : 'success',
      ip: '203.0.113.7',
      userAgent: 'Mozilla/5.0',
      requestId: `req-${seq}`,
      details: {},
    })),
  };
}

describe.skipIf(inject('e2eSkip'))('audit log page', () => {
  const baseUrl = inject('baseUrl');
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('is reached from the navigation by keyboard', async () => {
    const { context, page, errors } = await openPage(browser);
    await signedIn(page);
    await page.goto(baseUrl);
    await pageTitle(page).waitFor();

    const link = await tabTo(page, (element) => element.tag === 'a' && element.text === 'Protokoll');
    expect(link.href).toBe('/admin/audit-log');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${baseUrl}/admin/audit-log`);
    await expect.poll(async () => (await focusedElement(page))?.id).toBe('page-title');
    expect(await pageTitle(page).textContent()).toBe('Protokoll');
    await expect.poll(() => page.title()).toBe('Protokoll – Durchstarten');
    const navigation = page.getByRole('navigation', { name: 'Hauptnavigation' });
    expect(await navigation.locator('[aria-current="page"]').allTextContents()).toEqual(['Protokoll']);
    expect(unexpected(errors)).toEqual([]);
    await context.close();
  });

  it('says so when the role may not read the log, axe-clean', async () => {
    const { context, page, errors } = await openPage(browser);
    await signedIn(page, () => ({
      status: 403,
      json: { type: 'urn:durchstarten:problem:forbidden', title: 'Forbidden', status: 403, code: 'forbidden' },
    }));
    await page.goto(`${baseUrl}/admin/audit-log`);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Ihre Rolle erlaubt es nicht, dieses Protokoll zu lesen.');
    // A refusal is final: no retry button.
    expect(await alert.getByRole('button').count()).toBe(0);
    await expectNoAxeViolations(page, '/admin/audit-log refused (de)');
    expect(unexpected(errors)).toEqual([]);
    await context.close();
  });

  it('names invalid filters in a focused summary and at each field, axe-clean', async () => {
    const { context, page, errors } = await openPage(browser);
    const requested = await signedIn(page);
    await page.goto(`${baseUrl}/admin/audit-log`);
    await pageTitle(page).waitFor();
    await page.getByRole('table').waitFor();

    const userId = page.getByLabel('Benutzer-ID');
    await userId.focus();
    await page.keyboard.type('niemand');
    await page.getByLabel('Von (Ortszeit)').fill('2026-11-02T08:00');
    await page.getByLabel('Bis ausschließlich (Ortszeit)').fill('2026-11-01T08:00');
    await userId.focus();
    await page.keyboard.press('Enter');

    const summary = page.getByRole('alert').filter({ hasText: 'Bitte prüfen Sie die markierten Eingaben.' });
    await summary.waitFor();
    await expect.poll(async () => (await focusedElement(page))?.text ?? '').toContain('Bitte prüfen Sie');
    expect(await userId.getAttribute('aria-invalid')).toBe('true');
    expect(await summary.textContent()).toContain('„Bis“ muss nach „Von“ liegen.');

    // The summary's links lead to the fields.
    await tabTo(page, (element) => element.tag === 'a' && element.text.startsWith('Benutzer-ID'), { maxPresses: 3 });
    await page.keyboard.press('Enter');
    expect((await focusedElement(page))?.id).toBe('audit-filter-userId');
    await expectNoAxeViolations(page, '/admin/audit-log with filter errors (de)');
    // Nothing invalid was sent: only the first, unfiltered page was requested.
    expect(requested).toEqual(['?limit=25']);

    await userId.fill('1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed');
    await page.getByLabel('Bis ausschließlich (Ortszeit)').fill('2026-11-03T08:00');
    await page.getByRole('button', { name: 'Suchen' }).click();
    await expect.poll(() => requested.length).toBe(2);
    const sent = new URLSearchParams(requested[1]);
    expect(sent.get('userId')).toBe('1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed');
    // Local time of the browser (its time zone, not the test runner's) as an instant.
    expect(sent.get('from')).toBe(await page.evaluate(() => new Date('2026-11-02T08:00').toISOString()));
    expect(unexpected(errors)).toEqual([]);
    await context.close();
  });

  it('shows results in a table and pages by keyboard, axe-clean (API answers stubbed in the browser)', async () => {
    const { context, page, errors } = await openPage(browser);
    const requested = await signedIn(page, (url) => ({
      status: 200,
      json: url.searchParams.get('cursor') === '3' ? stubPage([2, 1], null) : stubPage([5, 4, 3], '3'),
    }));
    await page.goto(`${baseUrl}/admin/audit-log`);
    await pageTitle(page).waitFor();

    const table = page.getByRole('table', { name: 'Protokolleinträge, neueste zuerst' });
    await table.waitFor();
    expect(await table.locator('tbody tr').count()).toBe(3);
    expect(await page.getByRole('heading', { name: 'Protokoll Ihrer Kommune' }).count()).toBe(1);
    expect(await page.getByRole('status').textContent()).toBe('3 Einträge auf dieser Seite');
    const firstRow = table.locator('tbody tr').first();
    expect(await firstRow.locator('time').textContent()).toMatch(/^\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}:\d{2}$/);
    expect(await firstRow.textContent()).toContain('verweigert');
    expect(await firstRow.textContent()).toContain('Geänderte Felder: first_name');
    await expectNoAxeViolations(page, '/admin/audit-log with results (de)');

    const pages = page.getByRole('navigation', { name: 'Seiten des Protokolls' });
    expect(await pages.getByRole('button', { name: 'Neuere Einträge' }).isDisabled()).toBe(true);
    await tabTo(page, (element) => element.tag === 'button' && element.text === 'Ältere Einträge', { maxPresses: 60 });
    await page.keyboard.press('Enter');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(2);
    expect(requested.at(-1)).toBe('?cursor=3&limit=25');
    expect(await pages.textContent()).toContain('Seite 2');
    await expect.poll(async () => (await focusedElement(page))?.id).toBe('audit-log-results');
    expect(await pages.getByRole('button', { name: 'Ältere Einträge' }).isDisabled()).toBe(true);
    await expectNoAxeViolations(page, '/admin/audit-log page 2 (de)');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('is complete and axe-clean in English', async () => {
    const { context, page, errors } = await openPage(browser);
    await signedIn(page);
    await page.goto(`${baseUrl}/admin/audit-log`);
    await pageTitle(page).waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => pageTitle(page).textContent()).toBe('Audit log');
    expect(await page.getByRole('navigation', { name: 'Main navigation' }).textContent()).toContain('Audit log');
    const table = page.getByRole('table', { name: 'Audit log entries, newest first' });
    await table.waitFor();
    expect(await table.locator('tbody tr').first().locator('time').textContent()).toMatch(
      /^\d{1,2} \p{L}+ \d{4}, \d{2}:\d{2}:\d{2}$/u,
    );
    expect(await table.textContent()).toContain('denied');
    await expectNoAxeViolations(page, '/admin/audit-log (en)');
    await page.getByRole('button', { name: 'Deutsch' }).click();
    expect(unexpected(errors)).toEqual([]);
    await context.close();
  });
});
