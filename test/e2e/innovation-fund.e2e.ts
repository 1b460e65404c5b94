// The innovation fund (FB5) in a real browser on a fresh demo data directory: the authority opens a call; a
// provider drafts a proposal, uploads the concept and submits it; two committee members score it (one in German,
// one in English); the ranking shows the weighted mean and the remaining cap; once the deadline has passed the
// authority closes the ranking and selects the proposal within the cap. Keyboard only where a user types or
// presses; axe must find nothing in any state.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { newDataDir, serveDataDir, stopAndRemove } from '../helpers/data-dir.ts';
import type { ServerProcess } from '../helpers/server-process.ts';
import { expectNoAxeViolations, launchBrowser, openPage } from './browser.ts';
import {
  api,
  DEMO_ANALYST,
  DEMO_OFFICER,
  DEMO_PROVIDER_STAFF,
  pageTitle,
  pressButton,
  signIn,
  switchLanguage,
  tabToId,
  typeIntoId,
} from './support.ts';

const CALL_TITLE = 'Innovationsfonds – Aufruf E2E';
const PROPOSAL_TITLE = 'Digitale Lernbegleitung';

async function scoreCriterion(page: Page, code: string, points: string, save: string, saved: RegExp) {
  await typeIntoId(page, `score-${code}`, points);
  await pressButton(page, save);
  await page.getByText(saved).waitFor();
}

