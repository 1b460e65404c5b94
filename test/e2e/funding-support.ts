// What the funding journeys share: typing into date and amount fields by keyboard, and making room in the FB1
// budget of 2021 (the demo's own grants may have committed it) before the authority decides in a test.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { api, tabToId } from './support.ts';

/** A date field (ISO value) reached by keyboard. */
export async function fillDate(page: Page, id: string, value: string) {
  await tabToId(page, id);
  await page.locator(`#${id}`).fill(value);
}

/** Replaces what a field holds, reached by keyboard, as a user would. */
export async function retype(page: Page, id: string, text: string) {
  await tabToId(page, id);
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
}

/** Raises the state budget of FB1 2021 and the municipality's allocation of it by 100,000 € (as the authority). */
export async function ensureBudget(officer: Page, programmeId: string, municipalityId: string) {
  const MORE = 10_000_000;
  const query = `programmeId=${programmeId}&strand=FB1&budgetYear=2021`;
  const list = (await api(officer, 'GET', `/api/v1/funding/budgets?${query}`)).json as {
    items: { id: string; amountCents: number; version: number }[];
  };
  const existing = list.items[0];
  const saved = existing
    ? await api(
        officer,
        'PUT',
        `/api/v1/funding/budgets/${existing.id}`,
        { amountCents: existing.amountCents + MORE },
        { 'if-match': `"${existing.version}"` },
      )
    : await api(officer, 'POST', '/api/v1/funding/budgets', {
        programmeId,
        strand: 'FB1',
        budgetYear: 2021,
        amountCents: MORE,
      });
  expect([200, 201], JSON.stringify(saved.json)).toContain(saved.status);
  const budgetId = (saved.json as { id: string }).id;
  const detail = (await api(officer, 'GET', `/api/v1/funding/budgets/${budgetId}`)).json as {
    allocations: { municipalityId: string; amountCents: number; version: number }[];
  };
  const allocation = detail.allocations.find((entry) => entry.municipalityId === municipalityId);
  const set = await api(
    officer,
    'PUT',
    `/api/v1/funding/budgets/${budgetId}/allocations/${municipalityId}`,
    { amountCents: (allocation?.amountCents ?? 0) + MORE },
    allocation ? { 'if-match': `"${allocation.version}"` } : {},
  );
  expect([200, 201], JSON.stringify(set.json)).toContain(set.status);
}
