// Journeys through the web shell in a real browser: status, keyboard navigation, languages,
// accessibility statement, 404 and the small-screen menu. axe must find nothing on any page.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectNoAxeViolations, focusedElement, launchBrowser, openPage, tabTo } from './browser.ts';

const AREAS = [
  { path: '/participants', de: 'Teilnehmende', en: 'Participants' },
  { path: '/offers', de: 'Angebote', en: 'Offers' },
  { path: '/funding', de: 'Förderung', en: 'Funding' },
  { path: '/alliance', de: 'Bündnis', en: 'Alliance' },
  { path: '/reports', de: 'Berichte', en: 'Reports' },
  { path: '/admin', de: 'Verwaltung', en: 'Administration' },
  { path: '/', de: 'Start', en: 'Start' },
] as const;

const pageTitle = (page: Page) => page.locator('#page-title');

async function htmlLang(page: Page): Promise<string> {
  return page.evaluate(() => document.documentElement.lang);
}

describe.skipIf(inject('e2eSkip'))('web shell', () => {
  const baseUrl = inject('baseUrl');
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('shows the system status from the API on the start page', async () => {
    const api = await fetch(`${baseUrl}/api/v1/system/status`);
    expect(api.status).toBe(200);
    const status = (await api.json()) as {
      version: string;
      database: { mode: 'embedded' | 'external'; reachable: boolean; serverVersion: string | null };
    };

    const { context, page, errors } = await openPage(browser);
    await page.goto(baseUrl);
    await expect.poll(() => htmlLang(page)).toBe('de');
    await page.getByTestId('database-reachable').waitFor();

    await expect.poll(() => page.title()).toBe('Start – Durchstarten');
    expect(await pageTitle(page).textContent()).toBe('Willkommen bei Durchstarten');
    const system = page.getByRole('region', { name: 'System', exact: true });
    const database = page.getByRole('region', { name: 'Datenbank' });
    expect(await system.textContent()).toContain(status.version);
    expect(await system.textContent()).toContain('Produktion');
    expect(await database.textContent()).toContain(status.database.mode === 'embedded' ? 'eingebettet' : 'extern');
    if (status.database.serverVersion) expect(await database.textContent()).toContain(status.database.serverVersion);
    expect(await page.getByTestId('database-reachable').textContent()).toBe(status.database.reachable ? 'ja' : 'nein');
    // Start time in de-DE long form, e.g. "29. November 2026 um 14:03:12".
    expect(await system.locator('time').textContent()).toMatch(/^\d{1,2}\. \p{L}+ \d{4} um \d{2}:\d{2}:\d{2}$/u);

    await expectNoAxeViolations(page, 'start page (de)');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('offers a skip link as the first focusable element that moves focus to the content', async () => {
    const { context, page } = await openPage(browser);
    await page.goto(baseUrl);
    await pageTitle(page).waitFor();

    const skip = await tabTo(page, () => true, { maxPresses: 1 });
    expect(skip.text).toBe('Zum Inhalt springen');
    await page.keyboard.press('Enter');
    expect((await focusedElement(page))?.id).toBe('main-content');
    await context.close();
  });

  it('reaches every area by keyboard with visible focus, and each page passes axe', async () => {
    const { context, page, errors } = await openPage(browser);
    await page.goto(baseUrl);
    await pageTitle(page).waitFor();

    let first = true;
    for (const area of AREAS) {
      // From the top of the page forwards the first time; later from the focused h1 backwards
      // into the navigation, as a keyboard user would.
      const link = await tabTo(page, (element) => element.tag === 'a' && element.text === area.de, {
        backwards: !first,
      });
      first = false;
      expect(link.href).toBe(area.path);
      await page.keyboard.press('Enter');
      await page.waitForURL(`${baseUrl}${area.path}`);
      await expect.poll(async () => (await focusedElement(page))?.id).toBe('page-title');
      if (area.path !== '/') expect(await pageTitle(page).textContent()).toBe(area.de);
      await expect.poll(() => page.title()).toContain('– Durchstarten');
      const navigation = page.getByRole('navigation', { name: 'Hauptnavigation' });
      expect(await navigation.locator('[aria-current="page"]').textContent()).toBe(area.de);
      await expectNoAxeViolations(page, `${area.path} (de)`);
    }
    expect(errors).toEqual([]);
    await context.close();
  });

  it('switches from German to English, keeps the choice, and passes axe in English', async () => {
    const { context, page, errors } = await openPage(browser);
    await page.goto(`${baseUrl}/participants`);
    await pageTitle(page).waitFor();
    expect(await htmlLang(page)).toBe('de');

    const toEnglish = page.getByRole('button', { name: 'English' });
    expect(await toEnglish.getAttribute('lang')).toBe('en');
    await toEnglish.focus();
    await page.keyboard.press('Enter');

    await expect.poll(() => htmlLang(page)).toBe('en');
    expect(await pageTitle(page).textContent()).toBe('Participants');
    expect(await page.getByRole('navigation', { name: 'Main navigation' }).textContent()).toContain('Administration');
    expect(await page.getByRole('link', { name: 'Accessibility statement' }).count()).toBe(1);
    await expect.poll(() => page.title()).toBe('Participants – Durchstarten');

    await page.reload();
    await pageTitle(page).waitFor();
    expect(await htmlLang(page)).toBe('en');

    for (const area of AREAS) {
      await page.goto(`${baseUrl}${area.path}`);
      await pageTitle(page).waitFor();
      if (area.path === '/') {
        await page.getByTestId('database-reachable').waitFor();
        expect(await pageTitle(page).textContent()).toBe('Welcome to Durchstarten');
        expect(await page.getByRole('region', { name: 'System', exact: true }).textContent()).toContain('Production');
        expect(await page.locator('time').textContent()).toMatch(/^\d{1,2} \p{L}+ \d{4} at \d{2}:\d{2}:\d{2}$/u);
      } else {
        expect(await pageTitle(page).textContent()).toBe(area.en);
      }
      await expectNoAxeViolations(page, `${area.path} (en)`);
    }

    await page.getByRole('button', { name: 'Deutsch' }).click();
    await expect.poll(() => htmlLang(page)).toBe('de');
    expect(await pageTitle(page).textContent()).toBe('Willkommen bei Durchstarten');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows the accessibility statement with feedback contact and enforcement procedure', async () => {
    const { context, page, errors } = await openPage(browser);
    await page.goto(baseUrl);
    await pageTitle(page).waitFor();

    await tabTo(page, (element) => element.text === 'Erklärung zur Barrierefreiheit');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${baseUrl}/accessibility`);
    expect(await pageTitle(page).textContent()).toBe('Erklärung zur Barrierefreiheit');

    const content = (await page.locator('main').textContent()) ?? '';
    expect(content).toContain('teilweise vereinbar');
    expect(content).toContain('29. November 2026');
    expect(content).toContain('axe-core');
    expect(await page.locator('a[href^="mailto:"]').count()).toBe(1);
    const ombuds = page.getByRole('link', { name: /Ombudsstelle für barrierefreie Informationstechnik/ });
    expect(await ombuds.getAttribute('href')).toMatch(/^https:\/\//);
    expect(await ombuds.getAttribute('lang')).toBe('de');
    await expectNoAxeViolations(page, 'accessibility statement (de)');

    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => htmlLang(page)).toBe('en');
    expect(await pageTitle(page).textContent()).toBe('Accessibility statement');
    expect((await page.locator('main').textContent()) ?? '').toContain('29 November 2026');
    await expectNoAxeViolations(page, 'accessibility statement (en)');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows the 404 page for an unknown path, with a way back to the start', async () => {
    const { context, page, errors } = await openPage(browser);
    await page.goto(`${baseUrl}/gibt/es/nicht`);
    await pageTitle(page).waitFor();
    expect(await pageTitle(page).textContent()).toBe('Seite nicht gefunden');
    expect(await page.title()).toBe('Seite nicht gefunden – Durchstarten');
    await expectNoAxeViolations(page, '404 (de)');

    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => pageTitle(page).textContent()).toBe('Page not found');
    await expectNoAxeViolations(page, '404 (en)');

    await page.getByRole('link', { name: 'Go to the start page', exact: true }).click();
    await page.waitForURL(`${baseUrl}/`);
    expect(await pageTitle(page).textContent()).toBe('Welcome to Durchstarten');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('keeps the navigation reachable behind a menu button at 400 % zoom (320 px wide)', async () => {
    // 1280 × 1024 at 400 % is 320 × 256 CSS pixels (WCAG 1.4.10 Reflow).
    const { context, page, errors } = await openPage(browser, { width: 320, height: 256 });
    await page.goto(baseUrl);
    await pageTitle(page).waitFor();
    await page.getByTestId('database-reachable').waitFor();

    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    expect(await page.getByRole('link', { name: 'Teilnehmende' }).isVisible()).toBe(false);
    await expectNoAxeViolations(page, 'start page at 320 px, menu closed');

    const burger = await tabTo(page, (element) => element.name === 'Navigation öffnen');
    expect(burger.tag).toBe('button');
    const menuButton = page.getByRole('button', { name: 'Navigation öffnen' });
    expect(await menuButton.getAttribute('aria-expanded')).toBe('false');
    await page.keyboard.press('Enter');

    const closeButton = page.getByRole('button', { name: 'Navigation schließen' });
    expect(await closeButton.getAttribute('aria-expanded')).toBe('true');
    await page.getByRole('link', { name: 'Teilnehmende' }).waitFor({ state: 'visible' });
    await expectNoAxeViolations(page, 'start page at 320 px, menu open');

    await tabTo(page, (element) => element.text === 'Teilnehmende');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${baseUrl}/participants`);
    expect(await pageTitle(page).textContent()).toBe('Teilnehmende');
    await expect.poll(() => page.getByRole('link', { name: 'Angebote' }).isVisible()).toBe(false);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await expectNoAxeViolations(page, '/participants at 320 px');

    // The longest page reflows without horizontal scrolling too.
    await page.goto(`${baseUrl}/accessibility`);
    await pageTitle(page).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await expectNoAxeViolations(page, '/accessibility at 320 px');

    // Escape closes the open menu and returns focus to its button.
    await page.getByRole('button', { name: 'Navigation öffnen' }).click();
    await page.keyboard.press('Escape');
    expect((await focusedElement(page))?.name).toBe('Navigation öffnen');
    expect(errors).toEqual([]);
    await context.close();
  });
});