describe.skipIf(inject('e2eSkip'))('innovation fund', () => {
  let dataDir: string;
  let server: ServerProcess | undefined;
  let baseUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    dataDir = await newDataDir('innovation');
    server = await serveDataDir(dataDir);
    baseUrl = server.baseUrl;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await stopAndRemove(server, dataDir);
  });

  it('takes a proposal with its concept, has it scored by two members, ranks it and selects it within the cap', async () => {
    // The authority opens a call (through the API: the form is checked for axe below).
    const authority = await openPage(browser, { height: 1100 });
    await signIn(authority.page, baseUrl, DEMO_OFFICER, '/funding/innovation');
    await pageTitle(authority.page).filter({ hasText: 'Innovationsfonds (FB5)' }).waitFor();
    await authority.page.getByRole('heading', { level: 2, name: 'Neuer Aufruf' }).waitFor();
    await expectNoAxeViolations(authority.page, 'calls with the new-call form (authority, de)');
    const programmes = (await api(authority.page, 'GET', '/api/v1/funding/programmes')).json as {
      items: { id: string; strands: { code: string }[] }[];
    };
    const programme = programmes.items.find((item) => item.strands.some((strand) => strand.code === 'FB5'));
    expect(programme).toBeDefined();
    const created = await api(authority.page, 'POST', '/api/v1/funding/innovation/calls', {
      programmeId: programme?.id,
      strand: 'FB5',
      title: CALL_TITLE,
      description: 'Neue Wege in Ausbildung und Arbeit',
      opensAt: new Date(Date.now() - 86_400_000).toISOString(),
      deadline: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      criteria: [
        { code: 'innovation', label: 'Innovationsgrad', weight: 3, maxScore: 10 },
        { code: 'transfer', label: 'Übertragbarkeit', weight: 2, maxScore: 5 },
      ],
    });
    expect(created.status).toBe(201);
    const call = created.json as { id: string; version: number; opensAt: string };
    const published = await api(
      authority.page,
      'POST',
      `/api/v1/funding/innovation/calls/${call.id}/status`,
      { status: 'published' },
      { 'if-match': `"${call.version}"` },
    );
    expect(published.status).toBe(200);

    // A provider drafts a proposal, uploads the concept and submits it.
    const provider = await openPage(browser, { height: 1100 });
    const { page } = provider;
    await signIn(page, baseUrl, DEMO_PROVIDER_STAFF, '/funding/innovation');
    await page.getByRole('heading', { level: 2, name: 'Vorschlag einreichen' }).waitFor();
    await page.getByRole('link', { name: CALL_TITLE }).waitFor();
    await expectNoAxeViolations(page, 'calls with the proposal form (provider, de)');
    await typeIntoId(page, 'proposal-title', PROPOSAL_TITLE);
    await typeIntoId(page, 'proposal-summary', 'Eine Lern-App mit Coaching für junge Geduldete.');
    await tabToId(page, 'proposal-period-from');
    await page.locator('#proposal-period-from').fill('2021-01-01');
    await tabToId(page, 'proposal-period-to');
    await page.locator('#proposal-period-to').fill('2022-12-31');
    await typeIntoId(page, 'proposal-year-0', '2021');
    await typeIntoId(page, 'proposal-amount-0', '50000');
    await pressButton(page, 'Jahr hinzufügen');
    await typeIntoId(page, 'proposal-year-1', '2022');
    await typeIntoId(page, 'proposal-amount-1', '70000');
    await pressButton(page, 'Entwurf anlegen');
    await pageTitle(page).filter({ hasText: PROPOSAL_TITLE }).waitFor();
    await page
      .getByRole('table', { name: 'Beantragte Mittel je Haushaltsjahr' })
      .getByText('120.000,00\u00a0€')
      .waitFor();
    await expectNoAxeViolations(page, 'draft proposal (provider, de)');

    // Submitting without the concept is refused with the reason.
    await pressButton(page, 'Vorschlag einreichen');
    await page.getByText('Zum Einreichen fehlt noch das Konzept (Art „Konzept“).').waitFor();
    await typeIntoId(page, 'document-title', 'Konzept Lernbegleitung');
    await page.locator('#document-file').setInputFiles({
      name: 'konzept.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n% Konzept Lernbegleitung\n%%EOF\n'),
    });
    await pressButton(page, 'Hochladen');
    await page.getByText('„Konzept Lernbegleitung“ wurde hochgeladen.').waitFor();
    await page.getByRole('link', { name: 'Konzept Lernbegleitung herunterladen' }).waitFor();
    await pressButton(page, 'Vorschlag einreichen', { backwards: true });
    await page.getByText('Der Vorschlag ist eingereicht.').waitFor();
    await expectNoAxeViolations(page, 'submitted proposal (provider, de)');
    const proposalUrl = page.url();
    // The 400 of the first attempt was provoked on purpose.
    expect(provider.errors.filter((error) => !/HTTP 400 for .*\/submit$/.test(error))).toEqual([]);
    await provider.context.close();

    // Two committee members score: the authority in German, the ministry in English.
    const path = new URL(proposalUrl).pathname;
    await authority.page.goto(`${baseUrl}${path}`);
    await authority.page.getByRole('heading', { level: 2, name: 'Ihre Bewertung' }).waitFor();
    await expectNoAxeViolations(authority.page, 'scoring (authority, de)');
    await scoreCriterion(
      authority.page,
      'innovation',
      '8',
      'Innovationsgrad speichern',
      /Bewertung für „Innovationsgrad“/,
    );
    await scoreCriterion(
      authority.page,
      'transfer',
      '4',
      'Übertragbarkeit speichern',
      /Bewertung für „Übertragbarkeit“/,
    );

    const ministry = await openPage(browser, { height: 1100 });
    await signIn(ministry.page, baseUrl, DEMO_ANALYST, path);
    await switchLanguage(ministry.page, 'English');
    await ministry.page.getByRole('heading', { level: 2, name: 'Your scores' }).waitFor();
    await scoreCriterion(ministry.page, 'innovation', '6', 'Save Innovationsgrad', /Score for “Innovationsgrad” saved/);
    await scoreCriterion(ministry.page, 'transfer', '5', 'Save Übertragbarkeit', /Score for “Übertragbarkeit” saved/);
    await expectNoAxeViolations(ministry.page, 'scoring (ministry, en)');

    // The ranking: (3 · 7/10 + 2 · 4.5/5) / 5 = 78 %; two members; the whole cap still free.
    await ministry.page.goto(`${baseUrl}/funding/innovation/calls/${call.id}`);
    const ranking = ministry.page.getByRole('table', { name: 'Proposals by the weighted mean of the scores' });
    await ranking.waitFor();
    const row = ranking.getByRole('row', { name: new RegExp(PROPOSAL_TITLE) });
    await row.getByText('78 %').waitFor();
    await row.getByText('Innovationsgrad: 7 (spread 2, 2 scores)').waitFor();
    await ministry.page.getByText('Scoring members: 2').waitFor();
    await expect.poll(() => ministry.page.getByTestId('cap-remaining').textContent()).toBe('5.000.000,00\u00a0€');
    await expectNoAxeViolations(ministry.page, 'ranking (ministry, en)');
    expect(ministry.errors).toEqual([]);
    await ministry.context.close();

    // The deadline passes (the authority moves it to a moment ago's next second), the ranking is closed, and the
    // authority selects the proposal: 120.000 € of the 5 Mio € cap are then taken.
    const current = (await api(authority.page, 'GET', `/api/v1/funding/innovation/calls/${call.id}`)).json as {
      version: number;
    };
    const moved = await api(
      authority.page,
      'PATCH',
      `/api/v1/funding/innovation/calls/${call.id}`,
      { deadline: new Date(Date.now() + 1_000).toISOString() },
      { 'if-match': `"${current.version}"` },
    );
    expect(moved.status).toBe(200);
    await authority.page.waitForTimeout(1_500);
    await authority.page.goto(`${baseUrl}/funding/innovation/calls/${call.id}`);
    await pageTitle(authority.page).filter({ hasText: CALL_TITLE }).waitFor();
    await pressButton(authority.page, 'Bewertung abschließen');
    await authority.page.getByText('Der Aufruf ist jetzt: Bewertung abgeschlossen.').waitFor();
    await pressButton(authority.page, `Auswählen: ${PROPOSAL_TITLE}`);
    await authority.page.getByText(`„${PROPOSAL_TITLE}“ ist ausgewählt und als Förderantrag angelegt.`).waitFor();
    await expect.poll(() => authority.page.getByTestId('cap-remaining').textContent()).toBe('4.880.000,00\u00a0€');
    await expect.poll(() => authority.page.getByTestId('cap-pending').textContent()).toBe('120.000,00\u00a0€');
    await expectNoAxeViolations(authority.page, 'selected within the cap (authority, de)');
    expect(authority.errors).toEqual([]);
    await authority.context.close();
  });
});
