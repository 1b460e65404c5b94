// Case work in a real browser on a fresh data directory: the demo participation manager runs a case from the
// needs assessment through plan, contact, referral with outcome and exit to the follow-up that then shows on the
// caseload; an edit against a version changed meanwhile (412) is resolved; the municipal administrator sets
// the municipality's eligibility rules and deletion periods. Mostly by keyboard (dates are filled in directly:
// the browser's date field reads its digits in the order of its own locale); axe must find nothing in any
// state, in German and English.
//
// Set E2E_SCREENSHOTS=<directory> to keep a screenshot of every state visited.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ServerProcess } from '../helpers/server-process.ts';
import { expectNoAxeViolations, focusedElement, launchBrowser, openPage, tabTo } from './browser.ts';
import { newDataDir, serveDataDir, stopAndRemove } from '../helpers/data-dir.ts';
import {
  api,
  chooseById,
  DEMO_ADMIN,
  DEMO_MANAGER,
  followLink,
  german,
  pageTitle,
  pressButton,
  screenshots,
  shift,
  signIn,
  switchLanguage,
  tabToId,
  today,
  typeIntoId,
  unexpected,
} from './support.ts';

const screenshot = screenshots('cases');

// A name no seeded demo person has (src/seed/names.ts), so that the duplicate check finds nobody.
const PERSON = { familyName: 'Berwari', givenNames: 'Rebwar', birthDate: '2003-06-12' };

/** Moves along the case page's tabs with the arrow keys (the tabs pattern) until `name` is open. */
async function openTab(page: Page, name: string) {
  const tabs = page.getByRole('tab');
  const selected = page.getByRole('tab', { selected: true });
  await selected.focus();
  const names = await tabs.allTextContents();
  const from = names.indexOf((await selected.textContent()) ?? '');
  const to = names.findIndex((label) => label === name || label.startsWith(`${name} (`));
  expect(to, `tab ${name}`).toBeGreaterThanOrEqual(0);
  for (let step = from; step !== to; step += to > from ? 1 : -1) {
    await page.keyboard.press(to > from ? 'ArrowRight' : 'ArrowLeft');
  }
  await expect.poll(async () => (await selected.textContent())?.startsWith(name)).toBe(true);
  await page.getByRole('heading', { level: 2, name, exact: true }).waitFor();
}

