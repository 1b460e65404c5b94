// What the browser journeys share: the demo accounts, dates as the server's calendar counts them, keyboard
// helpers (everything is reached with Tab, as keyboard users do; tabTo checks the focus indicator on the way),
// the sign-in, the language switch, calls of the API as the signed-in user, and optional screenshots.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { tabTo } from './browser.ts';

/** The demo set-up's accounts (src/seed), all with the same password. */
export const DEMO_PASSWORD = 'Durchstarten-Demo-2026';
export const DEMO_OFFICE = 'managing-office@demo.durchstarten.example';
export const DEMO_MANAGER = 'participation-manager@demo.durchstarten.example';
export const DEMO_ADMIN = 'municipal-admin@demo.durchstarten.example';
export const DEMO_PROVIDER = 'Demo-Bildungswerk Köln gGmbH';
export const DEMO_OFFICER = 'grant-officer@demo.durchstarten.example';
/** The second grant officer: payments need two different approvers (four eyes). */
export const DEMO_SECOND_OFFICER = 'grant-officer-2@demo.durchstarten.example';
export const DEMO_ANALYST = 'ministry-analyst@demo.durchstarten.example';
export const DEMO_PROVIDER_STAFF = 'provider-staff@demo.durchstarten.example';

/** Enough for the longest page: the journeys fail on a missing element, not on a slow walk there. */
const MAX_PRESSES = 150;

export const pageTitle = (page: Page) => page.locator('#page-title');

// --- Dates, as the server's calendar counts them (Europe/Berlin) ---

export function today(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date());
}

/** A date moved by whole months (the day kept, or the month's last) and then by days. */
export function shift(date: string, { months = 0, days = 0 }: { months?: number; days?: number }): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, last) + days);
  return target.toISOString().slice(0, 10);
}

/** An ISO date as German users type and read it (31.12.2026). */
export const german = (date: string) => date.split('-').reverse().join('.');

// --- Keyboard helpers ---

/** A form control by its label; the labels of required fields end in " *" (Mantine's asterisk). */
export function field(page: Page, label: string) {
  return page.getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( \\*)?$`)).first();
}

export async function tabToId(page: Page, id: string | null, options: { backwards?: boolean } = {}) {
  await tabTo(page, (element) => element.id === id, { backwards: options.backwards, maxPresses: MAX_PRESSES });
}

export async function typeIntoId(page: Page, id: string, text: string, options: { backwards?: boolean } = {}) {
  await tabToId(page, id, options);
  await page.keyboard.type(text);
}

export async function tabToField(page: Page, label: string, options: { backwards?: boolean } = {}) {
  await tabToId(page, await field(page, label).getAttribute('id'), options);
}

/** Tabs to the form control labelled `label` (as a keyboard user would) and types into it. */
export async function typeInto(page: Page, label: string, text: string, options: { backwards?: boolean } = {}) {
  await tabToField(page, label, options);
  await page.keyboard.type(text);
}

/** Chooses an option of a closed select by typing its first letters, as keyboard users do. */
export async function chooseById(
  page: Page,
  id: string,
  typed: string,
  expected: string,
  options: { backwards?: boolean } = {},
) {
  await tabToId(page, id, options);
  await page.keyboard.type(typed);
  await expect.poll(() => page.locator(`#${id}`).inputValue()).toBe(expected);
}

export async function pressButton(page: Page, text: string, options: { backwards?: boolean } = {}) {
  await tabTo(page, (element) => element.tag === 'button' && element.text === text, {
    ...options,
    maxPresses: MAX_PRESSES,
  });
  await page.keyboard.press('Enter');
}

export async function followLink(page: Page, text: string, options: { backwards?: boolean } = {}) {
  await tabTo(page, (element) => element.tag === 'a' && element.text === text, {
    ...options,
    maxPresses: MAX_PRESSES,
  });
  await page.keyboard.press('Enter');
}

// --- Session, language, API ---

/** Signs in on the login page (by keyboard) and waits for the page the login redirects to. */
export async function signIn(page: Page, baseUrl: string, email: string, target: string, password = DEMO_PASSWORD) {
  await page.goto(`${baseUrl}/login?redirect=${encodeURIComponent(target)}`);
  await pageTitle(page).filter({ hasText: 'Anmelden' }).waitFor();
  await typeInto(page, 'E-Mail-Adresse', email);
  await typeInto(page, 'Passwort', password);
  await page.keyboard.press('Enter');
  await page.waitForURL(`${baseUrl}${target}`);
}

export async function switchLanguage(page: Page, to: 'English' | 'Deutsch') {
  await page.getByRole('button', { name: to }).focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(to === 'English' ? 'en' : 'de');
}

/** HTTP answers a journey provokes on purpose; anything else is an error. */
export function unexpected(errors: string[], expected: RegExp[]): string[] {
  return errors.filter((error) => !expected.some((pattern) => pattern.test(error)));
}

/** Calls the API from the page, as the signed-in user (the browser adds the session cookie and Origin). */
export async function api(
  page: Page,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: unknown; etag: string | null }> {
  return page.evaluate(
    async ({ method, path, body, headers }) => {
      const response = await fetch(path, {
        method,
        headers: { accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
        body: body ? JSON.stringify(body) : undefined,
      });
      const text = await response.text();
      return {
        status: response.status,
        json: text ? (JSON.parse(text) as unknown) : null,
        etag: response.headers.get('etag'),
      };
    },
    { method, path, body, headers },
  );
}

/**
 * Screenshots of every state visited, named `<journey>-<state>.png`, when E2E_SCREENSHOTS names a directory
 * (for reviewing the pages; nothing is compared).
 */
export function screenshots(journey: string): (page: Page, name: string) => Promise<void> {
  const directory = process.env.E2E_SCREENSHOTS;
  return async (page, name) => {
    if (!directory) return;
    await mkdir(directory, { recursive: true });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(directory, `${journey}-${name}.png`), fullPage: true });
  };
}
