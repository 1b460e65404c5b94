// Forwarding to providers in a real browser on the demo (Köln's decided grant): the managing office drafts a
// forwarding contract for a demo provider under ANBest-P (a draft without a provider is refused with the field
// named), concludes it, and the forwarded amount counts on the grant; the provider's staff see the contract among
// their own — and only theirs — in German and English. Keyboard where a user types or presses; axe must find
// nothing in any state visited.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectNoAxeViolations, launchBrowser, openPage } from './browser.ts';
import { retype } from './funding-support.ts';
import {
  api,
  DEMO_OFFICE,
  DEMO_PROVIDER,
  DEMO_PROVIDER_STAFF,
  pageTitle,
  pressButton,
  signIn,
  switchLanguage,
  typeInto,
  unexpected,
} from './support.ts';

const DEMO_GRANT = 'DIAA-2020-05315000-0001';
const REFERENCE = `WL-E2E-${Date.now()}`;
const EURO = '\u00a0€';

describe.skipIf(inject('e2eSkip'))('forwarding to providers', () => {
  const baseUrl = inject('baseUrl');
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('is drafted and concluded by the municipality, and seen by the provider among its own contracts', async () => {
    const office = await openPage(browser);
    const page = office.page;
    await signIn(page, baseUrl, DEMO_OFFICE, '/funding/grants');
    const grants = (await api(page, 'GET', '/api/v1/funding/grants')).json as {
      items: { id: string; reference: string }[];
    };
    const grantId = grants.items.find((grant) => grant.reference === DEMO_GRANT)?.id;
    expect(grantId).toBeDefined();
    await page.goto(`${baseUrl}/funding/grants/${grantId}/forwarding`);
    await pageTitle(page)
      .filter({ hasText: `Weiterleitung ${DEMO_GRANT}` })
      .waitFor();
    await page.getByText('ANBest-P').first().waitFor();
    await expectNoAxeViolations(page, 'forwarding of the demo grant (office, de)');

    // Without a provider: refused, the field named, nothing created.
    const before = (await api(page, 'GET', `/api/v1/funding/grants/${grantId}/forwarding`)).json as {
      contracts: unknown[];
    };
    await typeInto(page, 'Aktenzeichen des Vertrags', REFERENCE);
    await typeInto(page, 'Zweck', 'Coaching (FB1) durch den Träger, Anlage 1');
    const firstAmount = page.getByLabel(/^Betrag FB/).first();
    const amountId = await firstAmount.getAttribute('id');
    await retype(page, amountId ?? '', '1000');
    await pressButton(page, 'Entwurf anlegen');
    await page.getByRole('alert').first().waitFor();
    await expect.poll(() => page.getByLabel('Träger').getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(page, 'contract without a provider (office, de)');
    const unchanged = (await api(page, 'GET', `/api/v1/funding/grants/${grantId}/forwarding`)).json as {
      contracts: unknown[];
    };
    expect(unchanged.contracts).toHaveLength(before.contracts.length);

    // With the provider: the draft, then concluded; the forwarded amount counts.
    await page.getByLabel('Träger').selectOption({ label: DEMO_PROVIDER });
    await pressButton(page, 'Entwurf anlegen');
    await page.getByText('Der Vertragsentwurf wurde angelegt.').waitFor();
    const conclude = page.getByRole('button', { name: `Vertrag schließen: ${REFERENCE}` });
    await conclude.focus();
    await page.keyboard.press('Enter');
    await page.getByText('Der Vertrag ist jetzt: Geschlossen.').waitFor();
    const after = (await api(page, 'GET', `/api/v1/funding/grants/${grantId}/forwarding`)).json as {
      contracts: { reference: string; status: string; totalCents: number }[];
    };
    expect(after.contracts.find((contract) => contract.reference === REFERENCE)).toMatchObject({
      status: 'concluded',
      totalCents: 100_000,
    });
    await expectNoAxeViolations(page, 'concluded contract (office, de)');
    // The refused draft answered 400 on purpose.
    expect(unexpected(office.errors, [/400/])).toEqual([]);
    await office.context.close();

    // The provider's staff: their own contracts only, this one among them.
    const provider = await openPage(browser);
    await signIn(provider.page, baseUrl, DEMO_PROVIDER_STAFF, '/funding/contracts');
    await pageTitle(provider.page).filter({ hasText: 'Weiterleitungsverträge' }).waitFor();
    const row = provider.page.getByRole('row', { name: new RegExp(REFERENCE) });
    await row.getByText('Geschlossen').waitFor();
    await row.getByText(`1.000,00${EURO}`).waitFor();
    const rows = await provider.page.getByRole('row').allInnerTexts();
    // Header plus contracts, every one with the provider itself.
    expect(rows.slice(1).every((text) => text.includes(DEMO_PROVIDER))).toBe(true);
    await expectNoAxeViolations(provider.page, 'own contracts (provider, de)');
    await switchLanguage(provider.page, 'English');
    await pageTitle(provider.page).filter({ hasText: 'Forwarding contracts' }).waitFor();
    await expectNoAxeViolations(provider.page, 'own contracts (provider, en)');
    expect(provider.errors).toEqual([]);
    await provider.context.close();
  }, 240_000);
});