// One long journey through every part of a case: more time than a page check needs.
describe.skipIf(inject('e2eSkip'))('case work', () => {
  let dataDir: string;
  let server: ServerProcess | undefined;
  let baseUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    // A fresh data directory: the server creates the demo set-up (accounts, Köln's demo cases) itself.
    dataDir = await newDataDir('cases');
    server = await serveDataDir(dataDir);
    baseUrl = server.baseUrl;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await stopAndRemove(server, dataDir);
  });

  it('runs a case from the needs assessment to the follow-up on the caseload', async () => {
    const { context, page, errors } = await openPage(browser);
    const opened = shift(today(), { months: -9 });
    const exited = shift(today(), { months: -6, days: 5 });
    const followUpDue = shift(exited, { months: 6 });

    await signIn(page, baseUrl, DEMO_MANAGER, '/');
    // The start page of someone who works on cases: their caseload, not the system status.
    await page.getByRole('heading', { level: 2, name: 'Meine Fälle' }).waitFor();
    await page.getByRole('table', { name: 'Meine Fälle, nächster fälliger Schritt zuerst' }).waitFor();
    await expectNoAxeViolations(page, 'start page with caseload (de)');

    // The person and the case are put in through the API (the intake has its own journey, participants.e2e.ts).
    const me = (await api(page, 'GET', '/api/v1/me')).json as { id: string; activeMunicipalityId: string };
    const teams = (await api(page, 'GET', `/api/v1/municipalities/${me.activeMunicipalityId}/teams`)).json as {
      id: string;
    }[];
    const person = await api(page, 'POST', '/api/v1/participants', {
      ...PERSON,
      birthDatePrecision: 'day',
      gender: 'male',
      countriesOfOrigin: ['IQ'],
      accommodation: 'municipal_shelter',
      workPermission: 'permitted_with_approval',
      residenceStatuses: [{ status: 'toleration_60a', validFrom: shift(opened, { months: -12 }) }],
    });
    expect(person.status).toBe(201);
    const participant = person.json as { id: string; number: string };
    const created = await api(page, 'POST', `/api/v1/participants/${participant.id}/cases`, {
      teamId: teams[0]?.id,
      openedOn: opened,
      intakeOn: opened,
      strands: ['FB1'],
      intakeNotes: 'Erstgespräch mit Dolmetscher (Kurmandschi).',
    });
    expect(created.status).toBe(201);
    const caseId = (created.json as { id: string }).id;

    await page.goto(`${baseUrl}/cases/${caseId}`);
    await pageTitle(page)
      .filter({ hasText: `Fall ${participant.number} – Rebwar Berwari` })
      .waitFor();
    const steps = page.getByRole('list', { name: 'Fallstatus' });
    expect(await steps.locator('[aria-current="step"]').textContent()).toBe('1eröffnet(aktueller Stand)');
    expect(await page.getByRole('region', { name: 'Förderfähigkeit' }).textContent()).toContain(
      'Entscheidung: förderfähig',
    );
    await expectNoAxeViolations(page, 'case opened (de)');
    await screenshot(page, 'opened');

    // Assignment: the coaching goes to the demo coach, who works for a provider serving Köln (not the
    // municipality's own staff), chosen from the list of assignable accounts with the keyboard.
    const coaches = (await api(page, 'GET', `/api/v1/cases/${caseId}/assignable-users?role=coach`)).json as {
      items: { id: string; displayName: string; organisationName: string }[];
    };
    const demoCoach = coaches.items.find((item) => item.displayName === 'Demo coach');
    expect(demoCoach?.organisationName).toBe('Demo-Bildungswerk Köln gGmbH');
    await chooseById(page, 'assignment-role', 'Co', 'coach');
    await page.locator('#assignment-user option', { hasText: 'Demo coach – Demo-Bildungswerk Köln gGmbH' }).waitFor({
      state: 'attached',
    });
    await chooseById(page, 'assignment-user', 'Demo c', demoCoach?.id ?? '');
    await pressButton(page, 'Zuordnen');
    await page.getByRole('status').filter({ hasText: 'Demo coach ist jetzt zuständig (Coaching).' }).waitFor();
    const currentAssignments = page.getByRole('table', { name: 'Aktuelle Zuständigkeiten' });
    await expect
      .poll(async () => currentAssignments.getByRole('row', { name: /^Coaching/ }).textContent())
      .toContain('Demo coach');
    await expectNoAxeViolations(page, 'coach assigned (de)');

    // An edit of the intake while someone else changes the case: told, and the current state is loaded.
    await pressButton(page, 'Aufnahme bearbeiten');
    expect((await focusedElement(page))?.id).toBe('intake-intakeOn');
    const current = (await api(page, 'GET', `/api/v1/cases/${caseId}`)).json as { version: number };
    const meanwhile = await api(
      page,
      'PATCH',
      `/api/v1/cases/${caseId}`,
      { intakeNotes: 'Von einer Kollegin ergänzt.' },
      { 'if-match': `"${current.version}"` },
    );
    expect(meanwhile.status).toBe(200);
    await typeIntoId(page, 'intake-intakeNotes', ' Wunsch: Ausbildung im Handwerk.');
    await pressButton(page, 'Speichern');
    await page.getByRole('alert').filter({ hasText: 'Inzwischen geändert' }).waitFor();
    await expectNoAxeViolations(page, 'stale intake edit (de)');
    await pressButton(page, 'Aktuellen Stand laden', { backwards: true });
    await page.getByRole('status').filter({ hasText: 'Der aktuelle Stand wurde geladen.' }).waitFor();
    expect(await page.locator('#intake-intakeNotes').inputValue()).toBe('Von einer Kollegin ergänzt.');
    await pressButton(page, 'Abbrechen');

    // Needs assessment: first without any area (refused, named), then language and housing.
    await openTab(page, 'Bedarfsanalyse');
    await page.locator('#assessment-assessedOn').fill(shift(opened, { days: 7 }));
    await pressButton(page, 'Bedarfsanalyse speichern');
    await page.getByRole('alert').filter({ hasText: 'Bitte erfassen Sie mindestens einen Bereich.' }).waitFor();
    await expectNoAxeViolations(page, 'assessment without areas (de)');
    await tabToId(page, 'assessment-language-include', { backwards: true });
    await page.keyboard.press('Space');
    await chooseById(page, 'assessment-language-germanLevel', 'A2', 'A2');
    await tabToId(page, 'assessment-language-needsSupport');
    await page.keyboard.press('Space');
    await typeIntoId(page, 'assessment-language-notes', 'Möchte einen Berufssprachkurs B1 besuchen.');
    await tabToId(page, 'assessment-housing-include');
    await page.keyboard.press('Space');
    await chooseById(page, 'assessment-housing-accommodation', 'kommunale', 'municipal_shelter');
    await pressButton(page, 'Bedarfsanalyse speichern');
    await page.getByRole('status').filter({ hasText: 'Die Bedarfsanalyse wurde gespeichert.' }).waitFor();
    const assessment = page.getByRole('table', { name: /^Aktuelle Bedarfsanalyse vom/ });
    await assessment.waitFor();
    expect(await assessment.getByRole('row', { name: /^Sprache/ }).textContent()).toBe(
      'SprachejaDeutschkenntnisse (GER-Niveau): A2Möchte einen Berufssprachkurs B1 besuchen.',
    );
    expect(await steps.locator('[aria-current="step"]').textContent()).toBe('2Bedarf erhoben(aktueller Stand)');
    await expectNoAxeViolations(page, 'assessment recorded (de)');
    await screenshot(page, 'assessment');

    // Plan: a goal with a step.
    await openTab(page, 'Förderplan');
    await typeIntoId(page, 'goal-new-title', 'Deutsch auf B1 verbessern');
    await chooseById(page, 'goal-new-area', 'Sp', 'language');
    await pressButton(page, 'Ziel hinzufügen');
    await page.getByRole('status').filter({ hasText: 'Das Ziel wurde hinzugefügt.' }).waitFor();
    const goal = page.getByRole('article', { name: 'Deutsch auf B1 verbessern' });
    await goal.waitFor();
    const stepTitle = await goal.locator('input[id^="step-new-"][id$="-title"]').getAttribute('id');
    const prefix = (stepTitle ?? '').replace(/-title$/, '');
    await typeIntoId(page, `${prefix}-title`, 'Anmeldung zum Berufssprachkurs', { backwards: true });
    await chooseById(page, `${prefix}-ownerUserId`, 'Demo p', me.id);
    await page.locator(`#${prefix}-dueOn`).fill(shift(today(), { days: 14 }));
    await pressButton(page, 'Schritt hinzufügen');
    await page.getByRole('status').filter({ hasText: 'Der Schritt wurde hinzugefügt.' }).waitFor();
    const stepRow = goal.getByRole('row', { name: /^Anmeldung zum Berufssprachkurs/ });
    expect(await stepRow.textContent()).toContain('Demo participation manager');
    await expectNoAxeViolations(page, 'plan with goal and step (de)');
    await screenshot(page, 'plan');

    // Contacts: a coaching session, first without a topic (refused at the field).
    await openTab(page, 'Kontakte');
    await page.locator('#contact-date').fill(shift(opened, { days: 14 }));
    await page.locator('#contact-time').fill('10:30');
    await typeIntoId(page, 'contact-durationMinutes', '45');
    await pressButton(page, 'Kontakt speichern');
    await page.getByRole('alert').filter({ hasText: 'Thema: Bitte füllen Sie dieses Feld aus.' }).waitFor();
    expect(await page.locator('#contact-topic').getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(page, 'contact without topic (de)');
    await typeIntoId(page, 'contact-topic', 'Bewerbungsunterlagen', { backwards: true });
    await pressButton(page, 'Kontakt speichern');
    await page.getByRole('status').filter({ hasText: 'Der Kontakt wurde gespeichert.' }).waitFor();
    const contacts = page.getByRole('table', { name: 'Kontakte, neueste zuerst' });
    expect(await contacts.locator('tbody tr').first().textContent()).toContain(
      'BewerbungsunterlagenCoaching-Sitzung (FB1)',
    );
    await expectNoAxeViolations(page, 'contact recorded (de)');

    // Referral to the Jobcenter, then its outcome: accepted, so the person is in a measure now.
    await openTab(page, 'Vermittlungen');
    await chooseById(page, 'referral-service', 'Job', 'jobcenter');
    await page.locator('#referral-referredOn').fill(shift(opened, { days: 20 }));
    await typeIntoId(page, 'referral-description', 'Einstiegsqualifizierung im Handwerk');
    await pressButton(page, 'Vermittlung speichern');
    await page.getByRole('status').filter({ hasText: 'Die Vermittlung wurde gespeichert.' }).waitFor();
    const recordOutcome = `Ergebnis der Vermittlung an Jobcenter vom ${german(shift(opened, { days: 20 }))}`;
    const recordButton = `Ergebnis erfassen: Vermittlung an Jobcenter vom ${german(shift(opened, { days: 20 }))}`;
    await tabTo(page, (element) => element.tag === 'button' && element.name === recordButton, { maxPresses: 150 });
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: recordOutcome }).waitFor();
    const outcomeSelect = await page.locator('select[id$="-outcome"]').getAttribute('id');
    expect((await focusedElement(page))?.id).toBe(outcomeSelect);
    await page.keyboard.type('zu');
    await expect.poll(() => page.locator(`#${outcomeSelect}`).inputValue()).toBe('accepted');
    await page
      .locator(`#${(outcomeSelect ?? '').replace(/-outcome$/, '-outcomeOn')}`)
      .fill(shift(opened, { days: 30 }));
    await pressButton(page, 'Ergebnis speichern');
    await page.getByRole('status').filter({ hasText: 'Das Ergebnis wurde gespeichert.' }).waitFor();
    const referrals = page.getByRole('table', { name: 'Vermittlungen, neueste zuerst' });
    await expect.poll(async () => referrals.locator('tbody tr').first().textContent()).toContain('zugesagt');
    await expect
      .poll(() => steps.locator('[aria-current="step"]').textContent())
      .toBe('4in Maßnahmen(aktueller Stand)');
    await expectNoAxeViolations(page, 'referral with outcome (de)');
    await screenshot(page, 'referral');

    // A case conference with the Jobcenter.
    await openTab(page, 'Fallkonferenzen');
    await page.locator('#conference-heldOn').fill(shift(opened, { days: 35 }));
    await typeIntoId(page, 'conference-attendees', 'Jobcenter, Coach, Teilhabemanagement');
    await typeIntoId(page, 'conference-agreements', 'Bewerbung für die EQ bis Monatsende.');
    await pressButton(page, 'Fallkonferenz speichern');
    await page.getByRole('status').filter({ hasText: 'Die Fallkonferenz wurde gespeichert.' }).waitFor();
    await page.getByRole('article', { name: `Fallkonferenz vom ${german(shift(opened, { days: 35 }))}` }).waitFor();
    await expectNoAxeViolations(page, 'conference recorded (de)');

    // Exit with an outcome from the taxonomy, confirmed; the follow-up falls due six months later.
    await openTab(page, 'Abschluss');
    await page.locator('#exit-date').fill(exited);
    await chooseById(page, 'exit-outcome', 'Ausbildung (d', 'training_dual');
    await pressButton(page, 'Fall abschließen');
    const confirmation = page.getByRole('alertdialog', { name: 'Fall wirklich abschließen?' });
    await confirmation.waitFor();
    await expectNoAxeViolations(page, 'exit confirmation (de)');
    await pressButton(page, 'Ja, Fall abschließen');
    await page
      .getByRole('status')
      .filter({ hasText: `Der Fall wurde abgeschlossen. Die Nachbetreuung ist am ${german(followUpDue)} fällig.` })
      .waitFor();
    await expect
      .poll(() => steps.locator('[aria-current="step"]').textContent())
      .toBe('5abgeschlossen(aktueller Stand)');
    expect(await page.getByRole('region', { name: 'Hinweise' }).textContent()).toContain(
      `Nachbetreuung fällig am ${german(followUpDue)}`,
    );
    await expectNoAxeViolations(page, 'case exited (de)');
    await screenshot(page, 'exited');

    // Documents are still accepted after the exit: the signed training contract (the file comes from the
    // operating system's file dialog, which a test cannot drive by keyboard).
    await openTab(page, 'Dokumente');
    await typeIntoId(page, 'document-title', 'Ausbildungsvertrag');
    await chooseById(page, 'document-kind', 'Sch', 'letter');
    await page.locator('#document-file').setInputFiles({
      name: 'ausbildungsvertrag.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n% Ausbildungsvertrag\n%%EOF\n'),
    });
    await pressButton(page, 'Hochladen');
    await page
      .getByRole('status')
      .filter({ hasText: 'Das Dokument „Ausbildungsvertrag“ wurde hochgeladen.' })
      .waitFor();
    const download = page.getByRole('link', { name: '„Ausbildungsvertrag“ herunterladen' });
    const content = await page.evaluate(
      async (href) => (await fetch(href)).text(),
      (await download.getAttribute('href')) ?? '',
    );
    expect(content).toContain('% Ausbildungsvertrag');
    await expectNoAxeViolations(page, 'document uploaded after the exit (de)');

    // The caseload shows the follow-up as due: filtered by that warning, by keyboard.
    await followLink(page, 'Meine Fälle', { backwards: true });
    await page.waitForURL(`${baseUrl}/caseload`);
    await pageTitle(page).filter({ hasText: 'Meine Fälle' }).waitFor();
    const dueFilter = page.getByRole('checkbox', { name: 'Nachbetreuung fällig', exact: true });
    await tabToId(page, (await dueFilter.getAttribute('id')) ?? '');
    await page.keyboard.press('Space');
    await pressButton(page, 'Anzeigen');
    await page.waitForURL(/warning=/);
    const table = page.getByRole('table', { name: 'Fälle nach gewählten Filtern' });
    const row = table.getByRole('row', { name: new RegExp(`^${participant.number}`) });
    await row.waitFor();
    expect(await row.textContent()).toContain('Nachbetreuung fällig');
    expect(await row.textContent()).toContain(`fällig, am ${german(followUpDue)}`);
    await expectNoAxeViolations(page, 'caseload filtered by follow-up due (de)');
    await screenshot(page, 'caseload');

    // From the caseload back to the case, and the follow-up recorded: the case has run its course.
    await followLink(page, `${participant.number} – Berwari, Rebwar`, { backwards: true });
    await page.waitForURL(`${baseUrl}/cases/${caseId}`);
    await pageTitle(page)
      .filter({ hasText: `Fall ${participant.number}` })
      .waitFor();
    await openTab(page, 'Abschluss');
    await chooseById(page, 'follow-up-outcome', 'Ausbildung (d', 'training_dual');
    await typeIntoId(page, 'follow-up-notes', 'Im zweiten Ausbildungsjahr, Betrieb zufrieden.');
    await pressButton(page, 'Nachbetreuung speichern');
    await page.getByRole('status').filter({ hasText: 'Die Nachbetreuung wurde gespeichert.' }).waitFor();
    await expect.poll(() => steps.locator('[aria-current="step"]').textContent()).toBe('6nachbetreut(aktueller Stand)');
    expect(await page.getByRole('region', { name: 'Nachbetreuung' }).textContent()).toContain('(erledigt)');
    await expectNoAxeViolations(page, 'case followed up (de)');
    await screenshot(page, 'followed-up');

    // The same in English: the caseload, now with the case among the followed-up ones (newest first).
    await followLink(page, 'Meine Fälle', { backwards: true });
    await page.waitForURL(`${baseUrl}/caseload`);
    await switchLanguage(page, 'English');
    await pageTitle(page).filter({ hasText: 'My caseload' }).waitFor();
    await tabToId(page, (await page.getByRole('checkbox', { name: 'followed up' }).getAttribute('id')) ?? '');
    await page.keyboard.press('Space');
    await chooseById(page, 'caseload-sort', 'Opened (n', '-openedOn');
    await pressButton(page, 'Show');
    await page.waitForURL(/openedOn/);
    const englishRow = page
      .getByRole('table', { name: 'Cases matching the chosen filters' })
      .getByRole('row', { name: new RegExp(`^${participant.number}`) });
    expect(await englishRow.textContent()).toContain('followed up');
    await expectNoAxeViolations(page, 'caseload (en)');
    await page.goto(`${baseUrl}/cases/${caseId}?section=exit`);
    await pageTitle(page)
      .filter({ hasText: `Case ${participant.number} – Rebwar Berwari` })
      .waitFor();
    await page.getByRole('heading', { level: 3, name: 'Follow-up' }).waitFor();
    expect(await page.getByRole('region', { name: 'Follow-up' }).textContent()).toContain('(done)');
    await expectNoAxeViolations(page, 'exited case (en)');
    for (const tab of ['plan', 'contacts', 'referrals', 'assessment', 'documents', 'conferences']) {
      await page.goto(`${baseUrl}/cases/${caseId}?section=${tab}`);
      await page.getByRole('tab', { selected: true }).waitFor();
      await page.locator('[role="tabpanel"] h2').waitFor();
      await expectNoAxeViolations(page, `case ${tab} (en)`);
    }

    expect(unexpected(errors, [/HTTP 412 for .*\/api\/v1\/cases\//])).toEqual([]);
    await context.close();
  }, 240_000);

  it('lets the municipal administrator set eligibility rules and deletion periods', async () => {
    const { context, page, errors } = await openPage(browser);
    await signIn(page, baseUrl, DEMO_ADMIN, '/admin');
    await page.getByRole('list', { name: 'Bereiche der Verwaltung' }).waitFor();
    await followLink(page, 'Kommunale Einstellungen');
    await page.waitForURL(`${baseUrl}/admin/policy`);
    await page.getByRole('heading', { level: 2, name: 'Förderfähigkeit' }).waitFor();
    await page.getByRole('table', { name: 'Löschklassen' }).waitFor();
    await expectNoAxeViolations(page, 'policy (de)');

    // Own rules: people under temporary protection (§ 24, as Köln from 2022) are admitted too.
    const own = page.getByRole('radio', { name: 'Eigene Regeln der Kommune' });
    await tabToId(page, (await page.getByRole('radio', { name: 'Programmregeln verwenden' }).getAttribute('id')) ?? '');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => own.isChecked()).toBe(true);
    const protection = page.getByRole('checkbox', { name: 'Vorübergehender Schutz (§ 24 AufenthG)' });
    await tabToId(page, (await protection.getAttribute('id')) ?? '');
    await page.keyboard.press('Space');
    await pressButton(page, 'Förderfähigkeit speichern');
    await page.getByRole('status').filter({ hasText: 'Die Einstellungen wurden gespeichert.' }).waitFor();
    const rules = page.getByRole('region', { name: 'Förderfähigkeit' });
    await expect
      .poll(() => rules.textContent())
      .toContain('Vorübergehender Schutz (§ 24 AufenthG) (weicht von der Programmregel ab)');
    await expectNoAxeViolations(page, 'eligibility saved (de)');

    // Deletion periods: case data below the minimum is refused at the field, then set to 72 months.
    await tabToId(page, 'retention-caseData-period');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('3');
    await pressButton(page, 'Löschfristen speichern');
    await page
      .getByRole('alert')
      .filter({ hasText: 'Die Frist für „Falldaten“ muss mindestens 6 Monate betragen.' })
      .waitFor();
    await expectNoAxeViolations(page, 'retention period too short (de)');
    await tabToId(page, 'retention-caseData-period', { backwards: true });
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('72');
    await pressButton(page, 'Löschfristen speichern');
    await page.getByRole('region', { name: 'Löschfristen' }).getByRole('status').waitFor();
    const saved = (await api(page, 'GET', '/api/v1/municipality-policy/retention')).json as {
      caseData: { periodMonths: number; isDefault: boolean };
    };
    expect(saved.caseData).toMatchObject({ periodMonths: 72, isDefault: false });

    await switchLanguage(page, 'English');
    await pageTitle(page).filter({ hasText: 'Municipal settings' }).waitFor();
    await expectNoAxeViolations(page, 'policy (en)');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows participation managers the policy without a way to change it', async () => {
    const { context, page, errors } = await openPage(browser);
    await signIn(page, baseUrl, DEMO_MANAGER, '/admin/policy');
    await page.getByText('Sie können die Einstellungen lesen. Ändern kann sie die kommunale Administration.').waitFor();
    await page.getByRole('table', { name: 'Löschklassen' }).waitFor();
    expect(await page.getByRole('button', { name: 'Förderfähigkeit speichern' }).count()).toBe(0);
    expect(await page.getByRole('textbox').count()).toBe(0);
    await expectNoAxeViolations(page, 'policy read-only (de)');
    expect(errors).toEqual([]);
    await context.close();
  });
});
